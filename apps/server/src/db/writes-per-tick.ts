import type pg from 'pg';

/**
 * The statements a connection is given in one turn of the event loop leave in one send (issue 6).
 *
 * Every send to PostgreSQL is a write() system call, and on a local TCP connection the kernel does much of the
 * receiving side's work inside it: a CPU profile of the server under the approval bench put 35 % of its busy time in
 * `writev`, 87 % of that on the database connections (one per statement). The connections run in node-postgres
 * pipeline mode (database.ts), so statements issued together — the reads of a view sent at once on one transaction,
 * `Promise.all` over one connection — need not wait for each other's answers; here they also share the send: the first
 * statement of a tick corks the socket and the end of the tick (`process.nextTick`, which runs after the promise
 * callbacks of the tick have settled) uncorks it. node-postgres corks around each statement itself; corks nest, so
 * its uncork leaves the bytes in the buffer until this one.
 *
 * Nothing waits longer than the rest of the current tick, and order is kept: PostgreSQL runs the statements of one
 * connection in the order they were written, as before. On both databases: on the embedded PGlite the statements
 * issued in one tick by different requests share its one pipelined connection (shared-connection-pool.ts), and its wire
 * server takes all that has arrived into PGlite in one call (pglite-wire-server.mjs).
 *
 * `untilEndOfLoopTurn`: the send waits for the end of the event loop's turn (`setImmediate`, after every I/O callback
 * of the turn) instead of the end of the tick. Then the statements of every request handled in the turn share it —
 * for the point-read connection on PostgreSQL (database.ts), which all requests share: lookup by code 1.06–1.12× the
 * throughput, 0.88–0.95× the server CPU, p99 unchanged (`bench:ab`, 6 rounds). Not for the pooled connections, whose
 * statements belong to one request each: they would only wait longer.
 */
export function coalesceWritesPerTick(pool: pg.Pool, options: { untilEndOfLoopTurn?: boolean } = {}): void {
  const flushLater = options.untilEndOfLoopTurn ? setImmediate : process.nextTick;
  pool.on('connect', (client) => {
    const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection
      ?.stream;
    if (typeof stream?.cork !== 'function' || typeof stream.uncork !== 'function') return;
    let corked = false;
    const uncork = () => {
      corked = false;
      stream.uncork!();
    };
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]): unknown => {
      if (!corked) {
        corked = true;
        stream.cork!();
        flushLater(uncork);
      }
      return query(...args);
    };
  });
}
