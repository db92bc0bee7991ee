import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/lib/app-error.ts';
import { provisionAdminAccount } from '../src/modules/users/admin-provisioning.service.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

describe('operator provisioning of admin accounts (npm run admin:create)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const region = { code: '330000', name: '浙江省', level: 'province' as const };

  it('creates an admin account that can sign in and is audited', async () => {
    const { id, createdRegion } = await provisionAdminAccount(t.ctx, {
      username: 'ops.audit',
      displayName: '审计管理员',
      password: 'Str0ng#Pass',
      role: 'auditAdmin',
      region,
    });
    expect(createdRegion).toBe(false); // the demo seed already has 330000
    const token = await t.login('ops.audit', 'Str0ng#Pass');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ id, role: 'auditAdmin', regionCode: '330000' });
    const audit = await t.ctx.database.pool.query(
      `SELECT actor_username, after FROM audit_events WHERE action = 'user.created' AND target_id = $1`,
      [id],
    );
    expect(audit.rows[0]).toMatchObject({ actor_username: 'system', after: { via: 'cli', role: 'auditAdmin' } });
  });

  it('refuses non-admin roles, weak passwords, a clashing region name and duplicates — storing nothing', async () => {
    const before = await databaseFingerprint(t.ctx);
    const attempts = [
      { role: 'applicant', password: 'Str0ng#Pass', region, username: 'ops.x', field: 'role' },
      { role: 'secAdmin', password: 'weakweak', region, username: 'ops.y', field: 'password' },
      {
        role: 'secAdmin',
        password: 'Str0ng#Pass',
        region: { ...region, name: '江苏省' },
        username: 'ops.z',
        field: 'region',
      },
      { role: 'secAdmin', password: 'Str0ng#Pass', region, username: 'OPS.AUDIT', field: 'username' },
    ];
    for (const attempt of attempts) {
      const error = await provisionAdminAccount(t.ctx, {
        username: attempt.username,
        displayName: 'x',
        password: attempt.password,
        role: attempt.role as 'secAdmin',
        region: attempt.region,
      }).catch((e: unknown) => e);
      expect(error, attempt.field).toBeInstanceOf(AppError);
      expect((error as AppError).fields?.[0]?.field).toBe(attempt.field);
    }
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });
});
