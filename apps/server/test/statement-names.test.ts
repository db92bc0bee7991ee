import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { testDatabaseKind } from './test-app.ts';

/** Server-side prepared statements (db/statement-names.ts, ADR 0001 update; issue 6). */
describe('prepared statements', () => {
  it('DATABASE_PREPARED_STATEMENTS is true by default, false on request, refused otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).databasePreparedStatements).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(
      false,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_PREPARED_STATEMENTS: 'yes' })).toThrow(ConfigError);
  });

  // One connection (PGlite has one anyway), so the catalogue query sees the session that ran the lookups.
  const open = (preparedStatements: boolean) =>
    testDatabaseKind === 'postgresql'
      ? openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 1, preparedStatements })
      : openDatabase({ dataDir: undefined, preparedStatements });

  async function lookups(database: Database): Promise<void> {
    for (const relname of ['pg_class', 'pg_type', 'pg_proc']) {
      await database.db.execute(sql`SELECT oid FROM pg_class WHERE relname = ${relname}`);
    }
    await database.db.execute(sql`SELECT 1 WHERE ${1} = 1`);
    // 65 parameters: an input-shaped list, left unnamed.
    const many = Array.from({ length: 65 }, (_, i) => `r${i}`);
    await database.db.execute(
      sql`SELECT oid FROM pg_class WHERE relname IN (${sql.join(
        many.map((m) => sql`${m}`),
        sql`, `,
      )})`,
    );
  }

  async function prepared(database: Database): Promise<{ name: string; statement: string }[]> {
    const rows = await database.db.execute<{ name: string; statement: string }>(
      sql.raw(`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'yw%' ORDER BY name`),
    );
    return rows.rows;
  }

  it('names each parameterised statement once per connection, and not at all when turned off', async () => {
    const named = await open(true);
    try {
      await lookups(named);
      const first = await prepared(named);
      // Three lookups with different values share one statement; the second text has its own.
      expect(first.map((r) => r.statement).sort()).toEqual([
        'SELECT 1 WHERE $1 = 1',
        'SELECT oid FROM pg_class WHERE relname = $1',
      ]);
      // A replaced connection prepares the same texts again without a collision: on PostgreSQL in its own session,
      // on PGlite (one backend session behind every connection) under names of its own.
      const client = await named.pool.connect();
      client.release(true);
      await lookups(named);
      const second = await prepared(named);
      if (testDatabaseKind === 'pglite') {
        expect(second).toHaveLength(4);
        expect(new Set(second.map((r) => r.name)).size).toBe(4);
      } else {
        expect(second).toHaveLength(2);
      }
    } finally {
      await named.close();
    }
    const unnamed = await open(false);
    try {
      await lookups(unnamed);
      expect(await prepared(unnamed)).toEqual([]);
    } finally {
      await unnamed.close();
    }
  });
});
