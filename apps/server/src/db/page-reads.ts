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
const shortPageDbOf = new WeakMap<Db, Db>();

/** The short pages of `db` run on `shortPages` (a drizzle handle on the shared connections; database.ts). */
export function routeShortPages(db: Db, shortPages: Db): void {
  shortPageDbOf.set(db, shortPages);
}

/** The handle to read a short page of `db` with. */
export function shortPageDb(db: Db): Db {
  return shortPageDbOf.get(db) ?? db;
}
