-- Issue 6: 公示 of one region reads its filed projects newest first off this index; a region subtree merges its
-- regions' (projects.repository.ts findPublicFilings). Walking projects_public_filed_idx and testing the region passed
-- every other region's newer filings first (842 ms at 1M for a county whose filings were older than the others').
CREATE INDEX "projects_public_region_filed_idx" ON "projects" USING btree ("region_code","filed_at" DESC NULLS FIRST,"id") WHERE "projects"."status" = 'filed';