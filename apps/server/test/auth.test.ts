import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { purgeUnknownLoginAttempts } from '../src/modules/auth/auth.service.ts';
import { seedDemoData } from '../src/seed/demo-seed.ts';
import { createTestApp, type TestApp, TEST_PASSWORD } from './test-app.ts';

/**
 * Sign-in, sessions and credentials end to end: real argon2, real database, the injected clock for lockouts and idle
 * timeouts. Tests that change an account's state (lock, disable, password) use an account of their own, and every test
 * signs in afresh, because other tests move the shared clock past the idle timeout.
 */
interface ErrorBody {
  code: string;
  message: string;
  messageEn: string;
  requestId: string;
  fields?: { field: string; message: string; messageEn: string }[];
  lockedUntil?: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  function login(username: string, password: string, headers: Record<string, string> = {}) {
    return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
  }

  function me(headers: Record<string, string>) {
    return t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
  }

  /** A fresh non-demo account, created by the system admin through the API; returns its id. */
  async function createAccount(username: string, role = 'applicant'): Promise<string> {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(await t.login('sysAdmin')),
      payload: { username, displayName: `测试账号 ${username}`, password: TEST_PASSWORD, role, regionCode: '330302' },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  }

  async function auditRows(targetId: string, action: string) {
    const result = await t.ctx.database.pool.query<{ action: string; after: Record<string, unknown> | null }>(
      'SELECT action, after FROM audit_events WHERE target_id = $1 AND action = $2 ORDER BY seq',
      [targetId, action],
    );
    return result.rows;
  }

  function errorOf(response: LightMyRequestResponse): ErrorBody {
    return response.json<ErrorBody>();
  }

