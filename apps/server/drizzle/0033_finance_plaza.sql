-- 金融广场 (PRODUCT 11): loan products of the banks, financing needs of the project units (with their consent to share the
-- project's approval status), and the banks' offers.
CREATE TABLE "financing_needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"term_months" integer NOT NULL,
	"purpose" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "financing_needs_amount" CHECK ("financing_needs"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "financing_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need_id" uuid NOT NULL,
	"bank_user_id" uuid NOT NULL,
	"product_id" uuid,
	"amount" numeric(14, 2) NOT NULL,
	"term_months" integer NOT NULL,
	"rate_text" text NOT NULL,
	"message" text NOT NULL,
	"status" text DEFAULT 'offered' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "financing_offers_amount" CHECK ("financing_offers"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "loan_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"min_amount" numeric(14, 2) NOT NULL,
	"max_amount" numeric(14, 2) NOT NULL,
	"max_term_months" integer NOT NULL,
	"rate_text" text NOT NULL,
	"industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "loan_products_amounts" CHECK ("loan_products"."min_amount" > 0 AND "loan_products"."max_amount" >= "loan_products"."min_amount")
);
--> statement-breakpoint
ALTER TABLE "financing_needs" ADD CONSTRAINT "financing_needs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financing_needs" ADD CONSTRAINT "financing_needs_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financing_needs" ADD CONSTRAINT "financing_needs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financing_offers" ADD CONSTRAINT "financing_offers_need_id_financing_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."financing_needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financing_offers" ADD CONSTRAINT "financing_offers_bank_user_id_users_id_fk" FOREIGN KEY ("bank_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financing_offers" ADD CONSTRAINT "financing_offers_product_id_loan_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."loan_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_products" ADD CONSTRAINT "loan_products_bank_user_id_users_id_fk" FOREIGN KEY ("bank_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "financing_needs_project_idx" ON "financing_needs" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "financing_needs_open_idx" ON "financing_needs" USING btree ("region_code","created_at") WHERE "financing_needs"."status" = 'open';--> statement-breakpoint
CREATE INDEX "financing_offers_need_idx" ON "financing_offers" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "financing_offers_bank_idx" ON "financing_offers" USING btree ("bank_user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "financing_offers_live_uq" ON "financing_offers" USING btree ("need_id","bank_user_id") WHERE "financing_offers"."status" IN ('offered', 'accepted');--> statement-breakpoint
CREATE INDEX "loan_products_bank_idx" ON "loan_products" USING btree ("bank_user_id","created_at");--> statement-breakpoint
CREATE INDEX "loan_products_active_idx" ON "loan_products" USING btree ("created_at") WHERE "loan_products"."status" = 'active';