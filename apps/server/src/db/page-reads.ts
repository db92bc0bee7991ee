import type pg from 'pg';
import type { Db } from './database.ts';

/**
 * Where a list's short page is read (issue 6): on PostgreSQL, a few connections shared by every request
 * (shared-connection-spread.ts, `DATABASE_SHARED_PAGE_CONNECTIONS`), whose statements leave once per turn of the event
 * loop, those of every request of the turn in one send; otherwise the pool.
 *
 * Only a page that the database reads off an index in the list's order and stops soon after belongs there (the
 * caller decides: projects.repository.ts `isShortPage`). A slower statement on a shared connection holds up every read
 * queued behind it on that connection.
 */
const shortPagesOf = new WeakMap<Db, { db: Db; pool: pg.Pool; ownPool: pg.Pool }>();

/**
 * The short pages of `db` run on `pool` (the shared connections, or the database's own pool), through `shortPages` (a
 * drizzle handle on it) or directly (short-search-page.ts); `ownPool` is the database's own, where other pages whose
 * statement is kept are sent directly (database.ts).
 */
export function routeShortPages(db: Db, shortPages: Db, pool: pg.Pool, ownPool: pg.Pool): void {
  shortPagesOf.set(db, { db: shortPages, pool, ownPool });
}

/** The handle to read a short page of `db` with. */
export function shortPageDb(db: Db): Db {
  return shortPagesOf.get(db)?.db ?? db;
}

/**
 * The pool to send a page's kept statement to directly: the short pages' (`short`), else the database's own; undefined
 * for a handle not opened by database.ts.
 */
export function keptPagePoolOf(db: Db, short: boolean): pg.Pool | undefined {
  const route = shortPagesOf.get(db);
  return short ? route?.pool : route?.ownPool;
}
