import type { Db } from './database.ts';

/**
 * Prepared queries for the hottest reads (issue 6). Building a query with drizzle's builder costs ~0.13 ms of CPU each
 * time — three times the whole round trip of the same query sent by plain node-postgres — and the Node process is what
 * saturates first under load. A prepared query is built once per database and runs as a named PostgreSQL statement
 * (parsed once per connection). Use it for reads executed on almost every request; ordinary code keeps the builder.
 *
 * Keyed by database object, because tests run many databases in one process; only for `Db`, not a transaction (a
 * prepared query runs on the pool).
 */
const preparedByDb = new WeakMap<object, Map<string, unknown>>();

export function preparedQuery<Q>(db: Db, name: string, prepare: (db: Db, name: string) => Q): Q {
  let byName = preparedByDb.get(db);
  if (!byName) preparedByDb.set(db, (byName = new Map()));
  let query = byName.get(name) as Q | undefined;
  if (query === undefined) {
    query = prepare(db, name);
    byName.set(name, query);
  }
  return query;
}
