import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TEST_PASSWORD } from './test-app.ts';

/**
 * 等保 2.0 §8.1.4.1 a (鉴别信息…定期更换) as configured in production: PASSWORD_MAX_AGE_DAYS=90 and
 * PASSWORD_INITIAL_MUST_CHANGE=true. A session whose password must be changed may read its profile, change the password
 * and sign out, and nothing else, until it does.
 */
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('password change due (rotation and initial passwords)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      PASSWORD_MAX_AGE_DAYS: '90',
      PASSWORD_INITIAL_MUST_CHANGE: 'true',
      PASSWORD_HISTORY_COUNT: '3',
    });
  });
  afterAll(async () => t?.close());

  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) }).then((r) => r.json<Profile>());
  /** A page of the account's own work: the staff search, or an applicant's 我的项目. */
  const search = (token: string, url = '/api/projects/search') =>
    t.app.inject({ method: 'GET', url, headers: bearer(token) });
  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(token),
      payload: { currentPassword, newPassword },
    });

  interface Profile {
    passwordChangeDue: boolean;
    passwordExpiresAt: string | null;
  }

  it('reports the policy', async () => {
    const policy = await t.getOk<{ passwordMaxAgeDays: number; passwordInitialMustChange: boolean }>(
      await t.login('secAdmin'),
      '/api/security/policy',
    );
    expect(policy).toMatchObject({ passwordMaxAgeDays: 90, passwordInitialMustChange: true, passwordHistoryCount: 3 });
  });

  it('an account the system admin opened changes its initial password before anything else', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(await t.login('sysAdmin')),
      payload: {
        username: 'new.clerk',
        displayName: '新开账号 经办人',
        password: TEST_PASSWORD,
        role: 'applicant',
        regionCode: '330302',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<Profile>().passwordChangeDue).toBe(true);

    const token = await t.login('new.clerk');
    expect((await me(token)).passwordChangeDue).toBe(true);
    const refused = await search(token, '/api/projects');
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');

    // The new one must differ, meet the policy and not be a common password.
    const common = await changePassword(token, TEST_PASSWORD, 'Qwer1234');
    expect(common.statusCode).toBe(400);
    expect(common.json<{ fields: { field: string; messageEn: string }[] }>().fields[0]).toMatchObject({
      field: 'newPassword',
      messageEn: expect.stringMatching(/most common/),
    });
    const changed = await changePassword(token, TEST_PASSWORD, 'Lanting-Xu-2026');
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await me(token)).passwordChangeDue).toBe(false);
    expect((await search(token, '/api/projects')).statusCode).toBe(200);
  });

  it('a password older than 90 days must be changed; the expiry moves with the change', async () => {
    const before = await me(await t.login('department'));
    expect(before.passwordChangeDue).toBe(false);
    const expiresAt = new Date(before.passwordExpiresAt!);
    const apiKey = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: bearer(await t.login('sysAdmin')),
      payload: {
        userId: (await t.ctx.database.pool.query<{ id: string }>("SELECT id FROM users WHERE username = 'department'"))
          .rows[0]!.id,
        name: '部门系统对接',
      },
    });
    expect(apiKey.statusCode, apiKey.body).toBe(201);

    t.clock.set(new Date(expiresAt.getTime() + 60_000));
    const token = await t.login('department');
    expect((await me(token)).passwordChangeDue).toBe(true);
    expect((await search(token)).statusCode).toBe(403);
    // A machine client's key is not a person's password: it keeps working.
    const byKey = await search(apiKey.json<{ key: string }>().key);
    expect(byKey.statusCode).toBe(200);

    const changed = await changePassword(token, TEST_PASSWORD, 'Wenzhou#Fgw2027');
    expect(changed.statusCode, changed.body).toBe(200);
    const after = await me(token);
    expect(after.passwordChangeDue).toBe(false);
    expect(new Date(after.passwordExpiresAt!).getTime()).toBe(t.clock.now().getTime() + 90 * 86_400_000);
    expect((await search(token)).statusCode).toBe(200);
  });

  it('a new password may not be one of the last three (PASSWORD_HISTORY_COUNT=3)', async () => {
    const token = await t.login('supervisor');
    const passwords = [TEST_PASSWORD, 'Rotation#One-2026', 'Rotation#Two-2026', 'Rotation#Three-2026'];
    for (let i = 1; i < passwords.length; i += 1) {
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
      const changed = await changePassword(token, passwords[i - 1]!, passwords[i]!);
      expect(changed.statusCode, changed.body).toBe(200);
    }
    // The first is the third former one: refused, on the field, with the count.
    for (const former of passwords.slice(0, 3)) {
      const again = await changePassword(token, passwords[3]!, former);
      expect(again.statusCode, former).toBe(400);
      expect(again.json<{ fields: { field: string; messageEn: string }[] }>().fields[0]).toEqual({
        field: 'newPassword',
        message: '新密码不能与最近 3 次使用过的密码相同',
        messageEn: 'must differ from your last 3 passwords',
      });
    }
    // One change later the first has left the history.
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    expect((await changePassword(token, passwords[3]!, 'Rotation#Four-2026')).statusCode).toBe(200);
    t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    const back = await changePassword(token, 'Rotation#Four-2026', passwords[0]!);
    expect(back.statusCode, back.body).toBe(200);
    const kept = await t.ctx.database.pool.query(
      "SELECT 1 FROM password_history h JOIN users u ON u.id = h.user_id WHERE u.username = 'supervisor'",
    );
    expect(kept.rowCount).toBe(3);
  });
});
