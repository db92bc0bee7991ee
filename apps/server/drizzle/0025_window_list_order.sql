-- Issue 6: the window's list (GET /api/window/applications: 绿色通道 first, then the oldest submitted) read in its
-- order. It sorted every application of the window's region in the listed states for each page: a city's 13,284 at 1M
-- projects, 290 ms (the province's 100,000, 400 ms). Over the listed states only (window.service.ts INBOX_STATUSES;
-- the completed ones are 95 % of the table), walked with the region applied on the way: a city 2 ms, a county's
-- accepted applications 9 ms. The list names its states as literals so that a generic plan can use the index too.
CREATE INDEX "stage_applications_window_order_idx" ON "stage_applications" USING btree ("priority" DESC NULLS FIRST,"submitted_at","id") WHERE "stage_applications"."status" IN ('submitted', 'correctionRequested', 'accepted', 'rejected');
