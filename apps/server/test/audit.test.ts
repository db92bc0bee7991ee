import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config/env.ts';
import {
  createAuditCheckpoint,
  runAuditedTransaction,
  SYSTEM_AUDIT_CONTEXT,
  verifyAuditTrail,
} from '../src/modules/audit/audit.service.ts';
import { computeAuditHash } from '../src/modules/audit/audit-chain.ts';
import { sealAuditTrail } from '../src/modules/audit/audit-sealer.ts';
import { seedDemoData } from '../src/seed/demo-seed.ts';
import { createTestApp, type TestApp, TEST_PASSWORD } from './test-app.ts';

/** Tamper as a superuser would: switch off the append-only trigger, change rows, switch it back. */
async function tamper(t: TestApp, statement: string, params: unknown[] = []): Promise<void> {
  const client = await t.ctx.database.pool.connect();
  try {
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await client.query(statement, params);
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
  } finally {
    client.release();
  }
}

async function addEvents(t: TestApp, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (_tx, recordAudit) => {
      await recordAudit({ action: 'user.updated', targetType: 'user', targetId: `u${i}`, after: { i, 名称: '测试' } });
    });
  }
  await sealAuditTrail(t.ctx.db);
}

describe('audit trail: SM3 chain and signed checkpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('writes one chained row per state change, in the same transaction, readable only by the audit admin', async () => {
    const sysAdmin = await t.login('sysAdmin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${sysAdmin}` },
      payload: {
        username: 'audited',
        displayName: '被审计',
        password: TEST_PASSWORD,
        role: 'applicant',
        regionCode: '330302',
      },
    });
    expect(created.statusCode).toBe(201);
    const auditAdmin = await t.login('auditAdmin');
    const events = await t.app.inject({
      method: 'GET',
      url: '/api/audit/events?action=user.created',
      headers: { authorization: `Bearer ${auditAdmin}` },
    });
    const body = events.json<{
      items: {
        actorUsername: string;
        actorRole: string;
        targetId: string;
        after: Record<string, unknown>;
        requestId: string;
      }[];
    }>();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      actorUsername: 'sysAdmin',
      actorRole: 'sysAdmin',
      targetId: created.json<{ id: string }>().id,
    });
    expect(body.items[0]!.requestId).toBe(created.headers['x-request-id']);
    expect(body.items[0]!.after).not.toHaveProperty('passwordHash');
    const verify = await t.app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: { authorization: `Bearer ${auditAdmin}` },
    });
    expect(verify.json()).toMatchObject({ ok: true, problems: [] });
    // Sealed, the row has its chain position and hash.
    await sealAuditTrail(t.ctx.db);
    const sealed = await t.app.inject({
      method: 'GET',
      url: '/api/audit/events?action=user.created',
      headers: { authorization: `Bearer ${auditAdmin}` },
    });
    expect(sealed.json<{ items: { seq: number | null; hash: string | null }[] }>().items[0]).toMatchObject({
      seq: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('rolls back a state change whose transaction records no audit row', async () => {
    await expect(
      runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx) => {
        await tx.execute("UPDATE users SET display_name = display_name || 'x'" as never);
      }),
    ).rejects.toThrow(/audit entry/);
    const changed = await t.ctx.database.pool.query(
      "SELECT count(*)::int AS n FROM users WHERE display_name LIKE '%x'",
    );
    expect(changed.rows[0].n).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the trail at the database level', async () => {
    await sealAuditTrail(t.ctx.db);
    await expect(t.ctx.database.pool.query("UPDATE audit_events SET action = 'x' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ctx.database.pool.query('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(t.ctx.database.pool.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    // A sealed row cannot be sealed again (re-chained) …
    await expect(
      t.ctx.database.pool.query("UPDATE audit_events SET hash = repeat('b', 64) WHERE seq = 1"),
    ).rejects.toThrow(/append-only/);
    // … and an unsealed row cannot change either: the only update allowed sets seq and hashes, nothing else.
    await runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (_tx, recordAudit) => {
      await recordAudit({ action: 'user.updated', targetType: 'user', targetId: 'unsealed' });
    });
    await expect(
      t.ctx.database.pool.query("UPDATE audit_events SET target_id = 'forged' WHERE target_id = 'unsealed'"),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.ctx.database.pool.query(
        "UPDATE audit_events SET seq = 999999, prev_hash = 'x', hash = 'y', actor_username = 'mallory' WHERE target_id = 'unsealed'",
      ),
    ).rejects.toThrow(/append-only/);
    await expect(t.ctx.database.pool.query("DELETE FROM audit_events WHERE target_id = 'unsealed'")).rejects.toThrow(
      /append-only/,
    );
    expect(await sealAuditTrail(t.ctx.db)).toBe(1);
    expect((await verifyAuditTrail(t.ctx.db, t.ctx.auditSigner)).ok).toBe(true);
  });

  it('seals concurrent writers into one contiguous chain, each row exactly once, with sealers racing', async () => {
    const other = await createTestApp();
    try {
      const writes = Array.from({ length: 60 }, (_, i) =>
        runAuditedTransaction(other.ctx.db, other.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (_tx, recordAudit) => {
          await recordAudit({ action: 'user.updated', targetType: 'user', targetId: `c${i}` });
          if (i % 3 === 0) await recordAudit({ action: 'user.updated', targetType: 'user', targetId: `c${i}-b` });
        }),
      );
      const sealers = Array.from({ length: 6 }, () => sealAuditTrail(other.ctx.db));
      await Promise.all([...writes, ...sealers]);
      await sealAuditTrail(other.ctx.db);
      const { rows } = await other.ctx.database.pool.query<{ n: number; unsealed: number; min: number; max: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE seq IS NULL)::int AS unsealed,
                min(seq)::int AS min, max(seq)::int AS max FROM audit_events`,
      );
      expect(rows[0]).toMatchObject({ unsealed: 0, min: 1, max: rows[0]!.n });
      const verified = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner);
      expect(verified).toMatchObject({ ok: true, checkedRows: rows[0]!.n, unsealedRows: 0 });
    } finally {
      await other.close();
    }
  });

  it('reports rows left unsealed past the alert time (sealer not running), and is intact once they are sealed', async () => {
    const other = await createTestApp();
    try {
      await addEvents(other, 2);
      await runAuditedTransaction(other.ctx.db, other.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (_tx, recordAudit) => {
        await recordAudit({ action: 'user.updated', targetType: 'user', targetId: 'left-unsealed' });
      });
      const fresh = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner, { now: other.ctx.clock.now() });
      expect(fresh).toMatchObject({ ok: true, unsealedRows: 1 });
      const later = new Date(other.ctx.clock.now().getTime() + 61_000);
      const stale = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner, {
        now: later,
        unsealedAlertSeconds: 60,
      });
      expect(stale.ok).toBe(false);
      expect(stale.problems).toContainEqual(expect.objectContaining({ kind: 'unsealed' }));
      expect(await sealAuditTrail(other.ctx.db)).toBe(1);
      const sealed = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner, { now: later });
      expect(sealed).toMatchObject({ ok: true, unsealedRows: 0 });
    } finally {
      await other.close();
    }
  });

  it('detects an edited row, naming its seq', async () => {
    await addEvents(t, 5);
    expect((await verifyAuditTrail(t.ctx.db, t.ctx.auditSigner)).ok).toBe(true);
    const { rows } = await t.ctx.database.pool.query<{ seq: number }>(
      'SELECT max(seq)::int - 2 AS seq FROM audit_events',
    );
    const victim = rows[0]!.seq;
    await tamper(t, `UPDATE audit_events SET after = '{"i": 999}' WHERE seq = $1`, [victim]);
    const result = await verifyAuditTrail(t.ctx.db, t.ctx.auditSigner);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ seq: victim, kind: 'hash_mismatch' });
  });

  it('detects a deleted row and a forged re-hash of the rest of the chain', async () => {
    const other = await createTestApp();
    try {
      await addEvents(other, 6);
      expect(await createAuditCheckpoint(other.ctx.db, other.ctx.auditSigner, other.ctx.clock)).not.toBeNull();
      const { rows } = await other.ctx.database.pool.query<{ seq: number }>(
        'SELECT max(seq)::int - 3 AS seq FROM audit_events',
      );
      const victim = rows[0]!.seq;
      await tamper(other, 'DELETE FROM audit_events WHERE seq = $1', [victim]);
      const deleted = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner);
      expect(deleted.problems.map((p) => p.kind)).toContain('missing_rows');
      expect(deleted.problems.find((p) => p.kind === 'missing_rows')!.seq).toBe(victim);

      // An attacker who knows the algorithm renumbers and re-hashes everything after the hole: the chain is then
      // self-consistent, but the head no longer matches the hash the platform signed.
      const after = await other.ctx.database.pool.query('SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq', [
        victim,
      ]);
      const prev = await other.ctx.database.pool.query<{ hash: string }>(
        'SELECT hash FROM audit_events WHERE seq = $1',
        [victim - 1],
      );
      let prevHash = prev.rows[0]!.hash;
      for (const row of after.rows) {
        const seq = Number(row.seq) - 1;
        const hash = computeAuditHash(prevHash, {
          seq,
          occurredAt: new Date(row.occurred_at).toISOString(),
          actorId: row.actor_id,
          actorUsername: row.actor_username,
          actorRole: row.actor_role,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          requestId: row.request_id,
          ip: row.ip,
          before: row.before,
          after: row.after,
        });
        await tamper(other, 'UPDATE audit_events SET seq = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [
          seq,
          prevHash,
          hash,
          row.seq,
        ]);
        prevHash = hash;
      }
      const forged = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner);
      expect(forged.ok).toBe(false);
      expect(forged.problems.map((p) => p.kind)).not.toContain('hash_mismatch');
      expect(forged.problems.map((p) => p.kind)).toContain('truncated');
    } finally {
      await other.close();
    }
  });

  it('detects a truncated tail through the signed checkpoint, and a forged checkpoint signature', async () => {
    const other = await createTestApp();
    try {
      await addEvents(other, 4);
      const signedSeq = await createAuditCheckpoint(other.ctx.db, other.ctx.auditSigner, other.ctx.clock);
      expect(signedSeq).not.toBeNull();
      await tamper(other, 'DELETE FROM audit_events WHERE seq >= $1', [signedSeq! - 1]);
      const truncated = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner);
      expect(truncated.problems).toContainEqual(expect.objectContaining({ kind: 'truncated', seq: signedSeq }));

      await other.ctx.database.pool.query("UPDATE audit_checkpoints SET hash = repeat('a', 64)");
      const forged = await verifyAuditTrail(other.ctx.db, other.ctx.auditSigner);
      expect(forged.problems.map((p) => p.kind)).toContain('bad_checkpoint_signature');
    } finally {
      await other.close();
    }
  });
});

describe('npm run audit:verify (CLI)', () => {
  it('exits 0 on an intact trail and 1 after one row is edited in the database', async () => {
    if (process.env.TEST_DB === 'postgres') return; // the CLI is exercised on the embedded database; the logic is shared
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-cli-'));
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DEMO_PASSWORD: TEST_PASSWORD });
      const ctx = await createAppContext(config);
      await seedDemoData(ctx);
      await ctx.database.close();
      const repoRoot = path.resolve(import.meta.dirname, '../../..');
      const runCli = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/audit-verify.ts', ...args], {
          cwd: repoRoot,
          env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '' },
          encoding: 'utf8',
        });
      // The demo seed's rows were written without a running sealer: --seal chains them, as the server would.
      const intact = runCli('--seal');
      expect(intact.stdout).toMatch(/sealed [1-9]\d* rows/);
      expect(intact.stdout).toContain('audit trail intact');
      expect(intact.status).toBe(0);

      const again = await createAppContext(config);
      await again.database.pool.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
      await again.database.pool.query(`UPDATE audit_events SET actor_username = 'mallory' WHERE seq = 1`);
      await again.database.pool.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
      await again.database.close();
      const tampered = runCli();
      expect(tampered.stdout).toContain('seq 1 [hash_mismatch]');
      expect(tampered.status).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
