CREATE TABLE "catalogue_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"data" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "catalogue_versions_published_at" CHECK (("catalogue_versions"."status" = 'draft') = ("catalogue_versions"."published_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "catalogue_versions" ADD CONSTRAINT "catalogue_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_versions" ADD CONSTRAINT "catalogue_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_versions_version_uq" ON "catalogue_versions" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_versions_one_published_uq" ON "catalogue_versions" USING btree ("status") WHERE "catalogue_versions"."status" = 'published';--> statement-breakpoint
CREATE INDEX "catalogue_versions_created_idx" ON "catalogue_versions" USING btree ("created_at");--> statement-breakpoint
-- Published catalogue versions are immutable (issue 4 §1): cases keep the version they started with. The service
-- refuses edits (409 CATALOGUE_NOT_DRAFT); this trigger makes it a database rule. A draft may change freely and become
-- published; a published version may only become retired (its status and nothing else); a retired one never changes;
-- only drafts may be deleted.
CREATE OR REPLACE FUNCTION catalogue_versions_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'catalogue version % is % and cannot be deleted', OLD.version, OLD.status USING ERRCODE = '42501';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'draft' THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'published' AND NEW.status = 'retired'
     AND NEW.data = OLD.data AND NEW.version = OLD.version AND NEW.note IS NOT DISTINCT FROM OLD.note
     AND NEW.published_at = OLD.published_at AND NEW.published_by IS NOT DISTINCT FROM OLD.published_by THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'catalogue version % is % and immutable', OLD.version, OLD.status USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER catalogue_versions_immutable BEFORE UPDATE OR DELETE ON catalogue_versions
  FOR EACH ROW EXECUTE FUNCTION catalogue_versions_immutable();
