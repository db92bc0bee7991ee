import path from 'node:path';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './schema/index.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import { nameStatementsOnConnect } from './statement-names.ts';
import { sendBeginWithFirstStatement } from './begin-with-first-statement.ts';
import { countStatementsOnConnect } from './statement-counter.ts';
import { coalesceWritesPerTick } from './writes-per-tick.ts';
import { SharedConnectionPool } from './shared-connection-pool.ts';
import { SharedConnectionSpread } from './shared-connection-spread.ts';
import { routePointReads } from './prepared.ts';
import { routeShortPages } from './page-reads.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A drizzle handle inside a transaction; services take this so their writes and the audit row commit together. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DatabaseKind = 'pglite' | 'postgresql';

/**
 * An object that a database handle and every transaction opened on it share, and no other database: drizzle's table
 * name map, built once per `drizzle()` call and handed to each transaction. Process-local caches of facts that hold
 * for one database (and are safe to use inside its transactions) key on it; a test process opens many databases.
 */
export function databaseIdentity(db: Db | Tx): object {
  return db._.tableNamesMap;
}

export interface Database {
  kind: DatabaseKind;
  pool: pg.Pool;
  db: Db;
  /**
   * PostgreSQL: the pipelined connection of the point reads (prepared.ts), or undefined when turned off. PGlite: the
   * pool itself (its one connection is pipelined already).
   */
  pointReadPool: pg.Pool | undefined;
  /**
   * PostgreSQL: the shared connections of the lists' short pages (page-reads.ts), or undefined when turned off (0).
   * PGlite: undefined (every statement is on its one pipelined connection already).
   */
  shortPagePool: SharedConnectionSpread | undefined;
  /** Statements sent since the pool opened (statement-counter.ts). */
  statementCount(): number;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../drizzle');

/** Key of the session-level advisory lock that serialises migrations when several app nodes start at once. */
const MIGRATION_LOCK_KEY = 7_319_001;

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given, else the embedded PGlite under `dataDir` (in memory when
 * `dataDir` is undefined). Both are reached through node-postgres, so everything above this line is one code path.
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
  /** Name the parameterised statements, so the database plans each once per connection (statement-names.ts). */
  preparedStatements?: boolean;
  /** The embedded PGlite for `dataDir`, already starting (main.ts); started here when not given. */
  embedded?: Promise<EmbeddedPostgres> | undefined;
  /** PostgreSQL: the point reads on a pipelined connection of their own (prepared.ts). Default true. */
  pipelinedPointReads?: boolean;
  /** PostgreSQL: the lists' short pages on this many shared pipelined connections (page-reads.ts); 0: on the pool. */
  sharedPageConnections?: number;
}): Promise<Database> {
  if (options.databaseUrl) {
    // Pipeline mode: a statement may be written before the previous one is answered (begin-with-first-statement.ts).
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20, pipeline: true });
    // The point reads (prepared.ts) go to one more connection, pipelined and shared by every request at once; its
    // statements leave at the end of the event loop's turn, those of all the turn's requests in one send.
    const pointReadPool =
      options.pipelinedPointReads === false
        ? undefined
        : new SharedConnectionPool({ connectionString: options.databaseUrl, pipeline: true });
    // The lists' short pages go to a few more such connections (page-reads.ts).
    const sharedPageConnections = options.sharedPageConnections ?? 2;
    const shortPagePool =
      sharedPageConnections > 0
        ? new SharedConnectionSpread({ connectionString: options.databaseUrl, pipeline: true }, sharedPageConnections)
        : undefined;
    const shared = [...(pointReadPool ? [pointReadPool] : []), ...(shortPagePool?.connections ?? [])];
    const counters = [pool, ...shared].map((p) =>
      instrumentConnections(p, {
        preparedStatements: options.preparedStatements !== false,
        perClientNames: false,
        untilEndOfLoopTurn: p !== pool,
      }),
    );
    const db = drizzle(pool, { schema });
    if (pointReadPool) routePointReads(db, drizzle(pointReadPool, { schema }));
    if (shortPagePool) routeShortPages(db, drizzle(shortPagePool, { schema }), shortPagePool, pool);
    else routeShortPages(db, db, pool, pool);
    return {
      kind: 'postgresql',
      pool,
      db,
      pointReadPool,
      shortPagePool,
      statementCount: () => counters.reduce((sum, count) => sum + count(), 0),
      close: async () => {
        await Promise.all([pool, pointReadPool, shortPagePool].map((p) => p?.end()));
      },
    };
  }
  const embedded = await (options.embedded ?? startEmbeddedPostgres(options.dataDir));
  // One connection (PGlite is one backend, running one statement at a time), pipelined: queries outside a transaction
  // share it without waiting for each other's answers, a transaction has it alone (shared-connection-pool.ts). Kept
  // open: its named statements live in the one backend session (statement-names.ts). A transaction callback must use
  // its `tx`, never `ctx.db`, or it would wait for itself.
  const pool = new SharedConnectionPool({ ...embedded.connectionConfig, pipeline: true });
  const statementCount = instrumentConnections(pool, {
    preparedStatements: options.preparedStatements !== false,
    perClientNames: true,
    untilEndOfLoopTurn: false,
  });
  const db = drizzle(pool, { schema });
  routeShortPages(db, db, pool, pool);
  return {
    kind: 'pglite',
    pool,
    db,
    pointReadPool: pool,
    shortPagePool: undefined,
    statementCount,
    async close() {
      await pool.end();
      await embedded.stop();
    },
  };
}

/**
 * The wrappers every connection of a pool gets, in this order (statement-counter.ts counts what reaches
 * node-postgres): statement counting, prepared-statement names, BEGIN with the first statement, the statements of a
 * tick (or of an event-loop turn) in one send. Returns the pool's statement count.
 */
function instrumentConnections(
  pool: pg.Pool,
  options: { preparedStatements: boolean; perClientNames: boolean; untilEndOfLoopTurn: boolean },
): () => number {
  pool.on('error', () => {}); // an idle client dropped by the server is replaced on next checkout
  // A connection that dies while checked out (database restart, kill -9 of the postmaster) emits 'error' on its
  // client; unheard, that kills the whole process (found by `npm run test:crash`). Its query fails instead → 5xx.
  pool.on('connect', (client) => client.on('error', () => {}));
  const count = countStatementsOnConnect(pool);
  if (options.preparedStatements) nameStatementsOnConnect(pool, { perClientNames: options.perClientNames });
  sendBeginWithFirstStatement(pool);
  coalesceWritesPerTick(pool, { untilEndOfLoopTurn: options.untilEndOfLoopTurn });
  return count;
}

/** Applies the committed SQL migrations (apps/server/drizzle) under an advisory lock. */
export async function migrateDatabase(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
