import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * Requests Node's HTTP parser refuses before Fastify routes them get the app's bilingual error body
 * (plugins/error-handler.ts `clientErrorHandler`), not Fastify's bare "Client Error".
 */
describe('requests the HTTP parser refuses', () => {
  let t: TestApp;
  let port = 0;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Sends raw bytes and reads until the server closes the connection. */
  const sendRaw = (bytes: Buffer) =>
    new Promise<{ statusLine: string; headers: string; body: string }>((resolve, reject) => {
      const socket = net.createConnection({ port, host: '127.0.0.1' }, () => socket.write(bytes));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head = '', body = ''] = text.split('\r\n\r\n');
        const [statusLine = '', ...headers] = head.split('\r\n');
        resolve({ statusLine, headers: headers.join('\n'), body });
      });
    });

  it('answers a request line with raw Chinese characters with 400 and a field-level message in both languages', async () => {
    const answer = await sendRaw(Buffer.from('GET /api/projects/search?q=光伏 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers).toMatch(/content-type: application\/json; charset=utf-8/i);
    expect(answer.headers).toMatch(new RegExp(`content-length: ${Buffer.byteLength(answer.body)}`, 'i'));
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '请求参数有误',
      messageEn: 'Invalid request',
      fields: [{ field: 'request', message: expect.stringContaining('URL 编码'), messageEn: expect.any(String) }],
      requestId: expect.any(String),
    });
    expect(answer.body).not.toMatch(/at .+\.(ts|js|mjs):\d+/); // no stack trace
  });

  it('answers headers over the size limit with 431', async () => {
    const answer = await sendRaw(
      Buffer.from(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'HEADERS_TOO_LARGE', message: '请求头过大' });
  });

  it('still serves a well-formed request on the same server', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/public/filings?page=1`);
    expect(response.status).toBe(200);
  });
});
