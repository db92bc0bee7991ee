import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerOptions {
  repoRoot: string;
  port: number;
  dataDir: string;
  demoPassword: string;
  /** The server's stdout and stderr go here, for reading after a failure. */
  logFile: string;
}

export interface RunningServer {
  baseUrl: string;
  pid: number;
  /** SIGTERM, then SIGKILL after `graceMs` if it is still alive. */
  stop: (graceMs?: number) => Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the real server as one node process (`node --import tsx`, not npx, so the pid we hold is the server's own) and
 * waits until GET /api/health answers.
 */
export async function startServer(options: ServerOptions, healthTimeoutMs = 60_000): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    DEMO_PASSWORD: options.demoPassword,
    NODE_ENV: 'test',
    // The journeys sign in a few dozen times a minute from one address; the production per-IP limit would answer 429.
    AUTH_RATE_LIMIT_PER_MINUTE: process.env.AUTH_RATE_LIMIT_PER_MINUTE ?? '600',
    // As in production: an account the system admin opens changes its initial password at its first sign-in (the
    // admin journey goes through it). The demo accounts are seeded without that flag.
    PASSWORD_INITIAL_MUST_CHANGE: 'true',
  };
  // Only an explicit E2E database is used; a developer's DATABASE_URL must never receive journey data.
  delete env.DATABASE_URL;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;

  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: options.repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  if (child.pid === undefined) throw new Error('the server process did not start');
  const pid = child.pid;
  const baseUrl = `http://127.0.0.1:${options.port}`;

  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const done = await Promise.race([exited(child).then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        process.kill(pid, 'SIGKILL');
        await exited(child);
      }
    }
    log.end();
  };

  const deadline = Date.now() + healthTimeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`the server exited early (${child.exitCode ?? child.signalCode}); see ${options.logFile}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        const body = (await response.json()) as { status?: string; database?: string };
        if (body.status === 'ok') {
          console.log(`server: pid ${pid} healthy on ${baseUrl} (database: ${body.database ?? '?'})`);
          return { baseUrl, pid, stop };
        }
        lastProblem = `health answered ${JSON.stringify(body)}`;
      } else {
        lastProblem = `health answered HTTP ${response.status}`;
      }
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(300);
  }
  await stop();
  throw new Error(
    `the server was not healthy within ${healthTimeoutMs / 1000} s (${lastProblem}); see ${options.logFile}`,
  );
}
