import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let built = false;

/**
 * The command that runs the server as `npm start` does: the esbuild bundle (scripts/build-server.mjs), built once per
 * benchmark process from the working tree. The bench measures what operators run — not the tsx loader, which
 * transpiles every module at start and keeps its transform state in memory (cold start and RSS were inflated by it).
 */
export function serverCommand(): { command: string; args: string[]; cwd: string } {
  if (!built) {
    const result = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`server bundle build failed: ${result.stderr || result.stdout}`);
    built = true;
  }
  return {
    command: process.execPath,
    args: [...serverNodeArgs(), '--enable-source-maps', path.join(repoRoot, 'apps/server/dist/server/main.mjs')],
    cwd: repoRoot,
  };
}

/**
 * Node's flags for a server started by a bench: BENCH_NODE_ARGS (space-separated, e.g. `--max-semi-space-size=8`, to
 * measure a V8 setting; Node accepts only some of them in NODE_OPTIONS) and the CPU profile's (below).
 */
export function serverNodeArgs(): string[] {
  return [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), ...cpuProfileArgs()];
}

/**
 * BENCH_CPU_PROFILE_DIR: each server started by a bench writes a V8 CPU profile there when it stops (open it in Chrome
 * DevTools, or summarise it with support/cpu-profile-summary.ts). Node refuses --cpu-prof in NODE_OPTIONS, hence this.
 */
function cpuProfileArgs(): string[] {
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
}

/**
 * The environment of a server started by the bench: development mode (demo accounts with `password`), on `port` of
 * 127.0.0.1, PostgreSQL at `databaseUrl` or else the embedded PGlite in `dataDir`; sign-in and public rate limits out of the way
 * of the load generator, warnings only in the log.
 */
export function benchServerEnv(o: {
  databaseUrl: string | undefined;
  port: number;
  dataDir: string;
  password: string;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: o.databaseUrl ?? '',
    PORT: String(o.port),
    HOST: '127.0.0.1',
    DATA_DIR: o.dataDir,
    DEMO_PASSWORD: o.password,
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    // The public routes' limiter runs (its cost is measured) but never refuses the load generator's one address.
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
  };
}
