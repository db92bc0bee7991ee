-- 政府投资年度计划 (PRODUCT 9; 条例712 ch.4): a region's annual plan, its lines (a government-investment project and a fund
-- source, with the planned amount and the approved 概算), and the payments recorded against each line.
CREATE TABLE "investment_disbursements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"note" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "investment_disbursements_amount" CHECK ("investment_disbursements"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "investment_plan_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"fund_source" text NOT NULL,
	"planned_amount" numeric(14, 2) NOT NULL,
	"approved_budget" numeric(14, 2),
	"note" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "investment_plan_items_amount" CHECK ("investment_plan_items"."planned_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "investment_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "investment_disbursements" ADD CONSTRAINT "investment_disbursements_item_id_investment_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."investment_plan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_disbursements" ADD CONSTRAINT "investment_disbursements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_plan_items" ADD CONSTRAINT "investment_plan_items_plan_id_investment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."investment_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_plan_items" ADD CONSTRAINT "investment_plan_items_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_plans" ADD CONSTRAINT "investment_plans_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investment_plans" ADD CONSTRAINT "investment_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "investment_disbursements_item_idx" ON "investment_disbursements" USING btree ("item_id","paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "investment_plan_items_line_uq" ON "investment_plan_items" USING btree ("plan_id","project_id","fund_source");--> statement-breakpoint
CREATE INDEX "investment_plan_items_project_idx" ON "investment_plan_items" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "investment_plans_region_year_uq" ON "investment_plans" USING btree ("region_code","year");