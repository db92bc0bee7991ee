import type pg from 'pg';

/**
 * A transaction's BEGIN travels with its first statement (issue 6).
 *
 * drizzle's `transaction()` sends `begin`, waits for its answer, then runs the callback. Under load each of those
 * round trips costs more than PostgreSQL's work on it: a write() to the socket (measured: a third of the server's CPU
 * in the register + 赋码 profile went to the send syscalls of its 16 statements) and a wake-up of the backend. Here
 * `begin` is answered at once and held; the connection's next statement is written behind it in the same send — the
 * connection is in node-postgres pipeline mode (`pipeline: true`), so it does not wait for BEGIN's answer first. The
 * server runs them in order as before: same transaction, same statements, one send and one wait fewer.
 *
 * Failure is unchanged: if BEGIN fails, the statement behind it fails too (the connection is broken) and its caller
 * sees BEGIN's error. A transaction whose callback sends nothing ends without touching the server (its commit or
 * rollback is answered here too, as there is nothing to end).
 *
 * On both databases: the embedded PGlite's one connection is pipelined as well (shared-connection-pool.ts), and its
 * wire server takes BEGIN and the statement behind it into PGlite in one call (pglite-wire-server.mjs).
 */
const HELD_ANSWER = { command: '', rowCount: null, oid: 0, rows: [], fields: [] } as const;

export function sendBeginWithFirstStatement(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let heldBegin: unknown[] | null = null;
    (client as { query: unknown }).query = (...args: unknown[]): unknown => {
      const text = statementText(args[0]);
      const promiseStyle = typeof args.at(-1) !== 'function';
      if (promiseStyle && text !== null && /^begin\b/i.test(text) && heldBegin === null) {
        heldBegin = args;
        return Promise.resolve({ ...HELD_ANSWER, command: 'BEGIN' });
      }
      if (heldBegin === null) return query(...args);
      const begin = heldBegin;
      heldBegin = null;
      if (promiseStyle && text !== null && /^(commit|rollback)$/i.test(text.trim())) {
        return Promise.resolve({ ...HELD_ANSWER, command: text.trim().toUpperCase() });
      }
      // Both into one send: node-postgres corks the socket per statement; this outer cork spans the two.
      const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection
        ?.stream;
      stream?.cork?.();
      let started: Promise<unknown>;
      let statement: unknown;
      try {
        started = query(...begin);
        statement = query(...args);
      } finally {
        stream?.uncork?.();
      }
      if (!(statement instanceof Promise)) {
        // Callback style (not drizzle's): its callback gets its own outcome; a failed BEGIN fails it too.
        started.catch(() => {});
        return statement;
      }
      return Promise.all([started, statement]).then(([, answer]) => answer);
    };
  });
}

function statementText(config: unknown): string | null {
  if (typeof config === 'string') return config;
  if (config !== null && typeof config === 'object' && typeof (config as { text?: unknown }).text === 'string') {
    return (config as { text: string }).text;
  }
  return null;
}
