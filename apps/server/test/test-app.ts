import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig, type AppConfig } from '../src/config/env.ts';
import { migrateDatabase, openDatabase, type Database } from '../src/db/database.ts';
import type { AppContext } from '../src/lib/app-context.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { createAuditSigner } from '../src/modules/audit/audit-signer.ts';
import { createLicenceSigner } from '../src/modules/licences/licence-signer.ts';
import { seedDemoData } from '../src/seed/demo-seed.ts';

export const TEST_PASSWORD = 'Test@Pass2026';

/** Which database the integration suite runs on: the embedded PGlite by default, a real server with TEST_DB=postgres. */
export const testDatabaseKind = process.env.TEST_DB === 'postgres' ? 'postgresql' : 'pglite';

/**
 * A fresh, migrated database for one test file. On PostgreSQL each file gets its own database on the server named by
 * DATABASE_URL (created here, dropped on close), so files run in parallel without seeing each other's rows.
 */
async function openTestDatabase(config: AppConfig): Promise<{ database: Database; drop: () => Promise<void> }> {
  const options = {
    preparedStatements: config.databasePreparedStatements,
    pipelinedPointReads: config.databasePipelinedReads,
    sharedPageConnections: config.databaseSharedPageConnections,
  };
  if (testDatabaseKind === 'pglite') {
    const database = await openDatabase({ dataDir: undefined, ...options });
    return { database, drop: async () => {} };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DB=postgres needs DATABASE_URL');
  const name = `yiwang_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10, ...options });
  return {
    database,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  /** Signs in as a demo account (username = role) and returns its bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** GET `url` with `token`'s bearer; fails the test unless it answers 200; its JSON body. */
  getOk<T>(token: string, url: string): Promise<T>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DEMO_PASSWORD: TEST_PASSWORD,
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    // The public routes' limiter runs in every test but never refuses (system.test.ts tests the limit itself).
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
    ...env,
  });
  const { database, drop } = await openTestDatabase(config);
  await migrateDatabase(database);
  const clock = new ManualClock('2026-11-23T09:00:00+08:00');
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    clock,
    auditSigner: createAuditSigner({ keyDir: path.join(dataDir, 'keys') }),
    licenceSigner: createLicenceSigner({ privateKey: config.licenceSigningKey, keyDir: path.join(dataDir, 'keys') }),
  };
  await seedDemoData(ctx);
  const app = await buildApp(ctx, { serveWebUi: false, logger: false });
  await app.ready();
  return {
    app,
    ctx,
    clock,
    async login(username, password = TEST_PASSWORD) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.body}`);
      return response.json<{ token: string }>().token;
    },
    async getOk<T>(token: string, url: string) {
      const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
      return response.json<T>();
    },
    async close() {
      await app.close();
      await database.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The fingerprint query per database, built once: the schema does not change during a test file. */
const fingerprintQueries = new WeakMap<AppContext, string>();

async function buildFingerprintQuery(ctx: AppContext): Promise<string> {
  const columns = await ctx.database.pool.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name: table, column_name: column } of columns.rows) {
    const excluded = table === 'sessions' ? ['last_seen_at'] : table === 'api_keys' ? ['last_used_at'] : [];
    if (excluded.includes(column)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  return [...byTable.entries()]
    .map(
      ([table, kept]) =>
        `SELECT '${table}' AS t, count(*) || ':' || coalesce(md5(string_agg(r, '|' ORDER BY r)), '') AS f
         FROM (SELECT (ROW(${kept.map((c) => `"${c}"`).join(', ')}))::text AS r FROM "${table}") x`,
    )
    .join(' UNION ALL ');
}

/**
 * A fingerprint of every row of every table, to prove a request changed nothing. Session bookkeeping (last_seen_at,
 * refreshed at most once a minute while a session is used) and API-key last_used_at are left out: they record use, not
 * state.
 */
export async function databaseFingerprint(ctx: AppContext): Promise<Record<string, string>> {
  let query = fingerprintQueries.get(ctx);
  if (!query) {
    query = await buildFingerprintQuery(ctx);
    fingerprintQueries.set(ctx, query);
  }
  const result = await ctx.database.pool.query<{ t: string; f: string }>(query);
  return Object.fromEntries(result.rows.map((row) => [row.t, row.f]));
}
