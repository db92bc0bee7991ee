import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Vite names every file under assets/ by a hash of its content: a new build gets new names, never new content. */
const HASHED_ASSET = /^\/?assets\//;

/**
 * Serves the built web UI (apps/web/dist) on the same port as the API. Unknown non-API GETs answer index.html so the
 * client-side router can take deep links (/login, /workbench/...). Returns false when no build is present.
 *
 * - The build's brotli / gzip copies (apps/web/scripts/precompress.mjs) go to browsers that accept them (`Vary:
 *   Accept-Encoding`), nothing is compressed per request; without copies the files go out as they are.
 * - The hashed assets are cached for a year and never revalidated (`immutable`), so a returning user's browser asks
 *   only for index.html, which is always revalidated (`no-cache`, answered 304 while unchanged) and so names the
 *   current build's assets right after an upgrade.
 */
export async function registerWebUi(app: FastifyInstance, distDir: string): Promise<boolean> {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) return false;
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      const relative = path.relative(distDir, filePath).split(path.sep).join('/');
      reply.header('cache-control', HASHED_ASSET.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}

export function isSpaRequest(method: string, url: string): boolean {
  return (method === 'GET' || method === 'HEAD') && !url.startsWith('/api') && url !== '/metrics';
}
