import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { totpCode, totpStep } from '../src/lib/totp.ts';
import { resetAdminSecondFactor } from '../src/modules/users/admin-provisioning.service.ts';
import { createTestApp, databaseFingerprint, type TestApp, TEST_PASSWORD } from './test-app.ts';

/**
 * The second sign-in factor (等保 2.0 §8.1.4.1 d; security-notes S5): every staff sign-in under
 * STAFF_SECOND_FACTOR=required needs a TOTP code, a code works once, wrong codes lock the account as wrong passwords
 * do, and the security admin resets a lost authenticator. Codes are computed from the key the server hands out at
 * enrolment, at the injected clock's time.
 */
interface Challenge {
  secondFactor: 'totp' | 'enrol';
  challenge: string;
  challengeExpiresAt: string;
  enrolment?: { secret: string; otpauthUri: string; qrSvg: string };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function harness(get: () => TestApp) {
  const t = () => get();
  return {
    login: (username: string, password = TEST_PASSWORD) =>
      t().app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } }),
    complete: (challenge: string, code: string) =>
      t().app.inject({ method: 'POST', url: '/api/auth/login/second-factor', payload: { challenge, code } }),
    /** The code of `secret` at the clock's time, `stepsAgo` steps back. */
    code: (secret: string, stepsAgo = 0) => totpCode(secret, totpStep(t().clock.now()) - stepsAgo),
    /** Moves the clock to the next 30-second step, so a new code exists (each code works once). */
    nextStep: () => t().clock.set(new Date((totpStep(t().clock.now()) + 1) * 30_000 + 1_000)),
    audit: async (targetId: string, action: string) =>
      (
        await t().ctx.database.pool.query<{ after: Record<string, unknown> | null }>(
          'SELECT after FROM audit_events WHERE target_id = $1 AND action = $2 ORDER BY seq',
          [targetId, action],
        )
      ).rows,
  };
}

const errorCode = (response: LightMyRequestResponse) => response.json<{ code: string }>().code;

