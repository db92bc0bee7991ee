import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The embedded default database: PGlite (PostgreSQL in WASM) behind a wire-protocol socket of our own
 * (pglite-wire-server.mjs), so the application talks to it with the very same node-postgres + drizzle code path as to
 * a real server (PGlite's own pg adapter hangs drizzle on parameterised queries — see docs/adr/0001-database.md).
 */
export interface EmbeddedPostgres {
  connectionConfig: { host: string; port: number; user: string; database: string };
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {}

/** Data directories this process has open. A lock file holding our own pid is ours only if its directory is here. */
const directoriesHeldByThisProcess = new Set<string>();

/**
 * PGlite has no lock of its own: a second process would open the same directory and corrupt it. We take an exclusive
 * lock file holding our pid; a stale lock (its process is gone) is taken over. A second open from this same process is
 * refused too; a lock file with our pid that this process did not take is stale (a restarted container reuses pid 1).
 *
 * Both steps are atomic, so two servers started at once on one directory cannot both win: the lock file appears with
 * its pid already written (written under a private name, then hard-linked into place — link fails if the lock
 * exists; a lock created empty and written afterwards could be read empty by the other process, taken for stale and
 * removed), and a stale lock is taken away by renaming it aside (only one process's rename succeeds) and checking that
 * what was moved is the stale lock that was read — if another process had taken over meanwhile, its lock is put back.
 */
export function acquireDirectoryLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'yiwang.lock');
  const key = fs.realpathSync(dataDir);
  if (directoriesHeldByThisProcess.has(key)) {
    throw new DataDirLockedError(
      `数据目录 ${dataDir} 已被本进程打开 / data directory is already open in this process (${process.pid})`,
    );
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createLockFile(lockPath)) {
      directoriesHeldByThisProcess.add(key);
      let released = false;
      return () => {
        if (released) return; // a second release must not drop a lock this process has since taken again
        released = true;
        directoriesHeldByThisProcess.delete(key);
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    }
    const content = readIfExists(lockPath);
    if (content === undefined) continue; // released meanwhile: try again
    const holder = Number(content);
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
      throw new DataDirLockedError(
        `数据目录 ${dataDir} 正被进程 ${holder} 使用 / data directory is in use by process ${holder}`,
      );
    }
    removeStaleLock(lockPath, content);
  }
  throw new DataDirLockedError(`cannot lock ${dataDir}`);
}

/** Creates the lock file holding our pid, atomically; false if a lock file exists. */
function createLockFile(lockPath: string): boolean {
  const privatePath = `${lockPath}.${process.pid}.${crypto.randomBytes(6).toString('hex')}`;
  fs.writeFileSync(privatePath, String(process.pid), { flag: 'wx' });
  try {
    fs.linkSync(privatePath, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(privatePath, { force: true });
  }
}

/** Removes the lock file if it still holds `staleContent`; a lock another process took meanwhile is put back. */
function removeStaleLock(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.stale.${crypto.randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process removed it first
    throw error;
  }
  try {
    if (fs.readFileSync(aside, 'utf8') !== staleContent) fs.linkSync(aside, lockPath);
  } catch {
    // A lock exists again (EEXIST): the next attempt reads it.
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts PGlite on `dataDir/pgdata` (or in memory when dataDir is undefined, for tests) and serves it on a private unix
 * socket in a fresh temporary directory, reachable only by this user.
 *
 * Both run in a worker thread (pglite-worker.mjs), not on the server's own thread: PGlite executes every query
 * synchronously in WASM, so in-thread a slow query (a 0.5 s name search over 100,000 projects) froze every other
 * request, the health check included, and all database work competed with the HTTP handling for one core. The socket
 * path and the node-postgres code path are unchanged (ADR 0001).
 */
export async function startEmbeddedPostgres(dataDir: string | undefined): Promise<EmbeddedPostgres> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDirectoryLock(dataDir);
  }
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-pg-'));
  fs.chmodSync(socketDir, 0o700);
  const removeSocketDir = () => fs.rmSync(socketDir, { recursive: true, force: true });
  try {
    const worker = await startWorker({ dataDir: dataDir ?? null, socketPath: path.join(socketDir, '.s.PGSQL.5432') });
    let stopping: Promise<void> | undefined;
    return {
      connectionConfig: { host: socketDir, port: 5432, user: 'postgres', database: 'postgres' },
      stop() {
        stopping ??= worker.stop().finally(() => {
          removeSocketDir();
          releaseLock();
        });
        return stopping;
      },
    };
  } catch (error) {
    removeSocketDir();
    releaseLock();
    throw error;
  }
}

/**
 * The worker's file, resolved from this module's location: src/db/ in the sources, dist/server/ in the `npm start`
 * bundle — both two levels below apps/server, so one relative path serves both (scripts/build-server.mjs).
 */
const WORKER_URL = new URL('../../src/db/pglite-worker.mjs', import.meta.url);

type WorkerMessage = { type: 'ready' } | { type: 'stopped' } | { type: 'failed'; message: string; stack?: string };

interface RunningWorker {
  /** Asks the worker to shut PGlite down cleanly, then ends the thread. */
  stop(): Promise<void>;
}

function startWorker(workerData: { dataDir: string | null; socketPath: string }): Promise<RunningWorker> {
  // No TypeScript loader is needed in the worker (plain JavaScript), and the server's own flags (tsx's --import,
  // --watch) must not be handed to it.
  const worker = new Worker(WORKER_URL, { workerData, execArgv: [] });
  let ready = false;
  let stopping = false;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return new Promise((resolve, rejectStart) => {
    // A worker that failed to start is ended, so that no thread is left behind to keep the process alive.
    const reject = (error: Error) => {
      void worker.terminate();
      rejectStart(error);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        ready = true;
        resolve({ stop });
      } else if (message.type === 'failed') {
        const error = new Error(message.message);
        if (message.stack) error.stack = message.stack;
        reject(error);
      }
    });
    worker.on('error', (error) => {
      if (!ready) reject(error);
      else if (!stopping) failFatally(error);
    });
    void exited.then((code) => {
      if (!ready) reject(new Error(`PGlite worker exited with code ${code} before it was ready`));
      // After start-up the database must not vanish silently: its end is fatal, as a crash of PGlite was when it ran
      // on this thread.
      else if (!stopping) failFatally(new Error(`the embedded database (PGlite worker) exited with code ${code}`));
    });
  });

  async function stop(): Promise<void> {
    stopping = true;
    const stopped = new Promise<void>((resolve) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'stopped') resolve();
      });
    });
    worker.postMessage({ type: 'stop' });
    await Promise.race([stopped, exited]);
    await worker.terminate();
  }
}

function failFatally(error: Error): void {
  // Thrown outside any promise chain: the process's uncaught-exception handling applies, as for any fatal error.
  setImmediate(() => {
    throw error;
  });
}
