import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

/** PUBLIC_RATE_LIMIT_PER_MINUTE (plugins/public-rate-limit.ts): anonymous callers of the public routes, per address. */
describe('public routes rate limit (ASVS V11.1.4)', () => {
  let t: TestApp;
  const LIMIT = 3;
  /** A code not registered here: answered 200 (`valid`, and no project), a lookup like any other. */
  const UNKNOWN_CODE = '/api/public/project-codes/2611-330300-04-01-999999';
  const anonymous = (url: string, remoteAddress = '203.0.113.7') => t.app.inject({ method: 'GET', url, remoteAddress });

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });
  afterAll(async () => t?.close());

  it('answers an address its 4th anonymous lookup within a minute with 429, in Chinese and English, with Retry-After', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await anonymous(UNKNOWN_CODE)).statusCode).toBe(200);
    const refused = await anonymous(UNKNOWN_CODE);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.json<{ message: string }>().message).toMatch(/^请求过于频繁，请稍后再试（\d+ 秒后重试）$/);
    expect(refused.json<{ messageEn: string }>().messageEn).toMatch(
      /^Too many requests, try again later \(retry after \d+ s\)$/,
    );
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Another address is counted apart.
    expect((await anonymous(UNKNOWN_CODE, '203.0.113.8')).statusCode).toBe(200);
    // A signed-in caller is not counted, from the same address (staff read guides, regions and codes all day).
    const token = await t.login('window');
    for (let i = 0; i < LIMIT + 2; i++) {
      const response = await t.app.inject({
        method: 'GET',
        url: UNKNOWN_CODE,
        remoteAddress: '203.0.113.7',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
    }
    // The probes are never counted.
    for (let i = 0; i < LIMIT + 2; i++) {
      expect((await anonymous('/api/health')).statusCode).toBe(200);
      expect((await anonymous('/metrics')).statusCode).toBe(200);
    }
  });

  it('limits every public GET route of the app, each counted on its own', async () => {
    const publicGets = t.app.routeRegistry.filter(
      (r) => r.policy === 'public' && r.method === 'GET' && !['/api/health', '/metrics'].includes(r.url),
    );
    expect(publicGets.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        '/api/public/project-codes/:code',
        '/api/public/licences/:number',
        '/api/public/filings',
      ]),
    );
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    // One address for all of them: a route's budget is its own, so each one's first requests still pass after the
    // routes before it refused that address.
    const address = '198.51.100.1';
    for (const route of publicGets) {
      const documented = doc.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.get?.responses;
      if (route.url.startsWith('/api/public/')) expect(Object.keys(documented ?? {}), route.url).toContain('429');
      const url = route.url.replace(/:[A-Za-z0-9_]+/g, 'x');
      for (let n = 0; n < LIMIT; n++) expect((await anonymous(url, address)).statusCode, url).not.toBe(429);
      expect((await anonymous(url, address)).statusCode, url).toBe(429);
    }
  });

  it('sign-in keeps its own limit (AUTH_RATE_LIMIT_PER_MINUTE), not the public one', async () => {
    for (let i = 0; i < LIMIT + 2; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '192.0.2.10',
        payload: { username: 'no-such-user', password: 'Wrong-Passw0rd!' },
      });
      expect([401, 423]).toContain(response.statusCode); // wrong password, then the lockout: never the public 429
    }
  });

  it('PUBLIC_RATE_LIMIT_PER_MINUTE=0 turns the limit off', async () => {
    const unlimited = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      for (let i = 0; i < LIMIT + 2; i++) {
        expect((await unlimited.app.inject({ method: 'GET', url: UNKNOWN_CODE })).statusCode).toBe(200);
      }
    } finally {
      await unlimited.close();
    }
  });
});
