-- Issue 6: 我的项目 (GET /api/projects) read every project of its owner and sorted them for each page, then counted them
-- all: 2.5 s at 1M projects for the bench's applicant, who registered all of them. An owner's projects are now read
-- most recently changed first off these two indexes, one walk per enterprise and one for the account's own projects
-- elsewhere, merged and stopped after the page (projects.repository.ts ownProjectsPageQuery): 22 ms for that request.
-- They replace the plain enterprise_id and created_by indexes, whose other uses they serve with the same leading
-- column, so a project insert still writes 15 indexes. updated_at is now a key: an update that changes only
-- unindexed columns and updated_at is no longer a HOT update (every project update sets updated_at; most also change
-- the status, already indexed).
DROP INDEX "projects_enterprise_idx";--> statement-breakpoint
DROP INDEX "projects_created_by_idx";--> statement-breakpoint
CREATE INDEX "projects_owner_enterprise_idx" ON "projects" USING btree ("enterprise_id","updated_at" DESC NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "projects_owner_creator_idx" ON "projects" USING btree ("created_by","updated_at" DESC NULLS FIRST,"id");