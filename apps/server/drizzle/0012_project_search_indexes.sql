-- Issue 6: staff search over 1M projects. The character pairs of a name, lower-cased, for `q` of exactly two
-- characters (光伏): pg_trgm extracts no trigram from '%光伏%', so without this a two-character search reads every row.
-- IMMUTABLE (lower() is), so it can back an expression index; the search also rechecks with ILIKE.
CREATE OR REPLACE FUNCTION project_name_bigrams(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(name), i, 2)), '{}'::text[])
      FROM generate_series(1, char_length(name) - 1) AS i
  $$;--> statement-breakpoint
CREATE INDEX "projects_search_created_idx" ON "projects" USING btree ("created_at" DESC NULLS FIRST,"id") WHERE "projects"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "projects_search_region_created_idx" ON "projects" USING btree ("region_code","created_at" DESC NULLS FIRST,"id") WHERE "projects"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "projects_name_bigram_idx" ON "projects" USING gin (project_name_bigrams("name"));