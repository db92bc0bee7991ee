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
  // BENCH_CPU_PROFILE_DIR: each server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  return {
    command: process.execPath,
    args: [...profile, '--enable-source-maps', path.join(repoRoot, 'apps/server/dist/server/main.mjs')],
    cwd: repoRoot,
  };
}
