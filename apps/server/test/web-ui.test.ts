import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The web UI as a browser gets it (plugins/web-ui.ts): the build's brotli / gzip copies (apps/web/scripts/
 * precompress.mjs) for browsers that accept them, hashed assets cached for good, index.html always revalidated — also
 * when it answers a deep link.
 */
describe('web UI delivery', () => {
  let t: TestApp;
  let app: FastifyInstance;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-web-dist-'));
  const script = `${'console.log("一网 投资项目在线审批监管平台");\n'.repeat(200)}export const built = true;\n`;
  const index = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>一网</title>${'<!-- padding -->'.repeat(80)}<script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>`;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), index);
    fs.writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), script);
    fs.writeFileSync(path.join(dist, 'assets', 'tiny-Ef56Gh78.js'), 'export {};\n');
    execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../web/scripts/precompress.mjs'), dist]);
    t = await createTestApp();
    app = await buildApp({ ...t.ctx, config: { ...t.ctx.config, webDistDir: dist } }, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('writes smaller brotli and gzip copies of the text files, and leaves files under 1 KB alone', () => {
    const assets = fs.readdirSync(path.join(dist, 'assets')).sort();
    expect(assets).toEqual(['index-Ab12Cd34.js', 'index-Ab12Cd34.js.br', 'index-Ab12Cd34.js.gz', 'tiny-Ef56Gh78.js']);
    const br = fs.readFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js.br'));
    expect(zlib.brotliDecompressSync(br).toString()).toBe(script);
    expect(br.length).toBeLessThan(Buffer.byteLength(script) / 4);
  });

  it('sends the brotli copy, else the gzip copy, else the file, always saying it varies on Accept-Encoding', async () => {
    const br = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);

    const gzip = await get('/assets/index-Ab12Cd34.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(script);

    const plain = await get('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);

    const tiny = await get('/assets/tiny-Ef56Gh78.js', 'br');
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body).toBe('export {};\n');
  });

  it('caches hashed assets for a year without revalidation, and revalidates index.html every time', async () => {
    for (const encoding of ['br', undefined]) {
      const asset = await get('/assets/index-Ab12Cd34.js', encoding);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    for (const url of ['/', '/index.html', '/workbench/cases', '/projects/3c1e/edit']) {
      const page = await get(url, 'br, gzip');
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/text\/html/);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      const html =
        page.headers['content-encoding'] === 'br'
          ? zlib.brotliDecompressSync(page.rawPayload).toString()
          : page.headers['content-encoding'] === 'gzip'
            ? zlib.gunzipSync(page.rawPayload).toString()
            : page.body;
      expect(html, url).toBe(index);
    }
    // A revalidation of an unchanged index.html is answered 304 without a body.
    const first = await get('/');
    const again = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('still answers unknown API paths with a JSON 404, not the page', async () => {
    const response = await get('/api/no-such-route', 'br');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
  });
});
