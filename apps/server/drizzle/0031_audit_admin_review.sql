-- 三员 mutual oversight (security-notes §1.2; 等保 8.1.5): the security admin reviews the audit admins' own actions
-- (GET /api/security/audit-admin-events), newest first. A partial index of the three admins' rows only: a few among
-- millions, and no entry — so no cost — for a business write.
CREATE INDEX "audit_events_admin_idx" ON "audit_events" USING btree ("actor_role","id" DESC NULLS FIRST) WHERE "audit_events"."actor_role" IN ('sysAdmin', 'secAdmin', 'auditAdmin');