describe('second factor, STAFF_SECOND_FACTOR=required', () => {
  let t: TestApp;
  const h = harness(() => t);
  /** The window clerk's key, from its enrolment (the first test). */
  let windowSecret = '';
  let windowId = '';

  beforeAll(async () => {
    // With the rest of the production profile: an account the system admin opens changes its initial password.
    t = await createTestApp({ STAFF_SECOND_FACTOR: 'required', PASSWORD_INITIAL_MUST_CHANGE: 'true' });
  });
  afterAll(async () => t?.close());

  it('a new clerk in production: password, then enrolment with the first code, then the initial password changed', async () => {
    // The system admin signs in with its own factor and opens the account.
    const admin = (await h.login('sysAdmin')).json<Challenge>();
    const adminSecret = admin.enrolment!.secret;
    const adminToken = (await h.complete(admin.challenge, h.code(adminSecret))).json<{ token: string }>().token;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(adminToken),
      payload: {
        username: 'new.window',
        displayName: '新到岗 窗口人员',
        password: TEST_PASSWORD,
        role: 'window',
        regionCode: '330300',
        departmentId: (
          await t.ctx.database.pool.query<{ id: string }>(
            "SELECT department_id AS id FROM users WHERE username = 'window'",
          )
        ).rows[0]!.id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);

    const first = (await h.login('new.window')).json<Challenge>();
    expect(first.secondFactor).toBe('enrol');
    const session = await h.complete(first.challenge, h.code(first.enrolment!.secret));
    expect(session.statusCode).toBe(200);
    const { token, user } = session.json<{ token: string; user: { passwordChangeDue: boolean } }>();
    expect(user.passwordChangeDue).toBe(true);
    const inbox = () => t.app.inject({ method: 'GET', url: '/api/window/applications', headers: bearer(token) });
    expect((await inbox()).json<{ code: string }>().code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(token),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Chuangkou#Own-2026' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await inbox()).statusCode).toBe(200);
  });

  it('a staff account without a factor gets no session for its password: it enrols with its first code', async () => {
    const first = await h.login('window');
    expect(first.statusCode).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    const challenge = first.json<Challenge & { token?: string }>();
    expect(challenge.token).toBeUndefined();
    expect(challenge.secondFactor).toBe('enrol');
    expect(challenge.challenge).toMatch(/^ywc_/);
    expect(new Date(challenge.challengeExpiresAt).getTime() - t.clock.now().getTime()).toBe(5 * 60_000);
    const enrolment = challenge.enrolment!;
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new URL(enrolment.otpauthUri).searchParams.get('secret')).toBe(enrolment.secret);
    expect(enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    windowSecret = enrolment.secret;

    // A wrong code binds nothing and opens nothing.
    const wrong = await h.complete(challenge.challenge, h.code(windowSecret) === '000000' ? '111111' : '000000');
    expect(wrong.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe('AUTH_SECOND_FACTOR_INVALID');
    const row = await t.ctx.database.pool.query<{ id: string; totp_secret: string | null }>(
      "SELECT id, totp_secret FROM users WHERE username = 'window'",
    );
    windowId = row.rows[0]!.id;
    expect(row.rows[0]!.totp_secret).toBeNull();

    const done = await h.complete(challenge.challenge, h.code(windowSecret));
    expect(done.statusCode, done.body).toBe(200);
    const session = done.json<{ token: string; user: { username: string; secondFactorEnrolled: boolean } }>();
    expect(session.token).toMatch(/^yws_/);
    expect(session.user).toMatchObject({ username: 'window', secondFactorEnrolled: true });
    expect(String(done.headers['set-cookie'])).toMatch(/HttpOnly/);
    const status = await t.getOk<{ enrolled: boolean; required: boolean }>(session.token, '/api/auth/second-factor');
    expect(status).toMatchObject({ enrolled: true, required: true });

    // The key is stored SM4-encrypted, never as typed into the app.
    const stored = await t.ctx.database.pool.query<{ totp_secret: string }>(
      'SELECT totp_secret FROM users WHERE id = $1',
      [windowId],
    );
    expect(stored.rows[0]!.totp_secret).toMatch(/^v1:/);
    expect(stored.rows[0]!.totp_secret).not.toContain(windowSecret);
    expect(await h.audit(windowId, 'auth.second_factor_challenged')).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ purpose: 'enrol' }) }),
    ]);
    expect(await h.audit(windowId, 'auth.second_factor_enrolled')).toHaveLength(1);
    expect(await h.audit(windowId, 'auth.login_failed')).toEqual([{ after: { reason: 'second_factor', failures: 1 } }]);
  });

  it('then asks every sign-in for a code; a code works once, the previous step is still accepted', async () => {
    const challenge = (await h.login('window')).json<Challenge>();
    expect(challenge.secondFactor).toBe('totp');
    expect(challenge.enrolment).toBeUndefined();
    // The enrolment's code (this same step) was used: refused.
    const replay = await h.complete(challenge.challenge, h.code(windowSecret));
    expect(replay.statusCode).toBe(401);
    expect(errorCode(replay)).toBe('AUTH_SECOND_FACTOR_INVALID');

    h.nextStep();
    // The enrolment's step is the one before now, and used: still refused.
    const late = await h.complete(challenge.challenge, h.code(windowSecret, 1));
    expect(late.statusCode).toBe(401);
    // One step further on, the code of the step before (unused: typed as it rolled over) is accepted.
    h.nextStep();
    const fresh = await h.complete(challenge.challenge, h.code(windowSecret, 1));
    expect(fresh.statusCode, fresh.body).toBe(200);
    // Two steps back is too late (the sign-in test of the lock below counts wrong codes from a fresh start).
    const tooOld = (await h.login('window')).json<Challenge>();
    h.nextStep();
    h.nextStep();
    expect((await h.complete(tooOld.challenge, h.code(windowSecret, 2))).statusCode).toBe(401);
    // The challenge is spent once used.
    const again = await h.complete(challenge.challenge, h.code(windowSecret));
    expect(errorCode(again)).toBe('AUTH_CHALLENGE_EXPIRED');
    const logins = await t.ctx.database.pool.query<{ after: unknown }>(
      "SELECT after FROM audit_events WHERE actor_id = $1 AND action = 'auth.login' ORDER BY seq",
      [windowId],
    );
    expect(logins.rows.at(-1)).toEqual({ after: { secondFactor: 'totp' } });
  });

  it('two sign-ins racing with the same code: exactly one gets a session', async () => {
    h.nextStep();
    const [a, b] = await Promise.all([h.login('window'), h.login('window')]);
    const code = h.code(windowSecret);
    const results = await Promise.all([
      h.complete(a.json<Challenge>().challenge, code),
      h.complete(b.json<Challenge>().challenge, code),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('a challenge lasts five minutes', async () => {
    h.nextStep();
    const challenge = (await h.login('window')).json<Challenge>();
    t.clock.advanceMinutes(6);
    const late = await h.complete(challenge.challenge, h.code(windowSecret));
    expect(late.statusCode).toBe(401);
    expect(errorCode(late)).toBe('AUTH_CHALLENGE_EXPIRED');
    const unknown = await h.complete('ywc_not-a-challenge', h.code(windowSecret));
    expect(errorCode(unknown)).toBe('AUTH_CHALLENGE_EXPIRED');
  });

  it('wrong codes count towards the lock like wrong passwords; a locked account gets no session for a right code', async () => {
    // A successful sign-in first, so the count starts from zero (the race's loser counted one).
    h.nextStep();
    const reset = (await h.login('window')).json<Challenge>();
    expect((await h.complete(reset.challenge, h.code(windowSecret))).statusCode).toBe(200);
    h.nextStep();
    const right = h.code(windowSecret);
    const wrong = right === '999999' ? '888888' : '999999';
    const spare = (await h.login('window')).json<Challenge>();
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 5; i += 1) {
      const challenge = (await h.login('window')).json<Challenge>();
      last = await h.complete(challenge.challenge, wrong);
    }
    expect(last!.statusCode).toBe(423);
    const rightButLocked = await h.complete(spare.challenge, right);
    expect(rightButLocked.statusCode).toBe(423);
    const afterLock = await h.login('window');
    expect(afterLock.statusCode).toBe(423);
    expect(await h.audit(windowId, 'auth.account_locked')).toHaveLength(1);
  });

  it('the security admin resets a lost authenticator: sessions end and the account enrols again', async () => {
    // The security admin enrols first (it is staff).
    const secChallenge = (await h.login('secAdmin')).json<Challenge>();
    const secSecret = secChallenge.enrolment!.secret;
    const secSession = (await h.complete(secChallenge.challenge, h.code(secSecret))).json<{ token: string }>().token;
    const unlock = await t.app.inject({
      method: 'POST',
      url: `/api/users/${windowId}/unlock`,
      headers: bearer(secSession),
    });
    expect(unlock.statusCode).toBe(200);
    const policy = await t.getOk<{ staffSecondFactor: string }>(secSession, '/api/security/policy');
    expect(policy.staffSecondFactor).toBe('required');

    h.nextStep();
    const clerk = (await h.login('window')).json<Challenge>();
    const clerkSession = (await h.complete(clerk.challenge, h.code(windowSecret))).json<{ token: string }>().token;
    const pending = (await h.login('window')).json<Challenge>();

    const listed = await t.getOk<{ secondFactorEnrolled: boolean }>(secSession, `/api/users/${windowId}`);
    expect(listed.secondFactorEnrolled).toBe(true);
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/users/${windowId}/second-factor/reset`,
      headers: bearer(secSession),
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json<{ secondFactorEnrolled: boolean }>().secondFactorEnrolled).toBe(false);
    expect(await h.audit(windowId, 'user.second_factor_reset')).toHaveLength(1);
    // The clerk's session ended; a sign-in half done when the reset came cannot be finished with the old key.
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(clerkSession) });
    expect(me.statusCode).toBe(401);
    h.nextStep();
    expect(errorCode(await h.complete(pending.challenge, h.code(windowSecret)))).toBe('AUTH_CHALLENGE_EXPIRED');
    // Next sign-in: a new key.
    const again = (await h.login('window')).json<Challenge>();
    expect(again.secondFactor).toBe('enrol');
    expect(again.enrolment!.secret).not.toBe(windowSecret);

    // Nothing to reset: 409. An admin account: the operator's, not the security admin's.
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/users/${windowId}/second-factor/reset`,
      headers: bearer(secSession),
    });
    expect(errorCode(twice)).toBe('SECOND_FACTOR_NOT_ENROLLED');
    const secId = (await t.ctx.database.pool.query<{ id: string }>("SELECT id FROM users WHERE username = 'secAdmin'"))
      .rows[0]!.id;
    const own = await t.app.inject({
      method: 'POST',
      url: `/api/users/${secId}/second-factor/reset`,
      headers: bearer(secSession),
    });
    expect(own.statusCode).toBe(403);

    // The operator's reset of the security admin's own factor (npm run admin:reset-second-factor).
    await resetAdminSecondFactor(t.ctx, 'secAdmin');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(secSession) })).statusCode).toBe(
      401,
    );
    expect((await h.login('secAdmin')).json<Challenge>().secondFactor).toBe('enrol');
    await expect(resetAdminSecondFactor(t.ctx, 'window')).rejects.toThrow();
  });

  it('a staff account cannot remove its factor under `required`; an enterprise account signs in with its password', async () => {
    h.nextStep();
    const dept = (await h.login('department')).json<Challenge>();
    const secret = dept.enrolment!.secret;
    const token = (await h.complete(dept.challenge, h.code(secret))).json<{ token: string }>().token;
    h.nextStep();
    const remove = await t.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/remove',
      headers: bearer(token),
      payload: { currentPassword: TEST_PASSWORD, code: h.code(secret) },
    });
    expect(remove.statusCode).toBe(409);
    expect(errorCode(remove)).toBe('SECOND_FACTOR_REQUIRED_BY_POLICY');

    const applicant = await h.login('applicant');
    expect(applicant.json<{ token?: string }>().token).toMatch(/^yws_/);
  });

  it('refuses malformed codes before looking anything up, and stores nothing', async () => {
    const before = await databaseFingerprint(t.ctx);
    for (const payload of [
      { challenge: 'ywc_x', code: '12345' },
      { challenge: 'ywc_x', code: '1234567' },
      { challenge: 'ywc_x', code: '12a456' },
      { challenge: '', code: '123456' },
      { challenge: 'ywc_x' },
      { challenge: 'ywc_x', code: 123456 },
    ]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login/second-factor', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ messageEn: string }>().messageEn).toBeTruthy();
    }
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });
});

