import { fillPlaceholders, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { keptPagePoolOf } from '../../db/page-reads.ts';
import {
  indexedSearchPage,
  searchRowFields,
  searchValues,
  type ProjectSearchFilter,
  type SearchRow,
  type SearchSort,
  type SearchValues,
} from './projects.repository.ts';

/**
 * The staff search's short pages (projects.repository.ts `isShortPage`), and the merged pages of a region subtree
 * (region-page-plan.ts), without drizzle's work on every request.
 *
 * Once PostgreSQL reads a short page in ~0.2 ms on the shared connections (ADR 0009), the server's own CPU is the
 * limit, and a fifth of it went to drizzle: building the statement's SQL from its query objects and mapping each row
 * through its columns. A short page's statement depends only on its shape — the sort, which filters are set, how
 * many region codes — so drizzle builds it once per shape, with a placeholder for every value, and it is kept. Each
 * search then lists its values in the statement's order, sends it as it is (named once per connection, as every
 * statement: db/statement-names.ts) and takes the rows by position; node-postgres's own parsers give the same values
 * drizzle's columns do (timestamps as Date, numeric as string, text[] as arrays). Measured at 1M (fourteenth session,
 * bench/results/search-2026-11-23.md, three alternated rounds of three short mixes): 2,401–3,034 searches/s against
 * 1,998–2,371 through drizzle, the server's CPU per search 0.29–0.42 ms against 0.39–0.45 (ADR 0009).
 *
 * The same rows as `indexedSearchPage` (short-pages.test.ts compares them on both databases).
 */
export function shortSearchPage(
  db: Db,
  filter: ProjectSearchFilter,
  sort: SearchSort,
  page: { limit: number; offset: number },
): Promise<SearchRow[]> {
  return keptSearchPage(db, filter, sort, page, { short: true });
}

/**
 * A search page by its statement kept per shape: on the short pages' connections (`short`), or on the database's own
 * pool — the merge of a region subtree's regions (region-page-plan.ts), whose fourteen branches drizzle took ~1 ms of
 * the server's CPU to build for every search.
 */
export async function keptSearchPage(
  db: Db,
  filter: ProjectSearchFilter,
  sort: SearchSort,
  page: { limit: number; offset: number },
  { short }: { short: boolean },
): Promise<SearchRow[]> {
  const pool = keptPagePoolOf(db, short);
  if (!pool) return indexedSearchPage(db, filter, sort, page); // a handle database.ts did not open
  const values = searchValues(filter);
  const statement = keptStatement(db, filter, sort, values);
  // `end`: how far each region's branch of a merge reads (region-page-plan.ts).
  const named: Record<string, unknown> = { ...page, end: page.offset + page.limit, ...values };
  if (values.regionCodes !== 'all') values.regionCodes.forEach((code, i) => (named[`region${i}`] = code));
  // An instant as drizzle's timestamp column sends it (node-postgres would send a Date in the process's time zone).
  for (const key of ['createdFrom', 'createdBefore'] as const) named[key] = filter[key]?.toISOString();
  const result = await pool.query<unknown[]>({
    text: statement.sql,
    values: fillPlaceholders(statement.params, named),
    rowMode: 'array',
  });
  return result.rows.map(searchRow);
}

/** Read on first use: this module and projects.repository.ts import each other. */
let fields: (keyof SearchRow)[] | undefined;

/** A row read by position: the fields in the order `indexedSearchPage` selects them. */
function searchRow(values: unknown[]): SearchRow {
  fields ??= searchRowFields();
  const row: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) row[fields[i]!] = values[i];
  return row as SearchRow;
}
/** Shapes kept per database; the oldest goes first beyond this (statement-names.ts names at most 200 per connection). */
const MAX_KEPT = 200;
const keptByDb = new WeakMap<Db, Map<string, { sql: string; params: unknown[] }>>();

/** The statement of a page of this shape, built by drizzle with placeholders the first time. */
function keptStatement(db: Db, filter: ProjectSearchFilter, sort: SearchSort, values: ReturnType<typeof searchValues>) {
  const set = (Object.keys(values) as (keyof SearchValues)[]).filter(
    (key) => key !== 'regionCodes' && values[key] !== undefined,
  );
  const regions = values.regionCodes === 'all' ? 'all' : values.regionCodes.length;
  // A walk's shape has its budget among the values; a merge's differs from the planner's statement by its kind alone.
  const shape = `${sort} ${regions} ${set.join(',')} ${filter.regionPage?.kind === 'merge' ? 'merge' : ''}`;
  let kept = keptByDb.get(db);
  if (!kept) keptByDb.set(db, (kept = new Map()));
  let statement = kept.get(shape);
  if (!statement) {
    const placeholders: SearchValues = {
      regionCodes:
        values.regionCodes === 'all' ? 'all' : values.regionCodes.map((_, i) => sql.placeholder(`region${i}`)),
    };
    for (const key of set) (placeholders as unknown as Record<string, Placeholder>)[key] = sql.placeholder(key);
    const page = { limit: sql.placeholder('limit'), offset: sql.placeholder('offset'), end: sql.placeholder('end') };
    statement = indexedSearchPage(db, filter, sort, page, placeholders).toSQL();
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(shape, statement);
  }
  return statement;
}
