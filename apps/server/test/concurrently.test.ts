import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concurrently } from '../src/db/concurrently.ts';
import { createTestApp, testDatabaseKind, type TestApp } from './test-app.ts';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/**
 * `concurrently` (db/concurrently.ts): branches of one transaction's work run at once, and nothing settles before every
 * branch has — so a failed branch cannot end the transaction while another still has a statement to send.
 */
describe(`concurrently (${testDatabaseKind})`, () => {
  let t: TestApp;
  const table = `concurrently_${process.pid}`;

  beforeAll(async () => {
    t = await createTestApp();
    await t.ctx.db.execute(sql.raw(`CREATE TABLE ${table} (id int PRIMARY KEY)`));
  });
  afterAll(async () => t?.close());

  it('gives each branch its value, in the order given', async () => {
    expect(await concurrently([later(20, 'slow'), 1, later(1, null)])).toEqual(['slow', 1, null]);
  });

  it('waits for every branch, then throws the error that came first', async () => {
    let slowEnded = false;
    const outcome = await concurrently([
      later(30, 0).then(() => {
        slowEnded = true;
        throw new Error('second');
      }),
      later(5, 0).then(() => {
        throw new Error('first');
      }),
    ]).catch((error: unknown) => error);
    expect(slowEnded).toBe(true);
    expect((outcome as Error).message).toBe('first');
  });

  it('keeps a later statement of another branch inside the failed transaction: nothing is stored', async () => {
    await t.ctx.db.execute(sql.raw(`INSERT INTO ${table} (id) VALUES (1)`));
    const outcome = await t.ctx.db
      .transaction(async (tx) => {
        await concurrently([
          // Fails at once: a duplicate key.
          tx.execute(sql.raw(`INSERT INTO ${table} (id) VALUES (1)`)),
          // Sends its statement only after the failure is known. With Promise.all the transaction would already be
          // rolled back and its connection released, and this insert would run on its own — and be stored.
          later(50, 0).then(() => tx.execute(sql.raw(`INSERT INTO ${table} (id) VALUES (2)`))),
        ]);
      })
      .catch((error: unknown) => error);
    expect(String((outcome as { cause?: unknown }).cause ?? outcome)).toMatch(/duplicate key|unique/i);
    await later(150, 0); // long after the late branch's moment
    const rows = await t.ctx.db.execute(sql.raw(`SELECT id FROM ${table} ORDER BY id`));
    expect(rows.rows.map((r) => Number((r as { id: number }).id))).toEqual([1]);
  });
});
