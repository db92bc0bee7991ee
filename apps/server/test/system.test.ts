import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/database.ts';
import { DataDirLockedError } from '../src/db/embedded-postgres.ts';
import { createTestApp, databaseFingerprint, testDatabaseKind, type TestApp } from './test-app.ts';

/** Health, the OpenAPI document, security headers, the error model at the edges, metrics, the data-directory lock. */
interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}

const ERROR_BODY_KEYS = ['code', 'message', 'messageEn', 'requestId'];
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const ANY_UUID = '00000000-0000-4000-8000-000000000000';

describe('system routes', () => {
  let t: TestApp;
  /**
   * A second app on the same context, built by buildApp but not yet ready, so the test can add what createTestApp's
   * (already ready) app cannot take: test-only failing routes, and a hook that reads each route's schema as it serves.
   */
  let probe: FastifyInstance;
  const bodySchemaSeen = new Map<string, boolean>();
  const SECRET = 'connection to 10.1.2.3 failed at /srv/yiwang/secret-module.ts:42';

  beforeAll(async () => {
    t = await createTestApp();
    probe = await buildApp(t.ctx, { serveWebUi: false, logger: false });
    probe.get('/api/test-only/boom', { config: { policy: 'public' } }, async () => {
      throw new Error(SECRET);
    });
    probe.get('/api/test-only/boom-with-status', { config: { policy: 'public' } }, async () => {
      throw Object.assign(new Error(SECRET), { statusCode: 502, code: 'ECONNREFUSED' });
    });
    probe.addHook('onSend', async (request) => {
      const url = request.routeOptions.url;
      if (url) bodySchemaSeen.set(`${request.method} ${url}`, Boolean(request.routeOptions.schema?.body));
    });
    await probe.ready();
  });
  afterAll(async () => {
    await probe?.close();
    await t?.close();
  });

  /**
   * Which routes declare a body schema, read from the live routes: every registered route is requested once,
   * anonymously and without a body (so it is refused or fails validation, and changes nothing).
   */
  async function routesWithBodySchema(): Promise<Set<string>> {
    const before = await databaseFingerprint(t.ctx);
    for (const route of probe.routeRegistry) {
      if (route.url.startsWith('/api/test-only/')) continue;
      if (route.url === '/api/auth/logout') continue; // anonymous: refused anyway, but keep it obviously harmless
      await probe.inject({ method: route.method as 'GET', url: route.url.replace(/:[A-Za-z0-9_]+/g, ANY_UUID) });
    }
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    return new Set([...bodySchemaSeen].filter(([, hasBody]) => hasBody).map(([name]) => name));
  }

  it('GET /api/health reports ok and which database answers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: testDatabaseKind });
  });

  describe('OpenAPI', () => {
    let doc: OpenApiDocument;
    beforeAll(async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      doc = response.json<OpenApiDocument>();
    });

    it('is OpenAPI 3.0.x', () => {
      expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
      expect(doc.info.title).toContain('Yiwang');
      expect(doc.components?.schemas).toHaveProperty('ErrorBody');
    });

    it('lists every registered route with a success response schema, and a requestBody where there is a body', async () => {
      const registered = t.app.routeRegistry;
      expect(registered.length).toBeGreaterThan(20);
      // /metrics is registered with a schema like every other route, so it is documented too (nothing skipped).
      expect(registered.map((r) => `${r.method} ${r.url}`)).toContain('GET /metrics');
      const bodyRoutes = await routesWithBodySchema();
      // The probe really saw the body schemas (so the requestBody check below is not vacuous).
      expect([...bodyRoutes]).toEqual(
        expect.arrayContaining([
          'POST /api/auth/login',
          'POST /api/users',
          'PATCH /api/users/:id',
          'POST /api/api-keys',
        ]),
      );
      const problems: string[] = [];
      for (const route of registered) {
        const name = `${route.method} ${toOpenApiPath(route.url)}`;
        const operation = doc.paths[toOpenApiPath(route.url)]?.[route.method.toLowerCase()];
        if (!operation) {
          problems.push(`${name}: missing`);
          continue;
        }
        const success = operation.responses?.['200'] ?? operation.responses?.['201'];
        const schemas = Object.values(success?.content ?? {}).map((c) => c.schema);
        if (!schemas.some((s) => s && typeof s === 'object')) problems.push(`${name}: no 200/201 response schema`);
        const hasBody = bodyRoutes.has(`${route.method} ${route.url}`);
        if (hasBody && !operation.requestBody?.content?.['application/json']?.schema) {
          problems.push(`${name}: no requestBody`);
        }
      }
      expect(problems).toEqual([]);
      // And nothing documented that does not exist.
      const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      );
      const registeredNames = registered.map((r) => `${r.method} ${toOpenApiPath(r.url)}`);
      expect(documented.filter((d) => !registeredNames.includes(d))).toEqual([]);
    });

    it('documents the error codes and the auth schemes', () => {
      const raw = JSON.stringify(doc);
      for (const code of ['AUTH_ACCOUNT_LOCKED', 'CSRF_CHECK_FAILED', 'RATE_LIMITED', 'VALIDATION_FAILED']) {
        expect(raw).toContain(code);
      }
      expect(raw).toContain('X-API-Key');
    });

    it('serves the browsable docs', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/docs' });
      const page =
        response.statusCode >= 300 && response.statusCode < 400
          ? await t.app.inject({
              method: 'GET',
              url: new URL(response.headers.location!, 'http://x/api/docs').pathname,
            })
          : response;
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toMatch(/<html/i);
    });
  });

  it('sends the security headers on API responses', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("base-uri 'none'");
    expect(String(response.headers['strict-transport-security'])).toMatch(/max-age=31536000/);
    expect(String(response.headers['strict-transport-security'])).toMatch(/includeSubDomains/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const other = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(other.headers['x-request-id']).not.toBe(response.headers['x-request-id']);
  });

  it('answers an unknown /api route with the standard 404 body', async () => {
    for (const [method, url] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/users/00000000-0000-4000-8000-000000000000/promote'],
      ['DELETE', '/api/health'],
    ] as const) {
      const response = await t.app.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      const body = response.json<Record<string, unknown>>();
      expect(Object.keys(body).sort()).toEqual([...ERROR_BODY_KEYS].sort());
      expect(body).toMatchObject({ code: 'NOT_FOUND', message: '资源不存在', messageEn: 'Not found' });
      expect(body.requestId).toBe(response.headers['x-request-id']);
      // Errors carry the security headers too.
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers an unsupported content type and an oversized body with their documented codes', async () => {
    const token = await t.login('sysAdmin');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
      payload: '<user/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ displayName: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a failing handler with 500, the standard body and a request id, never a message, stack or path', async () => {
    for (const url of ['/api/test-only/boom', '/api/test-only/boom-with-status']) {
      const response = await probe.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(500);
      const body = response.json<Record<string, unknown>>();
      expect(Object.keys(body).sort()).toEqual([...ERROR_BODY_KEYS].sort());
      expect(body).toMatchObject({
        code: 'INTERNAL_ERROR',
        message: '系统内部错误',
        messageEn: 'Internal server error',
      });
      expect(body.requestId).toBe(response.headers['x-request-id']);
      expect(response.body).not.toContain('10.1.2.3');
      expect(response.body).not.toContain('secret-module');
      expect(response.body).not.toMatch(/\bat \S+ \(|stack|ECONNREFUSED/);
    }
  });

  it('GET /metrics serves Prometheus text with request durations by route pattern', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health' });
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(response.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/health"[^}]*\} [1-9]/);
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });

  it('GET /metrics counts the statements sent to the database', async () => {
    const statements = async () => {
      const body = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      const value = /^yiwang_db_statements_total (\d+)$/m.exec(body)?.[1];
      expect(value, 'yiwang_db_statements_total in /metrics').toBeDefined();
      return Number(value);
    };
    const before = await statements();
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: '/api/health' }); // SELECT 1 each
    expect((await statements()) - before).toBeGreaterThanOrEqual(3);
  });
});

