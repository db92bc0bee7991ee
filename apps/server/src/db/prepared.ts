import type { Db } from './database.ts';

/**
 * Prepared queries for the hottest reads (issue 6). Building a query with drizzle's builder costs ~0.13 ms of CPU each
 * time — three times the whole round trip of the same query sent by plain node-postgres — and the Node process is what
 * saturates first under load. A prepared query is built once per database; use it for reads executed on almost every
 * request; ordinary code keeps the builder.
 *
 * drizzle is given the name '' (unnamed): a fixed name would collide on the embedded PGlite, where one backend session
 * is behind every socket connection ("prepared statement … already exists"). statement-names.ts then names it, as
 * every other parameterised query, per connection (on PGlite with a prefix per pooled client), so the database plans
 * it once per connection.
 *
 * Keyed by database object, because tests run many databases in one process; only for `Db`, not a transaction (a
 * prepared query runs on the pool).
 *
 * On PostgreSQL these point reads run on a connection of their own (database.ts `pointReadPool`), pipelined and shared
 * by every request at once (shared-connection-pool.ts), not on a pooled connection each: a lookup by code went from
 * ~9,600 to ~16,100 requests/s on a two-core machine (ADR 0001, eleventh-session update). One backend takes the reads
 * in batches, instead of twenty backends each woken for one read, and the pool's checkout and release are skipped.
 * Only point reads by key belong here: a slow statement on that connection would hold up every read queued behind it.
 */
const preparedByDb = new WeakMap<object, Map<string, unknown>>();
const pointReadDbOf = new WeakMap<Db, Db>();

/** The point reads of `db` run on `pointReads` (a drizzle handle on the pipelined connection; database.ts). */
export function routePointReads(db: Db, pointReads: Db): void {
  pointReadDbOf.set(db, pointReads);
}

export function preparedQuery<Q>(db: Db, key: string, prepare: (db: Db, statementName: string) => Q): Q {
  let byName = preparedByDb.get(db);
  if (!byName) preparedByDb.set(db, (byName = new Map()));
  let query = byName.get(key) as Q | undefined;
  if (query === undefined) {
    query = prepare(pointReadDbOf.get(db) ?? db, '');
    byName.set(key, query);
  }
  return query;
}
