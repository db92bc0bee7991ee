import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../src/modules/auth/password.ts';
import { createTestApp, databaseFingerprint, type TestApp, TEST_PASSWORD } from './test-app.ts';
import { DEMO_USERS } from '../src/seed/demo-seed.ts';
import { eq } from 'drizzle-orm';
import { departments, users } from '../src/db/schema/index.ts';

/** Account administration: creation and its validation, uniqueness, the region data scope, unlock, listing. */
interface FieldError {
  field: string;
  message: string;
  messageEn: string;
}
interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: string;
  regionCode: string;
  regionName: string;
  departmentId: string | null;
  departmentName: string | null;
  departmentSteps: string[];
  status: string;
  lockedUntil: string | null;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const CJK = /[\u4e00-\u9fff]/;

describe('users', () => {
  let t: TestApp;
  let lucheng: Record<string, string>; // department kind → id, region 330302
  let ouhai: Record<string, string>; // region 330304

  beforeAll(async () => {
    t = await createTestApp();
    const sysAdmin = await t.login('sysAdmin');
    const departmentsOf = async (regionCode: string) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/departments?regionCode=${regionCode}`,
        headers: bearer(sysAdmin),
      });
      expect(response.statusCode).toBe(200);
      const items = response.json<{ items: { id: string; kind: string }[] }>().items;
      return Object.fromEntries(items.map((d) => [d.kind, d.id]));
    };
    lucheng = await departmentsOf('330302');
    ouhai = await departmentsOf('330304');
  });
  afterAll(async () => t?.close());

  const fieldsOf = (response: LightMyRequestResponse) => response.json<{ fields?: FieldError[] }>().fields ?? [];

  async function createUser(token: string, payload: unknown) {
    return t.app.inject({ method: 'POST', url: '/api/users', headers: bearer(token), payload: payload as object });
  }

  const valid = (overrides: Record<string, unknown> = {}) => ({
    username: 'li.hua',
    displayName: '鹿城区发改局 李华',
    password: TEST_PASSWORD,
    role: 'department',
    regionCode: '330302',
    departmentId: lucheng.ndrc,
    departmentSteps: ['undertake', 'review'],
    ...overrides,
  });

  describe('create', () => {
    it('creates a department account with names in the view and an audit row without the password hash', async () => {
      const response = await createUser(await t.login('sysAdmin'), valid());
      expect(response.statusCode, response.body).toBe(201);
      const user = response.json<UserView>();
      expect(user).toMatchObject({
        username: 'li.hua',
        displayName: '鹿城区发改局 李华',
        role: 'department',
        regionCode: '330302',
        regionName: '鹿城区',
        departmentId: lucheng.ndrc,
        departmentName: '鹿城区发展和改革局',
        departmentSteps: ['undertake', 'review'],
        status: 'active',
        lockedUntil: null,
      });
      // No password material: neither the hash nor the password itself (the view says only whether it must change).
      expect(response.body).not.toMatch(/argon2|passwordHash/i);
      expect(response.body).not.toContain(TEST_PASSWORD);
      expect(Object.keys(user).filter((key) => /password/i.test(key))).toEqual([
        'passwordChangeDue',
        'passwordExpiresAt',
      ]);

      const audit = await t.ctx.database.pool.query<{
        after: Record<string, unknown>;
        actor_username: string;
        target_type: string;
      }>(
        "SELECT after, actor_username, target_type FROM audit_events WHERE action = 'user.created' AND target_id = $1",
        [user.id],
      );
      expect(audit.rows).toHaveLength(1);
      const row = audit.rows[0]!;
      expect(row.actor_username).toBe('sysAdmin');
      expect(row.target_type).toBe('user');
      expect(row.after).toMatchObject({ username: 'li.hua', role: 'department', regionCode: '330302' });
      expect(Object.keys(row.after).some((k) => /password_?hash/i.test(k))).toBe(false);
      expect(JSON.stringify(row.after)).not.toContain('$argon2');

      // The stored hash is argon2id, and the new account can sign in.
      const stored = await t.ctx.database.pool.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [user.id],
      );
      expect(stored.rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
      expect((await t.login('li.hua')).startsWith('yws_')).toBe(true);
    });

    it('defaults a department account to the undertake step, and other roles to none', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const clerk = await createUser(sysAdmin, valid({ username: 'clerk.one', departmentSteps: undefined }));
      expect(clerk.statusCode, clerk.body).toBe(201);
      expect(clerk.json<UserView>().departmentSteps).toEqual(['undertake']);
      const applicant = await createUser(sysAdmin, {
        username: 'applicant.two',
        displayName: '申报单位二',
        password: TEST_PASSWORD,
        role: 'applicant',
        regionCode: '330302',
      });
      expect(applicant.statusCode, applicant.body).toBe(201);
      expect(applicant.json<UserView>()).toMatchObject({
        departmentSteps: [],
        departmentId: null,
        departmentName: null,
      });
    });

    const badInputs: { name: string; payload: () => unknown; field: string }[] = [
      {
        name: 'missing username',
        payload: () => {
          const { username: _omit, ...rest } = valid({ username: 'x' });
          return rest;
        },
        field: 'username',
      },
      { name: 'username with illegal characters', payload: () => valid({ username: 'li hua!' }), field: 'username' },
      { name: 'username starting with a digit', payload: () => valid({ username: '1lihua' }), field: 'username' },
      {
        name: '2000-character displayName',
        payload: () => valid({ displayName: '李'.repeat(2000) }),
        field: 'displayName',
      },
      { name: 'number where a string belongs', payload: () => valid({ displayName: 5 }), field: 'displayName' },
      { name: 'weak password', payload: () => valid({ password: 'password1' }), field: 'password' },
      { name: 'short password', payload: () => valid({ password: 'Ab1!' }), field: 'password' },
      { name: 'unknown role', payload: () => valid({ role: 'emperor' }), field: 'role' },
      { name: 'unknown region', payload: () => valid({ regionCode: '999999' }), field: 'regionCode' },
      { name: 'malformed region code', payload: () => valid({ regionCode: '33030' }), field: 'regionCode' },
      {
        name: 'department of another region',
        payload: () => valid({ departmentId: ouhai.ndrc }),
        field: 'departmentId',
      },
      {
        name: 'unknown department',
        payload: () => valid({ departmentId: '00000000-0000-4000-8000-000000000000' }),
        field: 'departmentId',
      },
      {
        name: 'department role without a department',
        payload: () => valid({ departmentId: undefined }),
        field: 'departmentId',
      },
      {
        name: 'departmentSteps for a non-department role',
        payload: () =>
          valid({
            role: 'applicant',
            departmentId: undefined,
            departmentSteps: ['review'],
            username: 'steps.applicant',
          }),
        field: 'departmentSteps',
      },
      {
        name: 'unknown departmentSteps value',
        payload: () => valid({ departmentSteps: ['approve'] }),
        field: 'departmentSteps.0',
      },
      { name: 'an extra unknown property', payload: () => valid({ isSuperuser: true }), field: 'isSuperuser' },
      {
        name: 'a sysAdmin account',
        payload: () =>
          valid({ role: 'sysAdmin', departmentId: undefined, departmentSteps: undefined, regionCode: '330000' }),
        field: 'role',
      },
      {
        name: 'an auditAdmin account',
        payload: () =>
          valid({ role: 'auditAdmin', departmentId: undefined, departmentSteps: undefined, regionCode: '330000' }),
        field: 'role',
      },
      {
        name: 'a secAdmin account',
        payload: () => valid({ role: 'secAdmin', departmentId: undefined, departmentSteps: undefined }),
        field: 'role',
      },
    ];

    for (const bad of badInputs) {
      it(`refuses ${bad.name} with a field-level 400 and stores nothing`, async () => {
        const sysAdmin = await t.login('sysAdmin');
        const before = await databaseFingerprint(t.ctx);
        const response = await createUser(sysAdmin, JSON.parse(JSON.stringify(bad.payload())));
        expect(response.statusCode, response.body).toBe(400);
        const body = response.json<{ code: string; message: string; messageEn: string; requestId: string }>();
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(body.requestId).toBe(response.headers['x-request-id']);
        const fields = fieldsOf(response);
        const named = fields.filter((f) => f.field === bad.field);
        expect(named, `fields were ${JSON.stringify(fields)}`).not.toHaveLength(0);
        for (const f of fields) {
          expect(f.message).toMatch(CJK);
          expect(f.messageEn).toMatch(/^[\x20-\x7e]+$/);
        }
        expect(await databaseFingerprint(t.ctx)).toEqual(before);
      });
    }

    it('reports every wrong field at once', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const before = await databaseFingerprint(t.ctx);
      const response = await createUser(sysAdmin, {
        username: '?',
        displayName: '',
        password: TEST_PASSWORD,
        role: 'nobody',
        regionCode: 'abc',
      });
      expect(response.statusCode).toBe(400);
      const fields = fieldsOf(response).map((f) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['username', 'displayName', 'role', 'regionCode']));
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });

    it('refuses malformed JSON with a 400 naming the body', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const before = await databaseFingerprint(t.ctx);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { ...bearer(sysAdmin), 'content-type': 'application/json' },
        payload: '{"username": "broken", "displayName": ',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求参数有误' });
      expect(fieldsOf(response)).toEqual([
        { field: 'body', message: '请求体格式不正确', messageEn: 'malformed request body' },
      ]);
      expect(response.body).not.toMatch(/Unexpected|SyntaxError|at JSON/);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });

    it('refuses a duplicate username case-insensitively with 409 on the username field', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const before = await databaseFingerprint(t.ctx);
      const response = await createUser(
        sysAdmin,
        valid({ username: 'Applicant', role: 'applicant', departmentId: undefined, departmentSteps: undefined }),
      );
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'CONFLICT' });
      expect(fieldsOf(response).map((f) => f.field)).toEqual(['username']);
      expect(fieldsOf(response)[0]!.message).toMatch(CJK);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });
  });

  describe('region data scope', () => {
    let ouhaiAdmin: string;
    let ouhaiClerkId: string;
    let luchengApplicantId: string;

    beforeAll(async () => {
      // A second system admin scoped to 瓯海区. Admin accounts are provisioned by the operator, so straight into the table.
      await t.ctx.database.pool.query(
        `INSERT INTO users (username, display_name, password_hash, role, region_code)
         VALUES ('ouhai.admin', '瓯海区系统管理员', $1, 'sysAdmin', '330304')`,
        [await hashPassword(TEST_PASSWORD)],
      );
      const sysAdmin = await t.login('sysAdmin');
      const clerk = await createUser(sysAdmin, {
        username: 'ouhai.clerk',
        displayName: '瓯海区窗口 张三',
        password: TEST_PASSWORD,
        role: 'window',
        regionCode: '330304',
        departmentId: ouhai.approvalService,
      });
      expect(clerk.statusCode, clerk.body).toBe(201);
      ouhaiClerkId = clerk.json<UserView>().id;
      const list = await t.app.inject({ method: 'GET', url: '/api/users?q=applicant', headers: bearer(sysAdmin) });
      luchengApplicantId = list.json<{ items: UserView[] }>().items.find((u) => u.username === 'applicant')!.id;
    });

    it('lists only the accounts of its own region subtree', async () => {
      ouhaiAdmin = await t.login('ouhai.admin');
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/users?pageSize=200',
        headers: bearer(ouhaiAdmin),
      });
      expect(response.statusCode).toBe(200);
      const { items, total } = response.json<{ items: UserView[]; total: number }>();
      // The two accounts made here and the demo accounts of 瓯海区's own departments; nobody from the city or 鹿城区.
      const seededInOuhai = DEMO_USERS.filter((u) => u.regionCode === '330304').map((u) => u.username);
      expect(seededInOuhai.length).toBeGreaterThan(0);
      expect(items.map((u) => u.username).sort()).toEqual(['ouhai.admin', 'ouhai.clerk', ...seededInOuhai].sort());
      expect(total).toBe(2 + seededInOuhai.length);
      expect(items.every((u) => u.regionCode === '330304')).toBe(true);

      // The province-level admin sees all of them, including 330302 and 330304.
      const all = await t.app.inject({
        method: 'GET',
        url: '/api/users?pageSize=200',
        headers: bearer(await t.login('sysAdmin')),
      });
      const regions = new Set(all.json<{ items: UserView[] }>().items.map((u) => u.regionCode));
      expect([...regions]).toEqual(expect.arrayContaining(['330000', '330300', '330302', '330304']));
    });

    it('answers 404 for an account outside its subtree, and finds the one inside', async () => {
      ouhaiAdmin = await t.login('ouhai.admin');
      const outside = await t.app.inject({
        method: 'GET',
        url: `/api/users/${luchengApplicantId}`,
        headers: bearer(ouhaiAdmin),
      });
      expect(outside.statusCode).toBe(404);
      expect(outside.json()).toMatchObject({ code: 'NOT_FOUND' });
      expect(outside.body).not.toContain('applicant');
      const inside = await t.app.inject({
        method: 'GET',
        url: `/api/users/${ouhaiClerkId}`,
        headers: bearer(ouhaiAdmin),
      });
      expect(inside.statusCode).toBe(200);
      expect(inside.json()).toMatchObject({ username: 'ouhai.clerk', regionName: '瓯海区' });

      const before = await databaseFingerprint(t.ctx);
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${luchengApplicantId}`,
        headers: bearer(ouhaiAdmin),
        payload: { displayName: '越权改名' },
      });
      expect(patch.statusCode).toBe(404);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });

    it('cannot create an account in another region', async () => {
      ouhaiAdmin = await t.login('ouhai.admin');
      const before = await databaseFingerprint(t.ctx);
      const response = await createUser(ouhaiAdmin, {
        username: 'sneaky',
        displayName: '越权开户',
        password: TEST_PASSWORD,
        role: 'applicant',
        regionCode: '330302',
      });
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response).map((f) => f.field)).toEqual(['regionCode']);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);

      const own = await createUser(ouhaiAdmin, {
        username: 'ouhai.applicant',
        displayName: '瓯海区申报单位',
        password: TEST_PASSWORD,
        role: 'applicant',
        regionCode: '330304',
      });
      expect(own.statusCode, own.body).toBe(201);
    });

    it('cannot issue an API key for an account outside its subtree', async () => {
      ouhaiAdmin = await t.login('ouhai.admin');
      const before = await databaseFingerprint(t.ctx);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/api-keys',
        headers: bearer(ouhaiAdmin),
        payload: { userId: luchengApplicantId, name: '越权密钥' },
      });
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response).map((f) => f.field)).toEqual(['userId']);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });
  });

  describe('unlock', () => {
    it('a security admin clears a lockout and the owner signs in again', async () => {
      const created = await createUser(await t.login('sysAdmin'), {
        username: 'forgetful',
        displayName: '健忘的申报人',
        password: TEST_PASSWORD,
        role: 'applicant',
        regionCode: '330302',
      });
      const id = created.json<UserView>().id;
      const login = (password: string) =>
        t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'forgetful', password } });
      for (let i = 0; i < 5; i++) await login('Wrong-Passw0rd!');
      expect((await login(TEST_PASSWORD)).statusCode).toBe(423);

      const secAdmin = await t.login('secAdmin');
      const view = await t.app.inject({ method: 'GET', url: `/api/users/${id}`, headers: bearer(secAdmin) });
      expect(view.json<UserView>().lockedUntil).toBe(new Date(t.clock.now().getTime() + 30 * 60_000).toISOString());

      // Only the security admin unlocks (三员分立): the system admin is refused.
      const bySysAdmin = await t.app.inject({
        method: 'POST',
        url: `/api/users/${id}/unlock`,
        headers: bearer(await t.login('sysAdmin')),
      });
      expect(bySysAdmin.statusCode).toBe(403);

      const unlocked = await t.app.inject({
        method: 'POST',
        url: `/api/users/${id}/unlock`,
        headers: bearer(secAdmin),
      });
      expect(unlocked.statusCode).toBe(200);
      expect(unlocked.json<UserView>().lockedUntil).toBeNull();
      const audit = await t.ctx.database.pool.query(
        "SELECT 1 FROM audit_events WHERE action = 'user.unlocked' AND target_id = $1",
        [id],
      );
      expect(audit.rowCount).toBe(1);
      expect((await login(TEST_PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('list', () => {
    it('pages through the accounts without gaps or repeats', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const all = await t.app.inject({ method: 'GET', url: '/api/users?pageSize=200', headers: bearer(sysAdmin) });
      const { items: everyone, total } = all.json<{ items: UserView[]; total: number }>();
      expect(total).toBe(everyone.length);
      expect(total).toBeGreaterThan(10);

      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(total / 4); page++) {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/users?page=${page}&pageSize=4`,
          headers: bearer(sysAdmin),
        });
        expect(response.statusCode).toBe(200);
        const body = response.json<{ items: UserView[]; total: number }>();
        expect(body.total).toBe(total);
        expect(body.items.length).toBe(Math.min(4, total - (page - 1) * 4));
        seen.push(...body.items.map((u) => u.id));
      }
      expect(seen).toEqual(everyone.map((u) => u.id));

      const beyond = await t.app.inject({
        method: 'GET',
        url: '/api/users?page=99&pageSize=4',
        headers: bearer(sysAdmin),
      });
      expect(beyond.json()).toEqual({ items: [], total });

      for (const bad of ['page=0', 'pageSize=201', 'pageSize=abc', 'sort=username']) {
        const response = await t.app.inject({ method: 'GET', url: `/api/users?${bad}`, headers: bearer(sysAdmin) });
        expect(response.statusCode, bad).toBe(400);
      }
    });

    it('seeds, for every demo department, an account that can take up its cases (counties and the zone included)', async () => {
      const rows = await t.ctx.db
        .select({
          department: departments.name,
          kind: departments.kind,
          role: users.role,
          steps: users.departmentSteps,
        })
        .from(departments)
        .leftJoin(users, eq(users.departmentId, departments.id));
      const uncovered = [...new Set(rows.map((r) => r.department))].filter(
        (name) =>
          !rows.some(
            (r) =>
              r.department === name &&
              (r.kind === 'approvalService'
                ? r.role === 'window'
                : r.role === 'department' && r.steps?.includes('undertake')),
          ),
      );
      expect(uncovered).toEqual([]);
      expect(rows.some((r) => r.department === '鹿城区发展和改革局')).toBe(true);
    });

    it('searches display names (Chinese substring) and usernames case-insensitively', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const search = async (q: string, extra = '') => {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/users?pageSize=200&q=${encodeURIComponent(q)}${extra}`,
          headers: bearer(sysAdmin),
        });
        expect(response.statusCode).toBe(200);
        return response.json<{ items: UserView[]; total: number }>();
      };
      const demo = await search('演示');
      expect(demo.total).toBe(DEMO_USERS.length);
      expect(demo.items.every((u) => u.displayName.includes('演示'))).toBe(true);

      const one = await search('王磊');
      expect(one.items.map((u) => u.username)).toEqual(['department']);

      expect((await search('SYSADMIN')).items.map((u) => u.username)).toContain('sysAdmin');
      // LIKE wildcards are taken literally.
      expect((await search('%')).total).toBe(0);
      expect((await search('_')).total).toBe(0);
      // Search and role filter combine.
      expect((await search('演示', '&role=window')).items.map((u) => u.username).sort()).toEqual(
        DEMO_USERS.filter((u) => u.role === 'window' || u.username === 'window')
          .map((u) => u.username)
          .sort(),
      );
      expect((await search('鹿城', '&role=window')).items.map((u) => u.username)).toEqual(['lucheng-xzsp']);
    });
  });
});
