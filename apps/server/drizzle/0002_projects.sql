CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"legal_representative" text NOT NULL,
	"region_code" text NOT NULL,
	"address" text,
	"contact_name" text NOT NULL,
	"contact_phone_encrypted" text NOT NULL,
	"contact_phone_index" text NOT NULL,
	"contact_id_number_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"issuer" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"voided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"name" text NOT NULL,
	"region_code" text,
	"address" text,
	"scale_and_content" text,
	"total_investment" numeric(14, 2),
	"fund_sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"planned_start" date,
	"planned_end" date,
	"industry_code" text,
	"project_type" text,
	"investment_nature" text,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"industrial_policy_statement" boolean DEFAULT false NOT NULL,
	"procedure" text,
	"procedure_reason" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"code" text,
	"coded_at" timestamp with time zone,
	"filed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_total_investment_positive" CHECK ("projects"."total_investment" IS NULL OR "projects"."total_investment" > 0),
	CONSTRAINT "projects_planned_dates_ordered" CHECK ("projects"."planned_start" IS NULL OR "projects"."planned_end" IS NULL OR "projects"."planned_end" >= "projects"."planned_start"),
	CONSTRAINT "projects_code_when_coded" CHECK (("projects"."status" = 'draft') = ("projects"."code" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "ratification_catalogue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"industry_prefix" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratification_catalogue_industry_prefix_unique" UNIQUE("industry_prefix")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "enterprise_id" uuid;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_codes" ADD CONSTRAINT "project_codes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_credit_code_uq" ON "enterprises" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_contact_phone_index_idx" ON "enterprises" USING btree ("contact_phone_index");--> statement-breakpoint
CREATE INDEX "enterprises_region_idx" ON "enterprises" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "project_codes_project_idx" ON "project_codes" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_code_uq" ON "projects" USING btree ("code");--> statement-breakpoint
CREATE INDEX "projects_enterprise_idx" ON "projects" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "projects_created_by_idx" ON "projects" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "projects_region_idx" ON "projects" USING btree ("region_code");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_enterprise_idx" ON "users" USING btree ("enterprise_id");