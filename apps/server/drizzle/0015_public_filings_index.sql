-- Issue 6: the public 公示 list walks filed projects newest first and stops after the page; the plain filed_at index
-- it replaces also held every non-filed project (NULL filed_at).
DROP INDEX "projects_filed_at_idx";--> statement-breakpoint
CREATE INDEX "projects_public_filed_idx" ON "projects" USING btree ("filed_at" DESC NULLS FIRST,"id") WHERE "projects"."status" = 'filed';