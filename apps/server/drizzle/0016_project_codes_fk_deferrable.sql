-- Issue 6: register + 赋码 in one request inserts the project already coded. Its code is drawn first (into
-- project_codes, whose ON CONFLICT DO NOTHING is what makes a code unique forever) for the project id it is about to
-- insert, so the project_codes → projects reference is checked at commit instead of at once. drizzle's schema cannot
-- state DEFERRABLE; this migration is its only record.
ALTER TABLE "project_codes" ALTER CONSTRAINT "project_codes_project_id_projects_id_fk" DEFERRABLE INITIALLY DEFERRED;