  describe('login', () => {
    it('returns token, expiry and the profile with names, and sets an HttpOnly SameSite=Strict cookie', async () => {
      const response = await login('department', TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
      const body = response.json<{ token: string; expiresAt: string; user: Record<string, unknown> }>();
      expect(body.token).toMatch(/^yws_/);
      // Absolute lifetime: 12 hours from the (frozen) clock.
      expect(body.expiresAt).toBe(new Date(t.clock.now().getTime() + 12 * 3_600_000).toISOString());
      expect(body.user).toMatchObject({
        username: 'department',
        role: 'department',
        regionCode: '330300',
        regionName: '温州市',
        departmentName: '温州市发展和改革局',
        departmentSteps: ['undertake', 'review', 'sign'],
      });
      expect(body.user).not.toHaveProperty('passwordHash');
      expect(body.user).not.toHaveProperty('status');

      const setCookie = response.headers['set-cookie'];
      const cookieHeader = Array.isArray(setCookie) ? setCookie.join('\n') : String(setCookie);
      expect(cookieHeader).toMatch(/yiwang_session=/);
      expect(cookieHeader).toMatch(/HttpOnly/i);
      expect(cookieHeader).toMatch(/SameSite=Strict/i);
      expect(cookieHeader).toMatch(/Path=\//);
      const cookie = response.cookies.find((c) => c.name === 'yiwang_session');
      expect(cookie?.value).toBe(body.token);

      const viaBearer = await me(bearer(body.token));
      expect(viaBearer.statusCode).toBe(200);
      expect(viaBearer.json()).toMatchObject({ username: 'department', regionName: '温州市' });

      const viaCookie = await me({ cookie: `yiwang_session=${body.token}` });
      expect(viaCookie.statusCode).toBe(200);
      expect(viaCookie.json()).toMatchObject({ username: 'department' });

      expect((await me({})).statusCode).toBe(401);
      expect((await me(bearer('yws_not-a-real-token'))).statusCode).toBe(401);
    });

    it('answers an unknown username exactly like a wrong password', async () => {
      const unknown = await login('nobody-here', 'Wrong-Passw0rd!');
      const wrong = await login('agent', 'Wrong-Passw0rd!');
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      const { requestId: unknownId, ...unknownBody } = errorOf(unknown);
      const { requestId: wrongId, ...wrongBody } = errorOf(wrong);
      expect(unknownBody).toEqual(wrongBody);
      expect(unknownBody.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(unknownId).not.toBe(wrongId);
      expect(unknown.headers['set-cookie']).toBeUndefined();
      expect(wrong.headers['set-cookie']).toBeUndefined();
      // Both attempts are audited; the unknown one names no account.
      const unknownAudit = await t.ctx.database.pool.query(
        `SELECT target_id, after FROM audit_events WHERE action = 'auth.login_failed' AND actor_username = 'nobody-here'`,
      );
      expect(unknownAudit.rows).toEqual([{ target_id: null, after: { reason: 'unknown_user', failures: 1 } }]);
      // The wrong password was counted against the account; a good sign-in resets the counter.
      expect((await login('agent', TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('rejects a body with unknown properties or the wrong types', async () => {
      const extra = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'agent', password: TEST_PASSWORD, remember: true },
      });
      expect(extra.statusCode).toBe(400);
      expect(errorOf(extra).fields?.map((f) => f.field)).toContain('remember');
      const typed = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'agent', password: 12345678 },
      });
      expect(typed.statusCode).toBe(400);
      expect(errorOf(typed).fields?.map((f) => f.field)).toContain('password');
    });
  });

  describe('等保 8.1.4.1 b lockout', () => {
    it('locks after 5 failures for 30 minutes, audits every failure and the lock, then lets the owner back in', async () => {
      const id = await createAccount('lockme');
      for (let attempt = 1; attempt <= 4; attempt++) {
        const response = await login('lockme', `Wrong-Passw0rd-${attempt}`);
        expect(response.statusCode, `attempt ${attempt}`).toBe(401);
        expect(errorOf(response).code).toBe('AUTH_INVALID_CREDENTIALS');
      }
      const fifth = await login('lockme', 'Wrong-Passw0rd-5');
      expect(fifth.statusCode).toBe(423);
      const expectedUntil = new Date(t.clock.now().getTime() + 30 * 60_000).toISOString();
      expect(errorOf(fifth)).toMatchObject({ code: 'AUTH_ACCOUNT_LOCKED', lockedUntil: expectedUntil });
      expect(errorOf(fifth).message).toBe('登录失败次数过多，账号已锁定');

      // The right password does not open a locked account.
      const refused = await login('lockme', TEST_PASSWORD);
      expect(refused.statusCode).toBe(423);
      expect(errorOf(refused)).toMatchObject({ code: 'AUTH_ACCOUNT_LOCKED', lockedUntil: expectedUntil });
      // Still locked one minute before the end.
      t.clock.advanceMinutes(29);
      expect((await login('lockme', TEST_PASSWORD)).statusCode).toBe(423);

      // Five wrong passwords, then two refusals of the locked account — every attempt is audited (等保 8.1.4.3 a).
      const failed = await auditRows(id, 'auth.login_failed');
      expect(failed.map((r) => r.after?.failures ?? r.after?.reason)).toEqual([1, 2, 3, 4, 5, 'locked', 'locked']);
      const locked = await auditRows(id, 'auth.account_locked');
      expect(locked).toHaveLength(1);
      expect(locked[0]!.after).toEqual({ lockedUntil: expectedUntil });

      t.clock.advanceMinutes(2);
      const after = await login('lockme', TEST_PASSWORD);
      expect(after.statusCode, after.body).toBe(200);
      expect(await auditRows(id, 'auth.login_failed')).toHaveLength(7);
    });

    it('locks an unknown username as it locks an account, so a 423 does not tell that a name exists', async () => {
      await createAccount('lockme-too');
      const answers = async (username: string) => {
        const out: { status: number; body: Record<string, unknown> }[] = [];
        for (let attempt = 1; attempt <= 5; attempt++) {
          const response = await login(username, `Wrong-Passw0rd-${attempt}`);
          const { requestId: _requestId, ...body } = errorOf(response);
          out.push({ status: response.statusCode, body });
        }
        return out;
      };
      const known = await answers('lockme-too');
      // Any case of the name counts for the same name, as usernames are unique whatever their case.
      const unknown = await answers('Nobody-Locked');
      expect(unknown).toEqual(known);
      expect(unknown.map((a) => a.status)).toEqual([401, 401, 401, 401, 423]);
      const expectedUntil = new Date(t.clock.now().getTime() + 30 * 60_000).toISOString();
      expect(unknown[4]!.body).toMatchObject({ code: 'AUTH_ACCOUNT_LOCKED', lockedUntil: expectedUntil });
      const again = await login('nobody-locked', TEST_PASSWORD);
      expect(again.statusCode).toBe(423);
      expect(errorOf(again)).toMatchObject({ lockedUntil: expectedUntil });

      // Every attempt audited, naming no account.
      const audited = await t.ctx.database.pool.query<{ target_id: string | null; after: Record<string, unknown> }>(
        `SELECT target_id, after FROM audit_events WHERE action = 'auth.login_failed'
           AND lower(actor_username) = 'nobody-locked' ORDER BY occurred_at, seq`,
      );
      expect(audited.rows.map((r) => r.after.failures ?? r.after.reason)).toEqual([1, 2, 3, 4, 5, 'locked']);
      expect(audited.rows.every((r) => r.target_id === null)).toBe(true);

      // After the lock, wrong answers start again from 401, as for the account.
      t.clock.advanceMinutes(31);
      expect((await login('nobody-locked', 'Wrong-Passw0rd-6')).statusCode).toBe(401);
      expect((await login('lockme-too', 'Wrong-Passw0rd-6')).statusCode).toBe(401);

      // Housekeeping keeps the row while it is recent, drops it after 30 days untouched.
      expect(await purgeUnknownLoginAttempts(t.ctx)).toBe(0);
      t.clock.advanceMinutes(31 * 24 * 60);
      expect(await purgeUnknownLoginAttempts(t.ctx)).toBeGreaterThanOrEqual(1);
      const left = await t.ctx.database.pool.query(
        `SELECT 1 FROM unknown_login_attempts WHERE username_key = 'nobody-locked'`,
      );
      expect(left.rows).toHaveLength(0);
    });

    it('counts failures per account: a success in between starts the count again', async () => {
      await createAccount('resetme');
      for (let attempt = 1; attempt <= 4; attempt++)
        expect((await login('resetme', 'Nope-Passw0rd!')).statusCode).toBe(401);
      expect((await login('resetme', TEST_PASSWORD)).statusCode).toBe(200);
      for (let attempt = 1; attempt <= 4; attempt++)
        expect((await login('resetme', 'Nope-Passw0rd!')).statusCode).toBe(401);
      expect((await login('resetme', TEST_PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('sessions', () => {
    it('ends a session idle for more than 30 minutes', async () => {
      const token = await t.login('window');
      t.clock.advanceMinutes(31);
      const response = await me(bearer(token));
      expect(response.statusCode).toBe(401);
      expect(errorOf(response).code).toBe('AUTH_SESSION_EXPIRED');
      // Expired means ended: turning the clock back does not revive it.
      t.clock.advanceMinutes(-31);
      expect((await me(bearer(token))).statusCode).toBe(401);
      t.clock.advanceMinutes(31);
    });

    it('keeps a session alive while it is used', async () => {
      const token = await t.login('window');
      t.clock.advanceMinutes(20);
      expect((await me(bearer(token))).statusCode).toBe(200);
      t.clock.advanceMinutes(20);
      expect((await me(bearer(token))).statusCode).toBe(200);
      t.clock.advanceMinutes(29);
      expect((await me(bearer(token))).statusCode).toBe(200);
      t.clock.advanceMinutes(31);
      expect(errorOf(await me(bearer(token))).code).toBe('AUTH_SESSION_EXPIRED');
    });

    it('ends a session at its absolute lifetime even while it is used', async () => {
      const token = await t.login('window');
      for (let elapsed = 0; elapsed < 12 * 60 - 25; elapsed += 25) {
        t.clock.advanceMinutes(25);
        expect((await me(bearer(token))).statusCode, `after ${elapsed + 25} minutes`).toBe(200);
      }
      t.clock.advanceMinutes(25);
      expect(errorOf(await me(bearer(token))).code).toBe('AUTH_SESSION_EXPIRED');
    });

    it('logout revokes the token and clears the cookie', async () => {
      const token = await t.login('bank');
      const other = await t.login('bank');
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true });
      const cleared = response.cookies.find((c) => c.name === 'yiwang_session');
      expect(cleared?.value).toBe('');
      const after = await me(bearer(token));
      expect(after.statusCode).toBe(401);
      expect(errorOf(after).code).toBe('AUTH_REQUIRED');
      // Only that session: the account's other session is untouched.
      expect((await me(bearer(other))).statusCode).toBe(200);
    });

    it('refuses a cookie-authenticated POST without X-Requested-With (CSRF), and accepts it with the header', async () => {
      const token = await t.login('intermediary');
      const cookie = { cookie: `yiwang_session=${token}` };
      const forged = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: cookie });
      expect(forged.statusCode).toBe(403);
      expect(errorOf(forged).code).toBe('CSRF_CHECK_FAILED');
      const wrongValue = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { ...cookie, 'x-requested-with': 'fetch' },
      });
      expect(errorOf(wrongValue).code).toBe('CSRF_CHECK_FAILED');
      // The refused requests did not sign the user out.
      expect((await me(cookie)).statusCode).toBe(200);

      const real = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { ...cookie, 'x-requested-with': 'XMLHttpRequest' },
      });
      expect(real.statusCode).toBe(200);
      expect((await me(cookie)).statusCode).toBe(401);
    });

    it('does not apply the CSRF check to bearer-authenticated requests', async () => {
      const token = await t.login('intermediary');
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('account status', () => {
    it('disabling an account ends its sessions at once and refuses sign-in; enabling restores sign-in', async () => {
      const id = await createAccount('disableme');
      const token = await t.login('disableme');
      expect((await me(bearer(token))).statusCode).toBe(200);

      const secAdmin = await t.login('secAdmin');
      const disabled = await t.app.inject({
        method: 'POST',
        url: `/api/users/${id}/disable`,
        headers: bearer(secAdmin),
      });
      expect(disabled.statusCode, disabled.body).toBe(200);
      expect(disabled.json()).toMatchObject({ id, status: 'disabled' });

      expect([401, 403]).toContain((await me(bearer(token))).statusCode);
      const refused = await login('disableme', TEST_PASSWORD);
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).code).toBe('AUTH_ACCOUNT_DISABLED');
      // Without the password, a disabled account answers as an unknown name does: the name's existence stays hidden.
      const wrongPassword = await login('disableme', 'Wrong-Passw0rd!');
      const unknownName = await login('nobody-by-this-name', 'Wrong-Passw0rd!');
      expect(wrongPassword.statusCode).toBe(401);
      expect(unknownName.statusCode).toBe(401);
      const { requestId: _wrongId, ...wrongBody } = errorOf(wrongPassword);
      const { requestId: _unknownId, ...unknownBody } = errorOf(unknownName);
      expect(wrongBody.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(wrongBody).toEqual(unknownBody);
      const revoked = await t.ctx.database.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
        [id],
      );
      expect(Number(revoked.rows[0]!.n)).toBe(0);
      expect(await auditRows(id, 'user.disabled')).toHaveLength(1);

      const enabled = await t.app.inject({ method: 'POST', url: `/api/users/${id}/enable`, headers: bearer(secAdmin) });
      expect(enabled.statusCode).toBe(200);
      expect(enabled.json()).toMatchObject({ status: 'active' });
      // The old session stays dead; a new sign-in works.
      expect((await me(bearer(token))).statusCode).toBe(401);
      expect((await login('disableme', TEST_PASSWORD)).statusCode).toBe(200);
      expect(await auditRows(id, 'user.enabled')).toHaveLength(1);
    });

    it('a security admin cannot disable an admin account or their own', async () => {
      const secAdmin = await t.login('secAdmin');
      const list = await t.app.inject({ method: 'GET', url: '/api/users?pageSize=200', headers: bearer(secAdmin) });
      const users = list.json<{ items: { id: string; username: string }[] }>().items;
      const self = users.find((u) => u.username === 'secAdmin')!;
      const sysAdmin = users.find((u) => u.username === 'sysAdmin')!;
      for (const target of [self, sysAdmin]) {
        const response = await t.app.inject({
          method: 'POST',
          url: `/api/users/${target.id}/disable`,
          headers: bearer(secAdmin),
        });
        expect(response.statusCode, target.username).toBe(403);
      }
      expect((await login('sysAdmin', TEST_PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('change password', () => {
    it('checks the current password and the policy, then revokes the other sessions only', async () => {
      await createAccount('changeme');
      const mine = await t.login('changeme');
      const elsewhere = await t.login('changeme');
      const change = (payload: object) =>
        t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(mine), payload });

      const wrongCurrent = await change({ currentPassword: 'Not-The-Passw0rd', newPassword: 'N3w-Passw0rd!' });
      expect(wrongCurrent.statusCode).toBe(400);
      expect(errorOf(wrongCurrent).fields).toEqual([
        { field: 'currentPassword', message: '当前密码不正确', messageEn: 'current password is wrong' },
      ]);

      const weak = await change({ currentPassword: TEST_PASSWORD, newPassword: 'password1' });
      expect(weak.statusCode).toBe(400);
      expect(errorOf(weak).fields?.map((f) => f.field)).toEqual(['newPassword']);
      expect(errorOf(weak).fields?.[0]?.message).toMatch(/至少三类/);

      const short = await change({ currentPassword: TEST_PASSWORD, newPassword: 'Ab1!' });
      expect(errorOf(short).fields?.map((f) => f.field)).toEqual(['newPassword']);

      const same = await change({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
      expect(errorOf(same).fields?.map((f) => f.field)).toEqual(['newPassword']);

      // Nothing so far changed anything: both sessions and the old password still work.
      expect((await me(bearer(elsewhere))).statusCode).toBe(200);

      const ok = await change({ currentPassword: TEST_PASSWORD, newPassword: 'N3w-Passw0rd!' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await login('changeme', TEST_PASSWORD)).statusCode).toBe(401);
      expect((await login('changeme', 'N3w-Passw0rd!')).statusCode).toBe(200);
      expect((await me(bearer(elsewhere))).statusCode).toBe(401);
      expect((await me(bearer(mine))).statusCode).toBe(200);
    });
  });

  describe('API keys', () => {
    it('authenticates as the owning account through X-API-Key and Bearer until revoked', async () => {
      const ownerId = await createAccount('machine-client');
      const sysAdmin = await t.login('sysAdmin');
      const issued = await t.app.inject({
        method: 'POST',
        url: '/api/api-keys',
        headers: bearer(sysAdmin),
        payload: { userId: ownerId, name: '项目申报对接' },
      });
      expect(issued.statusCode, issued.body).toBe(201);
      const { id, key, prefix } = issued.json<{ id: string; key: string; prefix: string }>();
      expect(key).toMatch(/^ywk_/);
      expect(key.startsWith(prefix)).toBe(true);

      // Shown once: the list never carries the secret, and the database holds only its hash.
      const list = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: bearer(sysAdmin) });
      expect(list.body).not.toContain(key);
      const stored = await t.ctx.database.pool.query('SELECT * FROM api_keys WHERE id = $1', [id]);
      expect(JSON.stringify(stored.rows)).not.toContain(key);

      for (const headers of [{ 'x-api-key': key }, bearer(key)]) {
        const response = await me(headers);
        expect(response.statusCode, JSON.stringify(headers)).toBe(200);
        expect(response.json()).toMatchObject({ id: ownerId, username: 'machine-client' });
      }
      // A key is not a session: the idle timeout does not apply to it.
      t.clock.advanceMinutes(90);
      expect((await me({ 'x-api-key': key })).statusCode).toBe(200);

      const revoked = await t.app.inject({
        method: 'POST',
        url: `/api/api-keys/${id}/revoke`,
        headers: bearer(await t.login('sysAdmin')),
      });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
      expect((await me({ 'x-api-key': key })).statusCode).toBe(401);
      expect((await me(bearer(key))).statusCode).toBe(401);
      expect((await me({ 'x-api-key': 'ywk_made-up' })).statusCode).toBe(401);
    });

    it('refuses to issue a key for an admin account', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const list = await t.app.inject({ method: 'GET', url: '/api/users?role=secAdmin', headers: bearer(sysAdmin) });
      const secAdminId = list.json<{ items: { id: string }[] }>().items[0]!.id;
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/api-keys',
        headers: bearer(sysAdmin),
        payload: { userId: secAdminId, name: 'should not exist' },
      });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).fields?.map((f) => f.field)).toEqual(['userId']);
      const keys = await t.ctx.database.pool.query('SELECT 1 FROM api_keys WHERE user_id = $1', [secAdminId]);
      expect(keys.rowCount).toBe(0);
    });

    it('a disabled owner cannot use its key', async () => {
      const ownerId = await createAccount('machine-two');
      const issued = await t.app.inject({
        method: 'POST',
        url: '/api/api-keys',
        headers: bearer(await t.login('sysAdmin')),
        payload: { userId: ownerId, name: 'second' },
      });
      const { key } = issued.json<{ key: string }>();
      expect((await me({ 'x-api-key': key })).statusCode).toBe(200);
      await t.app.inject({
        method: 'POST',
        url: `/api/users/${ownerId}/disable`,
        headers: bearer(await t.login('secAdmin')),
      });
      const response = await me({ 'x-api-key': key });
      expect(response.statusCode).toBe(403);
      expect(errorOf(response).code).toBe('AUTH_ACCOUNT_DISABLED');
    });
  });

  describe('production', () => {
    it('refuses demo accounts (sign-in and existing sessions) but not real ones, and never seeds demo data', async () => {
      await createAccount('real-person');
      const demoSession = await t.login('applicant');
      const original = t.ctx.config;
      // The app reads ctx.config per request (auth.service login/authenticateToken), so swapping it switches modes.
      t.ctx.config = { ...original, nodeEnv: 'production' };
      try {
        const demo = await login('applicant', TEST_PASSWORD);
        expect(demo.statusCode).toBe(403);
        expect(errorOf(demo).code).toBe('AUTH_DEMO_ACCOUNT_REFUSED');
        expect(demo.headers['set-cookie']).toBeUndefined();
        const session = await me(bearer(demoSession));
        expect(session.statusCode).toBe(403);
        expect(errorOf(session).code).toBe('AUTH_DEMO_ACCOUNT_REFUSED');
        expect((await login('real-person', TEST_PASSWORD)).statusCode).toBe(200);
        await expect(seedDemoData(t.ctx)).rejects.toThrow(/production/);
      } finally {
        t.ctx.config = original;
      }
      expect((await me(bearer(demoSession))).statusCode).toBe(200);
    });
  });
});

describe('login rate limit (ASVS 6.1.1)', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => limited?.close());

  it('answers the 4th sign-in within a minute with 429 and Retry-After', async () => {
    const attempt = (password: string) =>
      limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password } });
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
    expect((await attempt('Wrong-Passw0rd!')).statusCode).toBe(401);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
    const fourth = await attempt(TEST_PASSWORD);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(fourth.json<{ message: string }>().message).toMatch(/^请求过于频繁，请稍后再试（\d+ 秒后重试）$/);
    expect(fourth.json<{ requestId: string }>().requestId).toBe(fourth.headers['x-request-id']);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    // The limit guards sign-in only; other routes are not throttled by it.
    for (let i = 0; i < 5; i++) {
      expect((await limited.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    }
  });
});
