import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded default database: PGlite (PostgreSQL in WASM) behind pglite-socket, so the application talks to it with
 * the very same node-postgres + drizzle code path as to a real server (PGlite's own pg adapter hangs drizzle on
 * parameterised queries — see docs/adr/0001-database.md).
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
 */
function acquireDirectoryLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'yiwang.lock');
  const key = fs.realpathSync(dataDir);
  if (directoriesHeldByThisProcess.has(key)) {
    throw new DataDirLockedError(
      `数据目录 ${dataDir} 已被本进程打开 / data directory is already open in this process (${process.pid})`,
    );
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
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
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
        throw new DataDirLockedError(
          `数据目录 ${dataDir} 正被进程 ${holder} 使用 / data directory is in use by process ${holder}`,
        );
      }
      fs.unlinkSync(lockPath);
    }
  }
  throw new DataDirLockedError(`cannot lock ${dataDir}`);
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
 */
export async function startEmbeddedPostgres(dataDir: string | undefined): Promise<EmbeddedPostgres> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDirectoryLock(dataDir);
  }
  try {
    const db = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : 'memory://', {
      extensions: { pg_trgm },
    });
    const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-pg-'));
    fs.chmodSync(socketDir, 0o700);
    const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432'), maxConnections: 32 });
    await server.start();
    return {
      connectionConfig: { host: socketDir, port: 5432, user: 'postgres', database: 'postgres' },
      async stop() {
        await server.stop();
        await db.close();
        fs.rmSync(socketDir, { recursive: true, force: true });
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
