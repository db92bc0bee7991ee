-- Issue 6: the case lists (GET /api/cases) in their order — deadline, then case number — read off an index instead of
-- sorted. At 5M cases a department's 全部办件 / 已办结 page sorted its 72,000 cases (280–440 ms); a supervisor's list of
-- a city sorted 665,000 (4.8 s), of a county 0.9 s. The first index serves a department's lists (2–5 ms); the second
-- a supervisor's region subtree, walked by deadline with the departments joined for the region (a city 2 ms, a county
-- 48 ms). Each takes ~5 s to build at 5M cases, during which writes to cases wait.
CREATE INDEX "cases_department_deadline_idx" ON "cases" USING btree ("department_id","deadline","case_number");--> statement-breakpoint
CREATE INDEX "cases_deadline_idx" ON "cases" USING btree ("deadline","case_number");
