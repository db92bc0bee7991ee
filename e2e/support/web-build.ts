import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The server serves apps/web/dist; rebuild it when it is missing or older than any web source. */
export function ensureWebBuilt(repoRoot: string): void {
  const web = join(repoRoot, 'apps', 'web');
  const builtIndex = join(web, 'dist', 'index.html');
  const sources = ['src', 'scripts', 'index.html', 'vite.config.ts', 'package.json']
    .map((entry) => join(web, entry))
    .filter((path) => existsSync(path));
  const newestSource = Math.max(...sources.map(newestMtime));
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestSource) {
    console.log('web: apps/web/dist is up to date');
    return;
  }
  console.log('web: building apps/web (dist missing or older than the sources)');
  const result = spawnSync('npm', ['run', 'build', '-w', '@yiwang/web'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status ?? result.signal})`);
}
