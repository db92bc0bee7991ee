import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, projects } from '../src/db/schema/index.ts';
import { purgeIdempotencyKeys, requestHashOf } from '../src/modules/idempotency/idempotency.service.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/** Issue 6 §3: `Idempotency-Key` — a retry never repeats a committed change; the key commits with the change. */

/** A complete 备案 project (enterprise investment, industry not in the 核准目录). */
const project = (name: string) => ({
  name,
  regionCode: '330302',
  address: '温州市鹿城区车站大道 1 号',
  scaleAndContent: '新建厂房 1 万平方米',
  totalInvestment: 3000,
  fundSources: [{ kind: 'selfRaised', amount: 3000 }],
  plannedStart: '2027-03-01',
  plannedEnd: '2028-12-31',
  industryCode: 'C2929',
  projectType: '01',
  investmentNature: 'enterprise',
  flags: [],
  industrialPolicyStatement: true,
});

describe('Idempotency-Key', () => {
  let t: TestApp;
  let token = '';
  const headers = (key?: string) => ({
    authorization: `Bearer ${token}`,
    ...(key === undefined ? {} : { 'idempotency-key': key }),
  });
  const countByName = async (name: string) =>
    (await t.ctx.db.select({ id: projects.id }).from(projects).where(eq(projects.name, name))).length;

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.login('applicant');
  });
  afterAll(async () => t?.close());

  it('replays the first answer (same status and body) and creates nothing new', async () => {
    const payload = project('幂等重放项目');
    const first = await t.app.inject({ method: 'POST', url: '/api/projects', headers: headers('k-replay-1'), payload });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const before = await databaseFingerprint(t.ctx);

    const again = await t.app.inject({ method: 'POST', url: '/api/projects', headers: headers('k-replay-1'), payload });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.headers['content-type']).toContain('application/json');
    expect(again.json()).toEqual(first.json());
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    expect(await countByName('幂等重放项目')).toBe(1);

    // The key row was written with the change and carries the answer.
    const [row] = await t.ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'k-replay-1'));
    expect(row).toMatchObject({ method: 'POST', route: '/api/projects', statusCode: 201 });
  });

  it('answers a retry whose first answer was never recorded with what the first request changed (409 in doubt)', async () => {
    const payload = { ...project('幂等存疑项目'), submit: true };
    const first = await t.app.inject({ method: 'POST', url: '/api/projects', headers: headers('k-doubt-1'), payload });
    expect(first.statusCode, first.body).toBe(201);
    const id = first.json<{ id: string }>().id;
    // The key row names the transaction's changes, written with its COMMIT: the registration, the 赋码 and, for a 备案
    // project, its filing.
    const [row] = await t.ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'k-doubt-1'));
    expect(row!.changes).toEqual([
      { action: 'project.created', targetType: 'project', targetId: id },
      { action: 'project.coded', targetType: 'project', targetId: id },
      { action: 'project.filed', targetType: 'project', targetId: id },
    ]);
    // As a process stopped between the commit and the answer leaves it: the change committed, no answer recorded.
    await t.ctx.db
      .update(idempotencyKeys)
      .set({ statusCode: null, responseBody: null, responseHeaders: null })
      .where(eq(idempotencyKeys.key, 'k-doubt-1'));
    const before = await databaseFingerprint(t.ctx);

    const again = await t.app.inject({ method: 'POST', url: '/api/projects', headers: headers('k-doubt-1'), payload });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'IDEMPOTENCY_KEY_IN_DOUBT',
      changes: [
        { action: 'project.created', targetType: 'project', targetId: id },
        { action: 'project.coded', targetType: 'project', targetId: id },
        { action: 'project.filed', targetType: 'project', targetId: id },
      ],
    });
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    expect(await countByName('幂等存疑项目')).toBe(1);
  });

  it('replays a state transition on a path with parameters (submit → 赋码) without issuing a second code', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: headers('k-submit-create'),
      payload: project('幂等赋码项目'),
    });
    const { id } = created.json<{ id: string }>();
    const submit = () =>
      t.app.inject({ method: 'POST', url: `/api/projects/${id}/submit`, headers: headers(`k-submit-${id}`) });
    const first = await submit();
    expect(first.statusCode, first.body).toBe(200);
    const code = first.json<{ code: string }>().code;
    expect(code).toBeTruthy();
    const before = await databaseFingerprint(t.ctx);
    const again = await submit();
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json<{ code: string }>().code).toBe(code);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    // Without the key the same request is a new one, refused by the state machine.
    const withoutKey = await t.app.inject({ method: 'POST', url: `/api/projects/${id}/submit`, headers: headers() });
    expect(withoutKey.statusCode).toBe(409);
  });

  it('refuses the same key with another body or another URL (422) and stores nothing', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: headers('k-reuse'),
      payload: project('幂等键复用 A'),
    });
    expect(first.statusCode).toBe(201);
    const before = await databaseFingerprint(t.ctx);
    const otherBody = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: headers('k-reuse'),
      payload: project('幂等键复用 B'),
    });
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(otherBody.json<{ message: string; messageEn: string }>().message).toMatch(/幂等键/);
    const { id } = first.json<{ id: string }>();
    const otherRoute = await t.app.inject({
      method: 'PATCH',
      url: `/api/projects/${id}`,
      headers: headers('k-reuse'),
      payload: { address: '别处' },
    });
    expect(otherRoute.statusCode).toBe(422);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });

  it('refuses a malformed key with 400 and a field message, changing nothing', async () => {
    const before = await databaseFingerprint(t.ctx);
    for (const key of ['x'.repeat(201), '   ', '键']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: headers(key),
        payload: project(`坏键 ${key.length}`),
      });
      expect(response.statusCode, key).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ field: 'Idempotency-Key' })],
      });
    }
    const longest = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: headers('y'.repeat(200)),
      payload: project('最长键'),
    });
    expect(longest.statusCode).toBe(201);
    expect(before.projects).not.toEqual((await databaseFingerprint(t.ctx)).projects);
  });

  it('binds no key when the request changed nothing: a refused request may be retried with its key', async () => {
    const bad = { ...project('先错后对'), plannedEnd: '2020-01-01' };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: headers('k-retry'),
      payload: bad,
    });
    expect(refused.statusCode).toBe(400);
    const fixed = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: headers('k-retry'),
      payload: project('先错后对'),
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
  });

  it('keys are per actor: another actor may use the same key for its own request', async () => {
    const agentToken = await t.login('agent');
    const mine = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: headers('k-shared'),
      payload: project('甲'),
    });
    expect(mine.statusCode).toBe(201);
    const theirs = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${agentToken}`, 'idempotency-key': 'k-shared' },
      payload: {},
    });
    expect(theirs.statusCode).not.toBe(422);
  });

  it('concurrent duplicates with one key create exactly one row and all get the same answer', async () => {
    const payload = project('并发重复提交');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.app.inject({ method: 'POST', url: '/api/projects', headers: headers('k-concurrent'), payload }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 201));
    const ids = new Set(responses.map((r) => r.json<{ id: string }>().id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotency-replayed'] !== 'true')).toHaveLength(1);
    expect(await countByName('并发重复提交')).toBe(1);
    const audit = await t.ctx.database.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'project.created' AND target_id = $1`,
      [[...ids][0]],
    );
    expect(Number(audit.rows[0]!.n)).toBe(1);
  });

  it('purges keys older than 24 h; a key younger stays', async () => {
    await t.ctx.db.execute(
      sql`UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key = 'k-replay-1'`,
    );
    const purged = await purgeIdempotencyKeys(t.ctx.db, t.clock);
    expect(purged).toBe(1);
    const left = await t.ctx.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(left.map((r) => r.key)).not.toContain('k-replay-1');
    expect(left.map((r) => r.key)).toContain('k-concurrent');
  });

  it('hashes a raw body (a material file) as its bytes, and a JSON body as its canonical JSON', () => {
    const sha256 = (...parts: (string | Buffer)[]) => {
      const hash = crypto.createHash('sha256');
      for (const part of parts) hash.update(part);
      return hash.digest('hex');
    };
    // A file up to UPLOAD_MAX_BYTES: read as JSON, its bytes became an object's keys (1 MB: 0.7 s and 280 MB).
    const file = crypto.randomBytes(1024 * 1024);
    expect(requestHashOf('PUT', '/api/x/file', file)).toBe(sha256('PUT\n/api/x/file\nbytes\n', file));
    const other = Buffer.from(file);
    other[0] = file[0]! ^ 1;
    expect(requestHashOf('PUT', '/api/x/file', other)).not.toBe(requestHashOf('PUT', '/api/x/file', file));
    // JSON bodies as before (keys recorded by an earlier version stay valid): key order does not matter.
    expect(requestHashOf('POST', '/api/p', { b: 1, a: [2] })).toBe(sha256('POST\n/api/p\n{"a":[2],"b":1}'));
    expect(requestHashOf('POST', '/api/p', undefined)).toBe(sha256('POST\n/api/p\nnull'));
  });

  it('documents the header in the OpenAPI description', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.json<{ info: { description: string } }>().info.description).toContain('Idempotency-Key');
  });
});
