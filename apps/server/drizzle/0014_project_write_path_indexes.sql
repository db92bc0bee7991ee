-- Issue 6, write path: every index on projects is paid on each insert and on the 赋码 update (not HOT). Dropped: the
-- region index (the partial projects_search_region_created_idx serves region filters), the pg_trgm name index (the
-- bigram index serves every q, with an ILIKE recheck), the 3-valued procedure index and the plain investment index,
-- replaced by a partial one that also serves "largest investment first" without a sort.
DROP INDEX "projects_region_idx";--> statement-breakpoint
DROP INDEX "projects_name_trgm_idx";--> statement-breakpoint
DROP INDEX "projects_total_investment_idx";--> statement-breakpoint
DROP INDEX "projects_procedure_idx";--> statement-breakpoint
CREATE INDEX "projects_search_investment_idx" ON "projects" USING btree ("total_investment" DESC NULLS LAST,"id") WHERE "projects"."status" <> 'draft';