-- Issue 6: a region's projects sorted by name (项目名称, pinyin order where the database has ICU's Chinese collation:
-- modules/projects/name-collation.ts) read off this index in order and stopped after the page; a region subtree merges
-- its regions' (region-page-plan.ts). Before it, a county's list sorted by name sorted all its ~8,500 projects for
-- every page (6 ms at 1M), a city's ~90,000 (~300 ms).
-- The index's name column carries the collation the search sorts in, which depends on the database (PGlite has no
-- ICU): the same choice as chineseNameCollation, so it is created here and not declared in the drizzle schema.
DO $$
DECLARE
  found text;
BEGIN
  SELECT collname INTO found FROM pg_collation
   WHERE collname IN ('zh-Hans-x-icu', 'zh-x-icu')
     AND collencoding IN (-1, pg_char_to_encoding(current_setting('server_encoding')))
   ORDER BY collname = 'zh-Hans-x-icu' DESC
   LIMIT 1;
  EXECUTE format(
    'CREATE INDEX projects_search_region_name_idx ON projects (region_code, name %s, id) WHERE status <> %L',
    CASE WHEN found IS NULL THEN '' ELSE format('COLLATE %I', found) END,
    'draft');
END
$$;
