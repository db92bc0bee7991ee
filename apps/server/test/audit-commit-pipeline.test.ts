import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../src/db/database.ts';
import { runAuditedTransaction, type AuditContext } from '../src/modules/audit/audit.service.ts';
import { spyOnSends } from './support/socket-sends.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The audit rows of an audited transaction leave with its COMMIT (audit.service.ts, issue 6): one send fewer, and still
 * one transaction — a failing audit insert stores nothing, on both databases.
 */
describe('audit rows sent with the COMMIT', () => {
  let t: TestApp;
  const table = `audit_pipeline_${process.pid}`;
  const context: AuditContext = {
    actorId: null,
    actorUsername: 'pipeline-test',
    actorRole: null,
    requestId: null,
    ip: null,
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.ctx.db.execute(sql.raw(`CREATE TABLE ${table} (id int PRIMARY KEY)`));
  });
  afterAll(async () => {
    await t.close();
  });

  const stored = async (id: number) => ({
    rows: (await t.ctx.db.execute(sql.raw(`SELECT id FROM ${table} WHERE id = ${id}`))).rows.length,
    audit: (
      await t.ctx.db.execute(
        sql`SELECT id FROM audit_events WHERE actor_username = 'pipeline-test' AND target_id = ${String(id)}`,
      )
    ).rows.length,
  });

  /** One audited transaction: a row of the scratch table and its audit entry (`after` as given). */
  const write = (id: number, after: unknown) =>
    runAuditedTransaction(t.ctx.db, t.clock, context, async (tx, recordAudit) => {
      await tx.execute(sql.raw(`INSERT INTO ${table} (id) VALUES (${id})`));
      await recordAudit({ action: 'project.updated', targetType: 'project', targetId: String(id), after });
      return id;
    });

  it('commits the change with its audit row and returns the work result', async () => {
    expect(await write(1, { note: 'ok' })).toBe(1);
    expect(await stored(1)).toEqual({ rows: 1, audit: 1 });
  });

  it('stores nothing when the audit insert fails, and throws its error', async () => {
    // PostgreSQL's jsonb refuses \u0000: the audit insert — the statement sent with the COMMIT — fails.
    const outcome = await write(2, { note: 'bad \u0000 byte' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect(`${String(outcome)} ${String((outcome as { cause?: unknown }).cause ?? '')}`).toMatch(/\\u0000|Unicode/i);
    expect(await stored(2)).toEqual({ rows: 0, audit: 0 });
    // The connection is usable afterwards.
    expect(await write(3, { note: 'after' })).toBe(3);
    expect(await stored(3)).toEqual({ rows: 1, audit: 1 });
  });

  it('writes the audit INSERT before the COMMIT, in one send', async () => {
    const spy = await spyOnSends(t.ctx.database.pool);
    try {
      // The spied connection is the idle one first in line: the transaction checks it out.
      await write(4, { note: 'sends' });
    } finally {
      spy.restore();
    }
    const written = spy.written();
    // BEGIN with the scratch insert, then the audit insert with COMMIT. Before: BEGIN + insert, audit, COMMIT = 3.
    expect(written).toHaveLength(2);
    // The audit insert is a named statement (its text went with its first use): found by its bound actor name.
    const last = written[1]!;
    expect(last).toContain('pipeline-test');
    expect(last).toContain('commit');
    expect(last.indexOf('pipeline-test')).toBeLessThan(last.lastIndexOf('commit'));
    expect(written[0]).not.toContain('pipeline-test');
    expect(await stored(4)).toEqual({ rows: 1, audit: 1 });
  });

  describe('writes sent with the COMMIT (sendWithCommit)', () => {
    /** Rows `ids` of the scratch table: the first awaited, the rest sent with the COMMIT; then `after` runs. */
    const writeBehind = (ids: number[], after: (tx: Tx) => Promise<unknown> = async () => {}) =>
      runAuditedTransaction(t.ctx.db, t.clock, context, async (tx, recordAudit, sendWithCommit) => {
        await tx.execute(sql.raw(`INSERT INTO ${table} (id) VALUES (${ids[0]})`));
        sendWithCommit(...ids.slice(1).map((id) => tx.execute(sql.raw(`INSERT INTO ${table} (id) VALUES (${id})`))));
        await after(tx);
        await recordAudit({ action: 'project.updated', targetType: 'project', targetId: String(ids[0]), after: {} });
        return ids[0];
      });
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error as { code?: string; cause?: { code?: string } },
      );
    const codeOf = (error: { code?: string; cause?: { code?: string } } | null) => error?.cause?.code ?? error?.code;

    it('stores them with the change, the writes, audit rows and COMMIT leaving in one send', async () => {
      const spy = await spyOnSends(t.ctx.database.pool);
      try {
        expect(await writeBehind([10, 11, 12])).toBe(10);
      } finally {
        spy.restore();
      }
      const written = spy.written();
      expect(written).toHaveLength(2); // BEGIN + the first insert; the two inserts + the audit row + COMMIT
      expect(written[1]).toContain('VALUES (11)');
      expect(written[1]!.indexOf('VALUES (12)')).toBeGreaterThan(written[1]!.indexOf('VALUES (11)'));
      expect(written[1]!.lastIndexOf('commit')).toBeGreaterThan(written[1]!.indexOf('pipeline-test'));
      for (const id of [10, 11, 12]) expect((await stored(id)).rows).toBe(1);
      expect((await stored(10)).audit).toBe(1);
    });

    it('stores nothing when one fails, and throws its own error (not "transaction is aborted")', async () => {
      // 21 twice: the second insert violates the primary key; PostgreSQL aborts the transaction, COMMIT rolls back.
      const error = await failure(writeBehind([20, 21, 21]));
      expect(codeOf(error)).toBe('23505');
      expect(await stored(20)).toEqual({ rows: 0, audit: 0 });
      expect((await stored(21)).rows).toBe(0);
      expect(await writeBehind([22])).toBe(22); // the connection is usable afterwards
    });

    it('throws the failed write’s error when the work then trips on the aborted transaction', async () => {
      // The work awaits a read after the failed write: PostgreSQL refuses it (25P02); the write's 23505 is reported.
      // Row 22 exists: the write sent with the commit fails; the work's next read is refused (25P02) and thrown.
      const error = await failure(writeBehind([30, 22], (tx) => tx.execute(sql`SELECT 1`)));
      expect(codeOf(error)).toBe('23505');
      expect((await stored(30)).rows).toBe(0);
    });
  });
});
