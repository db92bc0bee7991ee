import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { spyOnSends } from './support/socket-sends.ts';
import { testDatabaseKind } from './test-app.ts';

/**
 * BEGIN sent with the transaction's first statement (db/begin-with-first-statement.ts), and the statements issued in
 * one tick sent together (db/writes-per-tick.ts; issue 6). Both databases: the embedded PGlite's one connection is
 * pipelined too (db/shared-connection-pool.ts, db/pglite-wire-server.mjs).
 */
describe('BEGIN with the first statement', () => {
  let database: Database;
  const table = `begin_pipeline_${process.pid}`;

  beforeAll(async () => {
    database =
      testDatabaseKind === 'postgresql'
        ? await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 3 })
        : await openDatabase({ dataDir: undefined });
    await database.db.execute(sql.raw(`CREATE TABLE ${table} (id int PRIMARY KEY, note text NOT NULL)`));
  });
  afterAll(async () => {
    await database.db.execute(sql.raw(`DROP TABLE IF EXISTS ${table}`));
    await database.close();
  });

  const rows = async () =>
    (await database.db.execute<{ id: number }>(sql.raw(`SELECT id FROM ${table} ORDER BY id`))).rows.map((r) => r.id);
  /** drizzle wraps a driver error ("Failed query: …"); the database's message is its cause. */
  const failure = (error: unknown): string =>
    `${String(error)} ${String((error as { cause?: unknown } | null)?.cause ?? '')}`;
  const duplicateKey = async (work: Promise<unknown>) =>
    expect(
      failure(
        await work.then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    ).toMatch(/duplicate key/);
  const insert = (id: number) => sql.raw(`INSERT INTO ${table} (id, note) VALUES (${id}, 'n${id}')`);

  /** Counts the writes to the socket of the connection the transaction runs on (one per send). */
  async function sendsOf(work: (tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0]) => Promise<void>) {
    const spy = await spyOnSends(database.pool);
    try {
      // PostgreSQL: pool of three, the spied connection idle first in line: the transaction checks it out. PGlite: the
      // one connection.
      await database.db.transaction(work);
    } finally {
      spy.restore();
    }
    return spy.sends();
  }

  it('sends BEGIN and the first statement in one write, then each statement and COMMIT', async () => {
    const sends = await sendsOf(async (tx) => {
      await tx.execute(insert(1));
      await tx.execute(insert(2));
    });
    // Without the change: BEGIN, two inserts, COMMIT = 4 sends.
    expect(sends).toBe(3);
    expect(await rows()).toEqual([1, 2]);
  });

  it('statements issued together on one connection leave in one send, each answered with its own result', async () => {
    let answers: number[] = [];
    const sends = await sendsOf(async (tx) => {
      const results = await Promise.all(
        [1, 2, 3, 4].map((i) => tx.execute<{ n: number }>(sql.raw(`SELECT ${i} * 10 AS n`))),
      );
      answers = results.map((r) => Number(r.rows[0]!.n));
    });
    // BEGIN with the four selects in one send, then COMMIT. Without writes-per-tick: BEGIN + first, three more, COMMIT.
    expect(sends).toBe(2);
    expect(answers).toEqual([10, 20, 30, 40]);
  });

  it('one failing statement among those sent together rolls the whole transaction back', async () => {
    const outcome = database.db.transaction(async (tx) => {
      await Promise.all([tx.execute(insert(1200)), tx.execute(insert(1)), tx.execute(insert(1201))]);
    });
    await duplicateKey(outcome);
    expect((await rows()).filter((id) => id >= 1000)).toEqual([]);
    // The connections are clean afterwards.
    await database.db.transaction(async (tx) => {
      await Promise.all([tx.execute(insert(1202)), tx.execute(insert(1203))]);
    });
    expect((await rows()).filter((id) => id >= 1000)).toEqual([1202, 1203]);
    await database.db.execute(sql.raw(`DELETE FROM ${table} WHERE id >= 1000`));
  });

  it('a transaction that sends nothing never reaches the server, and the connection stays usable', async () => {
    expect(await sendsOf(async () => {})).toBe(0);
    await database.db.transaction(async (tx) => {
      await tx.execute(insert(3));
    });
    expect(await rows()).toEqual([1, 2, 3]);
  });

  it('rolls back on an error thrown by the callback and on a failing statement', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(insert(4));
        throw new Error('refused after the write');
      }),
    ).rejects.toThrow('refused after the write');
    await duplicateKey(
      database.db.transaction(async (tx) => {
        await tx.execute(insert(5));
        await tx.execute(insert(1));
      }),
    );
    // The very first statement fails: its error (not BEGIN's answer) reaches the caller, nothing stays open.
    await duplicateKey(
      database.db.transaction(async (tx) => {
        await tx.execute(insert(2));
      }),
    );
    expect(await rows()).toEqual([1, 2, 3]);
  });

  it('keeps the transaction options that BEGIN carries', async () => {
    const level = await database.db.transaction(
      async (tx) =>
        (await tx.execute<{ level: string }>(sql`SELECT current_setting('transaction_isolation') AS level`)).rows[0]!
          .level,
      { isolationLevel: 'serializable' },
    );
    expect(level).toBe('serializable');
  });

  it('keeps every outcome right under concurrency: 60 transactions, every third one failing', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        database.db.transaction(async (tx) => {
          await tx.execute(insert(100 + i));
          if (i % 3 === 0) await tx.execute(insert(1)); // fails: duplicate key, the whole transaction rolls back
          await tx.execute(sql.raw(`UPDATE ${table} SET note = 'done' WHERE id = ${100 + i}`));
        }),
      ),
    );
    const kept = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [100 + i] : []));
    expect(kept).toHaveLength(40);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(failure(outcome.reason)).toMatch(/duplicate key/);
    }
    expect((await rows()).filter((id) => id >= 100)).toEqual(kept);
    const notes = await database.db.execute<{ n: number }>(
      sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE id >= 100 AND note = 'done'`),
    );
    expect(notes.rows[0]!.n).toBe(40);
  });
});
