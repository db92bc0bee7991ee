CREATE TABLE "enterprise_agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"agent_user_id" uuid NOT NULL,
	"authorised_by" uuid NOT NULL,
	"authorised_at" timestamp with time zone NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "projects" DROP CONSTRAINT "projects_code_when_coded";--> statement-breakpoint
ALTER TABLE "enterprise_agents" ADD CONSTRAINT "enterprise_agents_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_agents" ADD CONSTRAINT "enterprise_agents_agent_user_id_users_id_fk" FOREIGN KEY ("agent_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_agents" ADD CONSTRAINT "enterprise_agents_authorised_by_users_id_fk" FOREIGN KEY ("authorised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_agents" ADD CONSTRAINT "enterprise_agents_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_changes" ADD CONSTRAINT "project_changes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_changes" ADD CONSTRAINT "project_changes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_changes" ADD CONSTRAINT "project_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_agents_live_uq" ON "enterprise_agents" USING btree ("enterprise_id","agent_user_id") WHERE "enterprise_agents"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "enterprise_agents_agent_idx" ON "enterprise_agents" USING btree ("agent_user_id");--> statement-breakpoint
CREATE INDEX "project_changes_project_idx" ON "project_changes" USING btree ("project_id","requested_at");--> statement-breakpoint
CREATE INDEX "project_changes_pending_idx" ON "project_changes" USING btree ("status") WHERE "project_changes"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "projects_name_trgm_idx" ON "projects" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "projects_code_prefix_idx" ON "projects" USING btree ("code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "projects_industry_prefix_idx" ON "projects" USING btree ("industry_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "projects_flags_gin_idx" ON "projects" USING gin ("flags");--> statement-breakpoint
CREATE INDEX "projects_status_created_idx" ON "projects" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "projects_total_investment_idx" ON "projects" USING btree ("total_investment");--> statement-breakpoint
CREATE INDEX "projects_procedure_idx" ON "projects" USING btree ("procedure");--> statement-breakpoint
CREATE INDEX "projects_filed_at_idx" ON "projects" USING btree ("filed_at");--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_code_when_coded" CHECK ("projects"."status" = 'voided' OR ("projects"."status" = 'draft') = ("projects"."code" IS NULL));