-- Issue 6: the supervisor's warnings (GET /api/supervision/cases: open cases of a yellow or red level in a region
-- subtree). Its total counted every such case through the cases table: 512 ms for the province at 5M cases (43,267
-- warnings). This index serves the count by an index-only scan, the departments joined for the region (11 ms).
CREATE INDEX "cases_open_level_department_idx" ON "cases" USING btree ("clock_level","department_id") WHERE "cases"."status" IN ('pending', 'inProgress', 'suspended');--> statement-breakpoint
-- The planner took status and level as independent and expected 1,308 yellow or red open cases where there were
-- 43,267; with the index above it then read the page off it and sorted (52 → 215 ms). The most common combinations
-- of the two columns put its estimate right (44,204), and the page stays on cases_open_deadline_idx. Not declared in
-- the drizzle schema, which has no statistics objects.
CREATE STATISTICS "cases_status_level_stats" (mcv) ON "status", "clock_level" FROM "cases";--> statement-breakpoint
-- Statistics are gathered by ANALYZE only; autovacuum's next one may be far off on a large table (a sample: ~1 s).
ANALYZE "cases";