describe('second factor, STAFF_SECOND_FACTOR=optional (the default outside production)', () => {
  let t: TestApp;
  const h = harness(() => t);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('reports the policy to the three admins', async () => {
    const policy = await t.getOk<{ staffSecondFactor: string }>(await t.login('secAdmin'), '/api/security/policy');
    expect(policy.staffSecondFactor).toBe('optional');
  });

  it('any account may set up a factor from 账户安全 (password first, then a code), and must give codes from then on', async () => {
    const token = await t.login('applicant');
    const post = (url: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url, headers: bearer(token), payload });

    const before = await databaseFingerprint(t.ctx);
    const badPassword = await post('/api/auth/second-factor/setup', { currentPassword: 'not-it' });
    expect(badPassword.statusCode).toBe(400);
    expect(badPassword.json<{ fields: { field: string }[] }>().fields[0]!.field).toBe('currentPassword');
    expect(await databaseFingerprint(t.ctx)).toEqual(before);

    const setup = await post('/api/auth/second-factor/setup', { currentPassword: TEST_PASSWORD });
    expect(setup.statusCode, setup.body).toBe(200);
    const { challenge, enrolment } = setup.json<Challenge>();
    const secret = enrolment!.secret;
    const wrong = await post('/api/auth/second-factor/confirm', {
      challenge,
      code: h.code(secret) === '123123' ? '321321' : '123123',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ fields: { field: string }[] }>().fields[0]!.field).toBe('code');
    const ok = await post('/api/auth/second-factor/confirm', { challenge, code: h.code(secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ enrolled: true, required: false });
    expect((await post('/api/auth/second-factor/setup', { currentPassword: TEST_PASSWORD })).statusCode).toBe(409);

    // Signing in now needs the code, whatever the staff policy.
    h.nextStep();
    const login = (await h.login('applicant')).json<Challenge>();
    expect(login.secondFactor).toBe('totp');
    const session = await h.complete(login.challenge, h.code(secret));
    expect(session.statusCode).toBe(200);

    // Removal: the password and a fresh code (the sign-in's was used).
    const stale = await post('/api/auth/second-factor/remove', {
      currentPassword: TEST_PASSWORD,
      code: h.code(secret),
    });
    expect(stale.statusCode).toBe(400);
    h.nextStep();
    const removed = await post('/api/auth/second-factor/remove', {
      currentPassword: TEST_PASSWORD,
      code: h.code(secret),
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ enrolled: false });
    expect((await h.login('applicant')).json<{ token?: string }>().token).toMatch(/^yws_/);
    const applicantId = (
      await t.ctx.database.pool.query<{ id: string }>("SELECT id FROM users WHERE username = 'applicant'")
    ).rows[0]!.id;
    expect(await h.audit(applicantId, 'auth.second_factor_enrolled')).toHaveLength(1);
    expect(await h.audit(applicantId, 'auth.second_factor_removed')).toHaveLength(1);
    expect(await h.audit(applicantId, 'auth.second_factor_failed')).toHaveLength(1);
  });

  it('a staff account without a factor signs in with its password alone', async () => {
    const response = await h.login('window');
    expect(response.json<{ token?: string }>().token).toMatch(/^yws_/);
  });
});
