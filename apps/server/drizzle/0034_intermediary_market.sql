-- 中介超市 (PRODUCT 12): the agencies' services, and the engagements of a service for a project with their evaluation.
CREATE TABLE "intermediary_engagements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"agency_user_id" uuid NOT NULL,
	"note" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"agency_note" text,
	"rating" integer,
	"review" text,
	"rated_at" timestamp with time zone,
	CONSTRAINT "intermediary_engagements_rating" CHECK ("intermediary_engagements"."rating" IS NULL OR "intermediary_engagements"."rating" BETWEEN 1 AND 5),
	CONSTRAINT "intermediary_engagements_rated_when_completed" CHECK ("intermediary_engagements"."rating" IS NULL OR "intermediary_engagements"."status" = 'completed')
);
--> statement-breakpoint
CREATE TABLE "intermediary_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_user_id" uuid NOT NULL,
	"service_type" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"price_text" text NOT NULL,
	"promised_days" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "intermediary_engagements" ADD CONSTRAINT "intermediary_engagements_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intermediary_engagements" ADD CONSTRAINT "intermediary_engagements_service_id_intermediary_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."intermediary_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intermediary_engagements" ADD CONSTRAINT "intermediary_engagements_agency_user_id_users_id_fk" FOREIGN KEY ("agency_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intermediary_engagements" ADD CONSTRAINT "intermediary_engagements_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intermediary_services" ADD CONSTRAINT "intermediary_services_agency_user_id_users_id_fk" FOREIGN KEY ("agency_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intermediary_engagements_project_idx" ON "intermediary_engagements" USING btree ("project_id","requested_at");--> statement-breakpoint
CREATE INDEX "intermediary_engagements_agency_idx" ON "intermediary_engagements" USING btree ("agency_user_id","requested_at");--> statement-breakpoint
CREATE INDEX "intermediary_engagements_service_idx" ON "intermediary_engagements" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "intermediary_services_agency_idx" ON "intermediary_services" USING btree ("agency_user_id","created_at");--> statement-breakpoint
CREATE INDEX "intermediary_services_active_idx" ON "intermediary_services" USING btree ("service_type","created_at") WHERE "intermediary_services"."status" = 'active';