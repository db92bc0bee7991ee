import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/db/schema/index.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/**
 * Bad-input sweep (等保 8.1.4.4 d: 数据有效性检验; security-notes S6): walk the OpenAPI document and send well over
 * 10,000 malformed requests to every operation — wrong types, missing and unknown fields, oversize strings, SQL / HTML /
 * template / path payloads, NUL and invalid UTF-8, huge numbers, bad dates, broken and deeply nested JSON. Every request
 * is made invalid on purpose (each carries at least one schema violation), so the expectations are strict: no response
 * ≥ 500, no stack trace or SQL in any body, and not one row changed anywhere.
 */
const PAYLOADS = [
  "' OR '1'='1' --",
  '1; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '${7*7}',
  '{{7*7}}',
  '%00',
  'nul\u0000byte',
  '\uFFFF\uFFFE',
  '\uD800',
  '😀'.repeat(50),
  '项目'.repeat(3000),
  'a'.repeat(100_000),
  ' ',
  '',
  '-1',
  '1e400',
  '2026-02-30',
  '9999-99-99',
  'null',
  '__proto__',
];
const WRONG_TYPES: unknown[] = [123, -1, 1.5, 1e308, true, null, [], {}, ['x'], { $gt: '' }, 'x'];
const BROKEN_BODIES: (string | Buffer)[] = [
  '{',
  '{"a":',
  '[1,2',
  '{"a":1,}',
  "{'a':1}",
  'not json at all',
  '\u0000',
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xfd, 0x22, 0x7d]), // {"a":"<invalid UTF-8>"}
  '['.repeat(20_000) + ']'.repeat(20_000),
  '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  JSON.stringify({ x: 'y'.repeat(2_000_000) }), // over the 1 MB body limit
];
const LEAK_PATTERNS = [
  /\bat .+\(.+:\d+:\d+\)/,
  /node_modules/,
  /\bSELECT\b.+\bFROM\b/i,
  /stack/i,
  /syntax error at or near/,
];

