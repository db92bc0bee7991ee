import type pg from 'pg';

/**
 * Counts the statements the server sends to the database, background jobs included: `yiwang_db_statements_total` at
 * /metrics, and the bench's "statements per operation" (issue 6). Each statement is a round trip with its own CPU cost in
 * the server (a send, a parse of the answer) and in PostgreSQL — the count, unlike a timing, does not move with the
 * machine's noise. Registered before the other connection wrappers, so it sees what reaches node-postgres: a held BEGIN
 * that is never sent (begin-with-first-statement.ts) is not counted.
 */
export function countStatementsOnConnect(pool: pg.Pool): () => number {
  let count = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]): unknown => {
      count += 1;
      return query(...args);
    };
  });
  return () => count;
}