describe('embedded database directory lock', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-lock-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const lockFile = () => path.join(dataDir, 'yiwang.lock');

  it('refuses a second open of the same directory from the same process, and releases the lock on close', async () => {
    const first = await openDatabase({ dataDir });
    try {
      expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
      // Also through another spelling of the same path.
      await expect(openDatabase({ dataDir: `${dataDir}/./` })).rejects.toBeInstanceOf(DataDirLockedError);
      // The refused attempt left the holder's lock alone, and the holder still works.
      expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
      const result = await first.pool.query<{ n: number }>('SELECT 1 AS n');
      expect(result.rows[0]!.n).toBe(1);
    } finally {
      await first.close();
    }
    expect(fs.existsSync(lockFile())).toBe(false);
    // Closed, it can be opened again.
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it('refuses a directory locked by another live process', async () => {
    fs.writeFileSync(lockFile(), String(process.ppid));
    try {
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
      expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.ppid));
    } finally {
      fs.rmSync(lockFile(), { force: true });
    }
  });

  it('takes over a stale lock whose process is gone', async () => {
    const child = spawnSync(process.execPath, ['-e', '']);
    expect(child.status).toBe(0);
    const deadPid = child.pid!;
    expect(() => process.kill(deadPid, 0)).toThrow();
    fs.writeFileSync(lockFile(), String(deadPid));
    const database = await openDatabase({ dataDir });
    try {
      expect(fs.readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    } finally {
      await database.close();
    }
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it('lets exactly one of several processes starting at once take the lock', async () => {
    const contenders = 6;
    const startAt = Date.now() + 3000; // after every contender has loaded
    const children = Array.from({ length: contenders }, () =>
      spawn(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, 'support/lock-contender.ts'), dataDir, String(startAt)],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      ),
    );
    try {
      // Each contender's answer; the winner keeps the lock (and runs) until its stdin is closed below.
      const results = await Promise.all(
        children.map(
          (child) =>
            new Promise<string>((resolve) => {
              let output = '';
              child.stdout.on('data', (chunk: Buffer) => {
                output += chunk.toString();
                if (output === 'won' || output === 'lost') resolve(output);
              });
              child.on('exit', () => resolve(output));
            }),
        ),
      );
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
      expect(results.filter((r) => r === 'lost')).toHaveLength(contenders - 1);
    } finally {
      await Promise.all(
        children.map((child) => {
          if (child.exitCode !== null || child.signalCode !== null) return undefined;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.stdin.end();
          return exited;
        }),
      );
      fs.rmSync(lockFile(), { force: true });
    }
  }, 30_000);

  it('reports a data directory PGlite cannot open, and leaves no lock behind', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-broken-'));
    try {
      fs.writeFileSync(path.join(broken, 'pgdata'), 'not a directory'); // where PGlite expects its data directory
      await expect(openDatabase({ dataDir: broken })).rejects.toThrow();
      expect(fs.existsSync(path.join(broken, 'yiwang.lock'))).toBe(false);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('takes over a lock with our own pid that this process did not take (a restarted container reusing its pid)', async () => {
    fs.writeFileSync(lockFile(), String(process.pid));
    const database = await openDatabase({ dataDir });
    await database.close();
    expect(fs.existsSync(lockFile())).toBe(false);
  });
});

describe('embedded database off the server thread', () => {
  it('keeps the server thread free while PGlite runs a long query', async () => {
    const database = await openDatabase({});
    try {
      // While the query runs, count the ticks of a 10 ms timer on this (the server's) thread. With PGlite on this
      // thread, the whole query ran in one synchronous WASM call and no tick could fire until it ended.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const started = performance.now();
      try {
        const result = await database.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM generate_series(1, 3000000) AS s(i) WHERE i % 7 = 0',
        );
        expect(result.rows[0]!.n).toBe('428571');
      } finally {
        clearInterval(timer);
      }
      const elapsedMs = performance.now() - started;
      // The check means something only if the query lasted several ticks.
      expect(elapsedMs).toBeGreaterThan(100);
      expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsedMs / 10 / 4));
    } finally {
      await database.close();
    }
  });
});