/** Percent-encodes; a lone surrogate cannot be encoded, so it goes out as the raw invalid UTF-8 bytes instead. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80%FF';
  }
}

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: Record<string, unknown> }[];
  body: { properties: Record<string, Record<string, unknown>>; required: string[]; closed: boolean } | null;
  role: Role | null;
}

describe('bad-input sweep over the OpenAPI document', () => {
  let t: TestApp;
  const tokens = new Map<Role, string>();
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  function operations(): Operation[] {
    const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const out: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/docs') || path === '/metrics') continue;
      for (const [method, op] of Object.entries(methods)) {
        const fastifyPath = path.replace(/\{(\w+)\}/g, ':$1');
        const route = t.app.routeRegistry.find((r) => r.url === fastifyPath && r.method === method.toUpperCase());
        if (!route) continue;
        const policy = route.policy;
        const role: Role | null = policy === 'public' ? null : policy === 'authenticated' ? 'applicant' : policy[0]!;
        const parameters = (op.parameters ?? []) as { in: string; name: string; schema: Record<string, unknown> }[];
        const content = (
          op.requestBody as { content?: Record<string, { schema: Record<string, unknown> }> } | undefined
        )?.content?.['application/json']?.schema;
        out.push({
          method: method.toUpperCase(),
          path: fastifyPath,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
          body: content
            ? {
                properties: (content.properties ?? {}) as Record<string, Record<string, unknown>>,
                required: (content.required ?? []) as string[],
                closed: content.additionalProperties === false,
              }
            : null,
          role,
        });
      }
    }
    return out;
  }

  it('answers ≥ 10,000 malformed requests with structured 4xx, no leaks, and changes nothing', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(20);
    for (const op of ops) if (op.role && !tokens.has(op.role)) tokens.set(op.role, await t.login(op.role));
    const before = await databaseFingerprint(t.ctx);
    let sent = 0;
    const failures: string[] = [];

    const send = async (
      op: Operation,
      label: string,
      request: { url: string; payload?: string | Buffer; json?: unknown },
    ) => {
      const headers: Record<string, string> = {};
      if (op.role) headers.authorization = `Bearer ${tokens.get(op.role)}`;
      let payload: string | Buffer | undefined;
      if (request.payload !== undefined) payload = request.payload;
      else if (request.json !== undefined) payload = JSON.stringify(request.json);
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const response = await t.app.inject({ method: op.method as 'GET', url: request.url, headers, payload });
      sent += 1;
      const where = `${op.method} ${op.path} [${label}] → ${response.statusCode}`;
      if (response.statusCode >= 500) failures.push(`${where} ${response.body.slice(0, 200)}`);
      else if (LEAK_PATTERNS.some((re) => re.test(response.body)))
        failures.push(`${where} leaks: ${response.body.slice(0, 200)}`);
      else if (response.statusCode >= 400) {
        const body = response.json<{ code?: string; message?: string; messageEn?: string }>();
        if (!body.code || !body.message || !body.messageEn)
          failures.push(`${where} unstructured: ${response.body.slice(0, 120)}`);
      }
    };

    const urlFor = (op: Operation, overrides: Record<string, string> = {}, query = '') => {
      let url = op.path;
      for (const name of op.pathParams) {
        const value =
          overrides[name] ??
          (name === 'code' ? '2505-330354-04-01-274607' : name === 'date' ? '2027-01-01' : crypto.randomUUID());
        url = url.replace(`:${name}`, encode(value));
      }
      return query ? `${url}?${query}` : url;
    };

    for (const op of ops) {
      // Path parameters: every payload in every parameter.
      for (const name of op.pathParams) {
        for (const value of PAYLOADS.slice(0, 14))
          await send(op, `path ${name}`, { url: urlFor(op, { [name]: value }) });
      }
      // Query parameters: payloads and wrong types in each, plus unknown parameters.
      for (const { name } of op.queryParams) {
        for (const value of [...PAYLOADS.filter((p) => p.length < 5000), '-5', '1.5', 'true', '99999999999999999999']) {
          await send(op, `query ${name}`, { url: urlFor(op, {}, `${name}=${encode(value)}&zzUnknown=1`) });
        }
      }
      if (op.queryParams.length) await send(op, 'query unknown', { url: urlFor(op, {}, 'zzUnknown=%3Cscript%3E') });
      if (!op.body) continue;
      // Broken and hostile raw bodies.
      for (const raw of BROKEN_BODIES) await send(op, 'raw body', { url: urlFor(op), payload: raw });
      // A body of the wrong shape altogether.
      for (const wrong of [[], 'x', 1, true, null]) await send(op, 'body shape', { url: urlFor(op), json: wrong });
      // Each property: wrong types and payloads, always with a guaranteed violation alongside (an unknown property
      // when the schema is closed, else a missing required property), so the request is invalid whatever the value.
      const names = Object.keys(op.body.properties);
      for (const name of names) {
        const otherRequired = op.body.required.filter((r) => r !== name);
        const guard = op.body.closed ? { zzUnknown: 1 } : null;
        if (!guard && otherRequired.length === 0) continue;
        for (const value of [...WRONG_TYPES, ...PAYLOADS]) {
          const body: Record<string, unknown> = { ...(guard ?? {}), [name]: value };
          await send(op, `body ${name}`, { url: urlFor(op), json: body });
        }
      }
      // Missing every required property, one at a time (all others absent too).
      for (const name of op.body.required)
        await send(op, `missing ${name}`, { url: urlFor(op), json: { [name]: undefined } });
    }
    // Top up with random fuzz to pass 10,000 requests: random strings into random properties, always with a violation.
    const bodyOps = ops.filter((op) => op.body?.closed);
    for (let i = 0; sent < 10_500; i++) {
      const op = bodyOps[i % bodyOps.length]!;
      const names = Object.keys(op.body!.properties);
      const name = names[i % Math.max(names.length, 1)] ?? 'x';
      const random = crypto.randomBytes(8 + (i % 64)).toString(i % 2 ? 'base64' : 'latin1');
      await send(op, 'fuzz', { url: urlFor(op), json: { zzUnknown: i, [name]: random } });
    }

    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  }, 900_000);
});
