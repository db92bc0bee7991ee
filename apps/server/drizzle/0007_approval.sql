CREATE TABLE "application_materials" (
	"application_id" uuid NOT NULL,
	"material_code" text NOT NULL,
	"provision" text NOT NULL,
	"status" text NOT NULL,
	"project_material_id" uuid,
	"licence_id" uuid,
	"commitment_text" text,
	"committed_at" timestamp with time zone,
	"committed_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_materials_application_id_material_code_pk" PRIMARY KEY("application_id","material_code")
);
--> statement-breakpoint
CREATE TABLE "case_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_step" text,
	"to_step" text,
	"opinion" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" uuid,
	"actor_department_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_clock_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"working_days" integer,
	"reason" text NOT NULL,
	"legal_basis" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"to_department_id" uuid NOT NULL,
	"question" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"reply" text,
	"replied_by" uuid,
	"replied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_signatures" (
	"case_id" uuid NOT NULL,
	"step_code" text NOT NULL,
	"department_kind" text NOT NULL,
	"signed_by" uuid NOT NULL,
	"opinion" text,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_signatures_case_id_step_code_department_kind_pk" PRIMARY KEY("case_id","step_code","department_kind")
);
--> statement-breakpoint
CREATE TABLE "case_special_procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"expected_working_days" integer NOT NULL,
	"started_on" date NOT NULL,
	"started_by" uuid NOT NULL,
	"ended_on" date,
	"result" text
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_number" text NOT NULL,
	"application_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"matter_code" text NOT NULL,
	"matter_name" text NOT NULL,
	"department_kind" text NOT NULL,
	"department_id" uuid NOT NULL,
	"status" text NOT NULL,
	"current_step" text NOT NULL,
	"steps" jsonb NOT NULL,
	"depends_on" text[] DEFAULT '{}'::text[] NOT NULL,
	"assignee_id" uuid,
	"limit_working_days" integer NOT NULL,
	"max_extension_working_days" integer NOT NULL,
	"deadline" date,
	"clock_running" boolean DEFAULT true NOT NULL,
	"clock_level" text DEFAULT 'normal' NOT NULL,
	"decision" text,
	"decision_opinion" text,
	"decided_at" timestamp with time zone,
	"decided_on" date,
	"decided_by" uuid,
	"decided_on_commitment" boolean DEFAULT false NOT NULL,
	"urge_count" integer DEFAULT 0 NOT NULL,
	"last_urged_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "correction_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"items" jsonb NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_on" date NOT NULL,
	"supplemented_at" timestamp with time zone,
	"supplemented_on" date
);
--> statement-breakpoint
CREATE TABLE "credit_grades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"scheme" text NOT NULL,
	"grade" text NOT NULL,
	"source" text NOT NULL,
	"valid_until" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"case_id" uuid,
	"project_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"licence_type" text NOT NULL,
	"canonical" text NOT NULL,
	"signature" text NOT NULL,
	"public_key" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date,
	"extensions_used" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_on" date,
	"revoked_reason" text,
	"revoked_by" uuid
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notification_outbox_attempts" CHECK ("notification_outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text NOT NULL,
	"body" text NOT NULL,
	"body_en" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_materials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"material_code" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"source" text DEFAULT 'applicant' NOT NULL,
	"for_matter_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"application_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL,
	"valid_until" date,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stage_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"stage_code" text NOT NULL,
	"catalogue_version" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"facts" text[] DEFAULT '{}'::text[] NOT NULL,
	"form_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"matter_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"region_code" text NOT NULL,
	"acceptance_mode" text,
	"priority" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_on" date,
	"correction_due_on" date,
	"accepted_at" timestamp with time zone,
	"accepted_on" date,
	"deemed_accepted" boolean DEFAULT false NOT NULL,
	"accepted_by" uuid,
	"receipt_number" text,
	"rejected_at" timestamp with time zone,
	"rejection_reason" text,
	"rejected_by" uuid,
	"tolerance_due_on" date,
	"completed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"sm3" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"media_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"case_id" uuid,
	"material_code" text NOT NULL,
	"method" text DEFAULT 'document' NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"checked_by" uuid,
	"checked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "application_materials" ADD CONSTRAINT "application_materials_application_id_stage_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."stage_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_materials" ADD CONSTRAINT "application_materials_project_material_id_project_materials_id_fk" FOREIGN KEY ("project_material_id") REFERENCES "public"."project_materials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_materials" ADD CONSTRAINT "application_materials_committed_by_users_id_fk" FOREIGN KEY ("committed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_actor_department_id_departments_id_fk" FOREIGN KEY ("actor_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_clock_entries" ADD CONSTRAINT "case_clock_entries_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_clock_entries" ADD CONSTRAINT "case_clock_entries_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_consultations" ADD CONSTRAINT "case_consultations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_consultations" ADD CONSTRAINT "case_consultations_to_department_id_departments_id_fk" FOREIGN KEY ("to_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_consultations" ADD CONSTRAINT "case_consultations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_consultations" ADD CONSTRAINT "case_consultations_replied_by_users_id_fk" FOREIGN KEY ("replied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_signatures" ADD CONSTRAINT "case_signatures_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_signatures" ADD CONSTRAINT "case_signatures_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_special_procedures" ADD CONSTRAINT "case_special_procedures_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_special_procedures" ADD CONSTRAINT "case_special_procedures_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_application_id_stage_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."stage_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_notices" ADD CONSTRAINT "correction_notices_application_id_stage_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."stage_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_notices" ADD CONSTRAINT "correction_notices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_grades" ADD CONSTRAINT "credit_grades_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_grades" ADD CONSTRAINT "credit_grades_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_materials" ADD CONSTRAINT "project_materials_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_materials" ADD CONSTRAINT "project_materials_file_sha256_stored_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."stored_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_materials" ADD CONSTRAINT "project_materials_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_applications" ADD CONSTRAINT "stage_applications_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_applications" ADD CONSTRAINT "stage_applications_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_applications" ADD CONSTRAINT "stage_applications_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_applications" ADD CONSTRAINT "stage_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_tasks" ADD CONSTRAINT "verification_tasks_application_id_stage_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."stage_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_tasks" ADD CONSTRAINT "verification_tasks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_tasks" ADD CONSTRAINT "verification_tasks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_actions_case_idx" ON "case_actions" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_clock_entries_seq_uq" ON "case_clock_entries" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "case_consultations_case_idx" ON "case_consultations" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_consultations_to_idx" ON "case_consultations" USING btree ("to_department_id","replied_at");--> statement-breakpoint
CREATE INDEX "case_special_procedures_case_idx" ON "case_special_procedures" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_special_procedures_open_uq" ON "case_special_procedures" USING btree ("case_id") WHERE "case_special_procedures"."ended_on" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "cases_application_matter_uq" ON "cases" USING btree ("application_id","matter_code");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_uq" ON "cases" USING btree ("case_number");--> statement-breakpoint
CREATE INDEX "cases_inbox_idx" ON "cases" USING btree ("department_id","status","current_step","deadline");--> statement-breakpoint
CREATE INDEX "cases_project_idx" ON "cases" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "cases_open_deadline_idx" ON "cases" USING btree ("deadline") WHERE "cases"."status" IN ('pending', 'inProgress', 'suspended');--> statement-breakpoint
CREATE INDEX "correction_notices_application_idx" ON "correction_notices" USING btree ("application_id","issued_at");--> statement-breakpoint
CREATE INDEX "credit_grades_enterprise_idx" ON "credit_grades" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "licences_number_uq" ON "licences" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "licences_case_uq" ON "licences" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "licences_project_idx" ON "licences" USING btree ("project_id","licence_type");--> statement-breakpoint
CREATE INDEX "notification_outbox_pending_idx" ON "notification_outbox" USING btree ("created_at") WHERE "notification_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "project_materials_project_idx" ON "project_materials" USING btree ("project_id","material_code");--> statement-breakpoint
CREATE UNIQUE INDEX "project_materials_current_uq" ON "project_materials" USING btree ("project_id","material_code") WHERE "project_materials"."superseded_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "stage_applications_live_uq" ON "stage_applications" USING btree ("project_id","stage_code") WHERE "stage_applications"."status" NOT IN ('rejected', 'withdrawn');--> statement-breakpoint
CREATE UNIQUE INDEX "stage_applications_receipt_uq" ON "stage_applications" USING btree ("receipt_number");--> statement-breakpoint
CREATE INDEX "stage_applications_inbox_idx" ON "stage_applications" USING btree ("status","region_code","priority","submitted_at");--> statement-breakpoint
CREATE INDEX "stage_applications_project_idx" ON "stage_applications" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "stage_applications_correction_due_idx" ON "stage_applications" USING btree ("correction_due_on") WHERE "stage_applications"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "verification_tasks_open_idx" ON "verification_tasks" USING btree ("status","due_on");