-- Extensions used by later modules (Chinese substring search on names). PGlite loads them from its bundle.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- 等保 2.0 §8.1.4.3 c: audit records are protected against unexpected modification or deletion. The application never
-- updates or deletes them; this trigger makes that a database rule, so tampering needs a superuser disabling it, and the
-- SM3 chain then shows the tamper.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
