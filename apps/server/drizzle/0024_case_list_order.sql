-- Issue 6: two case lists (GET /api/cases) read in their order instead of sorted for every page. At 5M cases:
-- - a department's 已办结 (view=done), the newest decisions first: its busiest department sorted 70,967 decided cases
--   (280 ms in psql); off cases_department_decided_idx, 2 ms;
-- - a supervisor's region, by deadline then case number: a city sorted 665,000 cases (4.8 s), a county 0.9 s; walked
--   off cases_deadline_idx with the departments and regions joined, a city 2 ms, a county 48 ms.
-- Each takes ~5 s to build at 5M cases, during which writes to cases wait.
CREATE INDEX "cases_department_decided_idx" ON "cases" USING btree ("department_id","decided_at" DESC NULLS LAST,"case_number");--> statement-breakpoint
CREATE INDEX "cases_deadline_idx" ON "cases" USING btree ("deadline","case_number");
