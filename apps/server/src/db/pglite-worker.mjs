// The embedded PGlite and its socket server, in a worker thread of their own (ADR 0001, seventh-session update).
//
// Plain JavaScript, not TypeScript: the same file is loaded by the sources run through tsx, by Vitest and by the
// `npm start` bundle (which resolves it at ../../src/db/ from dist/server/, the same depth as this directory), and a
// worker thread gets no TypeScript loader of its own.
//
// Protocol with embedded-postgres.ts: workerData is { dataDir: string | null, socketPath: string }. The worker posts
// { type: 'ready' } once the socket listens, or { type: 'failed', message, stack } and exits. It answers the message
// { type: 'stop' } by stopping the socket server, closing the database (a clean shutdown, everything flushed) and
// posting { type: 'stopped' }.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgliteWireServer } from './pglite-wire-server.mjs';

const { dataDir, socketPath } = workerData;

async function start() {
  const db = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : 'memory://', { extensions: { pg_trgm } });
  const server = createPgliteWireServer(db, { path: socketPath });
  await server.start();
  return { db, server };
}

start().then(
  ({ db, server }) => {
    parentPort.on('message', async (message) => {
      if (message?.type !== 'stop') return;
      await server.stop();
      await db.close();
      parentPort.postMessage({ type: 'stopped' });
      parentPort.close();
    });
    parentPort.postMessage({ type: 'ready' });
  },
  (error) => {
    parentPort.postMessage({ type: 'failed', message: String(error?.message ?? error), stack: error?.stack });
    parentPort.close();
  },
);
