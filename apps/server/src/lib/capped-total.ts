import { count, sql, type SQL } from 'drizzle-orm';
import type { PgSelect, PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/database.ts';

/**
 * The total of a paged list over a table that may hold millions of rows (issue 6: the staff search and 公示 over 1M
 * projects, the audit trail's millions of entries): counted only up to COUNT_CAP + 1, and shown as "10,000+" beyond.
 * Counting every match of a broad filter costs more than the page itself (the audit trail's 5.85M rows: 160–375 ms a
 * view at the bench's scale, growing with the trail), and nobody pages past 10,000 rows.
 */
export const COUNT_CAP = 10_000;

/**
 * A page that is not full already tells the total; otherwise `count` (the matches up to COUNT_CAP + 1) is run through
 * `countMatches`, which may answer from a cache. `capped`: more than COUNT_CAP, `total` is then COUNT_CAP.
 */
export async function cappedTotal(
  pageRows: number,
  page: { limit: number; offset: number },
  count: () => Promise<number>,
  countMatches: (count: () => Promise<number>) => Promise<number> = (run) => run(),
): Promise<{ total: number; capped: boolean }> {
  if (pageRows < page.limit && (pageRows > 0 || page.offset === 0)) {
    return { total: page.offset + pageRows, capped: false };
  }
  const n = await countMatches(count);
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/**
 * The statement that counts `table`'s rows matching `where`, up to COUNT_CAP + 1 (a capped total's `count`). `join`
 * adds the tables `where` refers to besides `table` (a supervisor's cases: their departments and regions).
 */
export function cappedCountQuery(
  db: Db | Tx,
  table: PgTable,
  where: SQL | undefined,
  join: (query: PgSelect) => PgSelect = (query) => query,
) {
  const matches = join(
    db
      .select({ one: sql`1`.as('one') })
      .from(table)
      .$dynamic(),
  )
    .where(where)
    .limit(COUNT_CAP + 1)
    .as('matches');
  return db.select({ n: count() }).from(matches);
}
