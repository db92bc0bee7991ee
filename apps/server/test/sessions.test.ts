import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TEST_PASSWORD } from './test-app.ts';

/**
 * Where an account is signed in (ASVS 7.5.2) and signing sessions out: the holder ends one of its own sessions or all
 * the others from 账户安全; the security admin signs an account out everywhere (强制下线, ASVS 7.4.5).
 */
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface SessionItem {
  id: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

describe('sessions: list and sign out', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  async function signIn(username: string, userAgent: string): Promise<string> {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'user-agent': userAgent },
      payload: { username, password: TEST_PASSWORD },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ token: string }>().token;
  }
  const status = async (token: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode;
  const post = (token: string, url: string) => t.app.inject({ method: 'POST', url, headers: bearer(token) });
  const sessionsOf = (token: string) => t.getOk<{ items: SessionItem[] }>(token, '/api/auth/sessions');

  it('lists the live sessions with their device, marks this one, and signs another out', async () => {
    const office = await signIn('applicant', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0');
    const phone = await signIn('applicant', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1');
    const { items } = await sessionsOf(office);
    const mine = items.filter((item) => item.userAgent?.includes('Windows') || item.userAgent?.includes('iPhone'));
    expect(mine).toHaveLength(2);
    const current = items.find((item) => item.current)!;
    expect(current.userAgent).toContain('Windows');
    const other = items.find((item) => item.userAgent?.includes('iPhone'))!;
    expect(other.current).toBe(false);

    expect((await post(office, `/api/auth/sessions/${other.id}/revoke`)).statusCode).toBe(200);
    expect(await status(phone)).toBe(401);
    expect(await status(office)).toBe(200);
    expect((await post(office, `/api/auth/sessions/${other.id}/revoke`)).statusCode).toBe(404);
    expect((await sessionsOf(office)).items.some((item) => item.id === other.id)).toBe(false);
  });

  it("cannot sign out another account's session", async () => {
    const applicant = await signIn('applicant', 'test-agent applicant');
    const clerk = await signIn('window', 'test-agent window');
    const clerkSession = (await sessionsOf(clerk)).items.find((item) => item.current)!;
    const refused = await post(applicant, `/api/auth/sessions/${clerkSession.id}/revoke`);
    expect(refused.statusCode).toBe(404);
    expect(await status(clerk)).toBe(200);
  });

  it('signs out everywhere else and keeps this session; audited with the count', async () => {
    const a = await signIn('department', 'agent a');
    const b = await signIn('department', 'agent b');
    const c = await signIn('department', 'agent c');
    const response = await post(a, '/api/auth/sessions/revoke-others');
    expect(response.statusCode).toBe(200);
    expect(response.json<{ ended: number }>().ended).toBeGreaterThanOrEqual(2);
    expect([await status(a), await status(b), await status(c)]).toEqual([200, 401, 401]);
    const audit = await t.ctx.database.pool.query<{ after: { ended: number } }>(
      "SELECT after FROM audit_events WHERE action = 'auth.sessions_revoked' AND actor_username = 'department'",
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.after.ended).toBe(response.json<{ ended: number }>().ended);
  });

  it('the security admin signs an account out everywhere; it may sign in again; not an admin account', async () => {
    const one = await signIn('supervisor', 'agent one');
    const two = await signIn('supervisor', 'agent two');
    const security = await t.login('secAdmin');
    const ids = await t.ctx.database.pool.query<{ id: string; username: string }>(
      "SELECT id, username FROM users WHERE username IN ('supervisor', 'sysAdmin')",
    );
    const idOf = (username: string) => ids.rows.find((row) => row.username === username)!.id;
    const ended = await post(security, `/api/users/${idOf('supervisor')}/sessions/revoke`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect([await status(one), await status(two)]).toEqual([401, 401]);
    expect(await status(await signIn('supervisor', 'agent three'))).toBe(200);
    expect((await post(security, `/api/users/${idOf('sysAdmin')}/sessions/revoke`)).statusCode).toBe(403);
    const audit = await t.ctx.database.pool.query(
      "SELECT 1 FROM audit_events WHERE action = 'user.sessions_revoked' AND target_id = $1",
      [idOf('supervisor')],
    );
    expect(audit.rowCount).toBe(1);
  });
});
