-- 事中事后监管 (DOMAIN.md §7; 条例673 art.16, 条例712 art.27): the project unit's 开工 / 进度 / 停工 / 复工 / 竣工 reports,
-- never updated, their site photos, the supervisors' checks (核查), one summary row per started project that the
-- supervisor's 建设监管 list and the reminder sweep read, and the 核准 validity reminders (条例673 art.12) with the
-- small partial index of expiring decisions they are found by.
CREATE TABLE "construction_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"inspected_on" date NOT NULL,
	"method" text NOT NULL,
	"result" text NOT NULL,
	"opinion" text NOT NULL,
	"rectification_due" date,
	"inspector_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "construction_inspections_rectification_when_issues" CHECK ("construction_inspections"."rectification_due" IS NULL OR "construction_inspections"."result" = 'issuesFound')
);
--> statement-breakpoint
CREATE TABLE "construction_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"report_id" uuid,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "construction_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"period_start" date,
	"period_end" date,
	"percent_complete" integer,
	"investment_to_date" numeric(14, 2),
	"description" text NOT NULL,
	"findings" text[] DEFAULT '{}'::text[] NOT NULL,
	"reported_by" uuid NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "construction_reports_percent_range" CHECK ("construction_reports"."percent_complete" IS NULL OR "construction_reports"."percent_complete" BETWEEN 0 AND 100),
	CONSTRAINT "construction_reports_period_when_progress" CHECK (("construction_reports"."kind" = 'progress') = ("construction_reports"."period_start" IS NOT NULL AND "construction_reports"."period_end" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "decision_expiry_reminders" (
	"licence_id" uuid NOT NULL,
	"valid_until" date NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "decision_expiry_reminders_licence_id_valid_until_pk" PRIMARY KEY("licence_id","valid_until")
);
--> statement-breakpoint
CREATE TABLE "project_construction" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"started_on" date NOT NULL,
	"completed_on" date,
	"last_progress_period_end" date,
	"percent_complete" integer,
	"investment_to_date" numeric(14, 2),
	"findings" text[] DEFAULT '{}'::text[] NOT NULL,
	"reminded_period_end" date,
	"overdue_notified_period_end" date,
	"last_inspected_on" date,
	"last_inspection_result" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "construction_inspections" ADD CONSTRAINT "construction_inspections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_inspections" ADD CONSTRAINT "construction_inspections_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_photos" ADD CONSTRAINT "construction_photos_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_photos" ADD CONSTRAINT "construction_photos_report_id_construction_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."construction_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_photos" ADD CONSTRAINT "construction_photos_file_sha256_stored_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_photos" ADD CONSTRAINT "construction_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_reports" ADD CONSTRAINT "construction_reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_reports" ADD CONSTRAINT "construction_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_expiry_reminders" ADD CONSTRAINT "decision_expiry_reminders_licence_id_licences_id_fk" FOREIGN KEY ("licence_id") REFERENCES "public"."licences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_construction" ADD CONSTRAINT "project_construction_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "construction_inspections_project_idx" ON "construction_inspections" USING btree ("project_id","inspected_on");--> statement-breakpoint
CREATE INDEX "construction_photos_project_idx" ON "construction_photos" USING btree ("project_id","report_id");--> statement-breakpoint
CREATE INDEX "construction_reports_project_idx" ON "construction_reports" USING btree ("project_id","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "construction_reports_once_uq" ON "construction_reports" USING btree ("project_id","kind") WHERE "construction_reports"."kind" IN ('start', 'completion');--> statement-breakpoint
CREATE UNIQUE INDEX "construction_reports_period_uq" ON "construction_reports" USING btree ("project_id","period_end") WHERE "construction_reports"."kind" = 'progress';--> statement-breakpoint
CREATE INDEX "project_construction_region_idx" ON "project_construction" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "project_construction_updated_idx" ON "project_construction" USING btree ("updated_at" DESC NULLS FIRST,"project_id");--> statement-breakpoint
CREATE INDEX "licences_decision_expiry_idx" ON "licences" USING btree ("valid_until") WHERE "licences"."licence_type" = 'projectDecision' AND "licences"."revoked_at" IS NULL AND "licences"."valid_until" IS NOT NULL;