-- Issue 6: the window's list walks stage_applications_window_order_idx (migration 0025) and tests each application's
-- region on the way. The region was not in the index, so every application passed was a visit to the table: page 50
-- of a city (温州市 at 1M projects) passes 7,707. With the region as the last key the walk is an index-only scan (the
-- order is unchanged: id is unique). Together with the page's rows joined after the page is chosen
-- (applications.repository.ts inboxPageQuery), page 50 went from 24 ms (200 ms under the generic plan PostgreSQL
-- switched to after five runs) to 3 ms in psql.
DROP INDEX "stage_applications_window_order_idx";--> statement-breakpoint
CREATE INDEX "stage_applications_window_order_idx" ON "stage_applications" USING btree ("priority" DESC NULLS FIRST,"submitted_at","id","region_code") WHERE "stage_applications"."status" IN ('submitted', 'correctionRequested', 'accepted', 'rejected');