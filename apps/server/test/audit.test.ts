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
    await expect(t.ctx.database.pool.query("UPDATE audit_events SET action = 'x' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ctx.database.pool.query('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(t.ctx.database.pool.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
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
      const runCli = () =>
        spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/audit-verify.ts'], {
          cwd: repoRoot,
          env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '' },
          encoding: 'utf8',
        });
      const intact = runCli();
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
