import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { openDatabase } from '../src/db/database.ts';
import { testDatabaseKind } from './test-app.ts';

/** Server-side prepared statements on PostgreSQL (db/statement-names.ts, ADR 0001 update; issue 6). */
describe('prepared statements on PostgreSQL', () => {
  it('DATABASE_PREPARED_STATEMENTS is true by default, false on request, refused otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).databasePreparedStatements).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(
      false,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_PREPARED_STATEMENTS: 'yes' })).toThrow(ConfigError);
  });

  it.runIf(testDatabaseKind === 'postgresql')(
    'names each parameterised statement once per connection, and not at all when turned off',
    async () => {
      const preparedOnConnection = async (preparedStatements: boolean) => {
        // One connection, so the catalogue query below sees the session that ran the lookups.
        const database = await openDatabase({
          databaseUrl: process.env.DATABASE_URL!,
          poolSize: 1,
          preparedStatements,
        });
        try {
          for (const relname of ['pg_class', 'pg_type', 'pg_proc']) {
            await database.db.execute(sql`SELECT oid FROM pg_class WHERE relname = ${relname}`);
          }
          await database.db.execute(sql`SELECT 1 WHERE ${1} = 1`);
          const rows = await database.db.execute<{ name: string; statement: string }>(
            sql.raw(`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'yw_%' ORDER BY statement`),
          );
          return rows.rows;
        } finally {
          await database.close();
        }
      };
      const named = await preparedOnConnection(true);
      // Three lookups with different values share one statement; the second text has its own.
      expect(named).toHaveLength(2);
      expect(named.map((r) => r.statement)).toEqual([
        'SELECT 1 WHERE $1 = 1',
        'SELECT oid FROM pg_class WHERE relname = $1',
      ]);
      expect(await preparedOnConnection(false)).toEqual([]);
    },
  );
});
