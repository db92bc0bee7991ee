import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableInactiveAccounts } from '../src/modules/users/users.service.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * 等保 2.0 §8.1.4.2 c (应及时删除或停用多余的、过期的账户) with ACCOUNT_INACTIVE_DAYS=180, as in production: the hourly
 * sweep disables staff accounts unused that long, and only those.
 */
const DAY = 86_400_000;

describe('inactive staff accounts (ACCOUNT_INACTIVE_DAYS=180)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ACCOUNT_INACTIVE_DAYS: '180' });
  });
  afterAll(async () => t?.close());

  const statusOf = async (username: string) =>
    (
      await t.ctx.database.pool.query<{ id: string; status: string }>(
        'SELECT id, status FROM users WHERE username = $1',
        [username],
      )
    ).rows[0]!;

  it('disables the staff accounts unused for 180 days, audited, and leaves every other account alone', async () => {
    const start = t.clock.now().getTime();
    expect(await disableInactiveAccounts(t.ctx)).toBe(0);

    t.clock.set(new Date(start + 100 * DAY));
    await t.login('department'); // signed in on day 100: 81 days unused on day 181
    t.clock.set(new Date(start + 181 * DAY));
    const disabled = await disableInactiveAccounts(t.ctx);
    expect(disabled).toBeGreaterThan(0);

    expect((await statusOf('window')).status).toBe('disabled');
    expect((await statusOf('supervisor')).status).toBe('disabled');
    expect((await statusOf('department')).status).toBe('active');
    for (const untouched of ['applicant', 'agent', 'bank', 'intermediary', 'sysAdmin', 'secAdmin', 'auditAdmin']) {
      expect((await statusOf(untouched)).status, untouched).toBe('active');
    }
    const window = await statusOf('window');
    const audit = await t.ctx.database.pool.query<{ actor_username: string; after: Record<string, unknown> }>(
      "SELECT actor_username, after FROM audit_events WHERE target_id = $1 AND action = 'user.disabled'",
      [window.id],
    );
    expect(audit.rows).toEqual([
      { actor_username: 'system', after: { status: 'disabled', reason: 'inactive', inactiveDays: 180 } },
    ]);
    // Swept once: a second pass finds nothing new.
    expect(await disableInactiveAccounts(t.ctx)).toBe(0);

    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'window', password: 'Test@Pass2026' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string; message: string }>()).toMatchObject({
      code: 'AUTH_ACCOUNT_DISABLED',
      message: expect.stringContaining('安全管理员'),
    });
  });

  it('an account the security admin enables again gets its full period before the next sweep disables it', async () => {
    const window = await statusOf('window');
    const enabled = await t.app.inject({
      method: 'POST',
      url: `/api/users/${window.id}/enable`,
      headers: { authorization: `Bearer ${await t.login('secAdmin')}` },
    });
    expect(enabled.statusCode, enabled.body).toBe(200);
    expect(await disableInactiveAccounts(t.ctx)).toBe(0);
    expect((await statusOf('window')).status).toBe('active');
    const lastLogin = await t.getOk<{ lastLoginAt: string | null }>(await t.login('window'), '/api/auth/me');
    expect(lastLogin.lastLoginAt).toBe(t.clock.now().toISOString());
  });
});
