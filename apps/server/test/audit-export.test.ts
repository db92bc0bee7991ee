import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';
import { linesOf } from './support/csv-lines.ts';

/**
 * GET /api/audit/events/export: the audit admin's trail, with its filters, as a CSV file (audit-export.service.ts); and
 * GET /api/security/audit-admin-events: the security admin's review of what the audit admins did.
 */

describe('audit trail export', () => {
  let t: TestApp;
  let auditor = '';
  const exportOf = (query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/audit/events/export?${query}`,
      headers: { authorization: `Bearer ${auditor}` },
    });

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of ['window', 'department', 'window']) await t.login(name);
    auditor = await t.login('auditAdmin');
  });
  afterAll(async () => t?.close());

  it('exports the filtered trail newest first, as the list shows it, and audits the export', async () => {
    const list = await t.getOk<{ total: number; items: { actorUsername: string; action: string }[] }>(
      auditor,
      '/api/audit/events?action=auth.login&page=1&pageSize=100',
    );
    const response = await exportOf('action=auth.login');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    expect(String(response.headers['content-disposition'])).toContain(encodeURIComponent('审计日志-'));
    const lines = linesOf(response.body);
    expect(lines[0]).toBe('序号,时间（北京时间）,操作人,角色,操作,对象类型,对象标识,IP,请求标识,变更前,变更后,链哈希');
    expect(lines).toHaveLength(list.total + 1);
    expect(response.headers['x-export-rows']).toBe(String(list.total));
    // The same rows in the same order: actor and action columns.
    expect(lines.slice(1).map((line) => line.split(',').slice(2, 5))).toEqual(
      list.items.map((item) => [item.actorUsername, expect.any(String), item.action]),
    );
    expect(lines.slice(1, 4).map((line) => line.split(',')[2])).toEqual(['auditAdmin', 'window', 'department']);

    const exported = await t.ctx.database.pool.query<{ actor_username: string; after: Record<string, unknown> }>(
      "SELECT actor_username, after FROM audit_events WHERE action = 'audit.events_exported'",
    );
    expect(exported.rows).toEqual([
      {
        actor_username: 'auditAdmin',
        after: { filter: { action: 'auth.login' }, rows: list.total, truncated: false },
      },
    ]);
  });

  it('English headers with lang=en; a bad filter is refused and nothing is stored; other admins get 403', async () => {
    const english = await exportOf('lang=en&actor=window');
    expect(linesOf(english.body)[0]).toBe(
      'Seq,Time (Beijing),Actor,Role,Action,Target type,Target id,IP,Request id,Before,After,Chain hash',
    );
    const before = await databaseFingerprint(t.ctx);
    const bad = await exportOf('action=not.an.action');
    expect(bad.statusCode).toBe(400);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    const security = await t.app.inject({
      method: 'GET',
      url: '/api/audit/events/export',
      headers: { authorization: `Bearer ${await t.login('secAdmin')}` },
    });
    expect(security.statusCode).toBe(403);
  });

  it("the security admin reviews the audit admins' own actions, and nothing else of the trail", async () => {
    const verified = await t.getOk<{ ok: boolean }>(auditor, '/api/audit/verify');
    expect(verified.ok).toBe(true);
    const security = await t.login('secAdmin');
    const review = await t.getOk<{
      total: number;
      items: { actorUsername: string; actorRole: string; action: string }[];
    }>(security, '/api/security/audit-admin-events?page=1&pageSize=100');
    expect(review.total).toBeGreaterThanOrEqual(2);
    expect(new Set(review.items.map((item) => item.actorRole))).toEqual(new Set(['auditAdmin']));
    const actions = review.items.map((item) => item.action);
    expect(actions).toContain('audit.events_exported');
    expect(actions[0]).toBe('audit.verified'); // the newest: the verification just run
    expect(actions).toContain('auth.login');
    // The same count a direct query gives: every action taken as an audit admin.
    const direct = await t.ctx.database.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE actor_role = 'auditAdmin'",
    );
    expect(review.total).toBe(direct.rows[0]!.n);
    // The security admin still cannot read the trail itself.
    const trail = await t.app.inject({
      method: 'GET',
      url: '/api/audit/events',
      headers: { authorization: `Bearer ${security}` },
    });
    expect(trail.statusCode).toBe(403);
  });
});
