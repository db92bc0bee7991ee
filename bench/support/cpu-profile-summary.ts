/**
 * `node --import tsx bench/support/cpu-profile-summary.ts <file.cpuprofile> [rows]`: where a server's CPU went, from a
 * V8 profile written under `BENCH_CPU_PROFILE_DIR`. Prints each function's self time and inclusive time (itself and
 * what it called, counted once per sample even when it recurs) as a share of all sampled time, and the busy share
 * (everything but `(idle)`), so a share of busy time is `share / busy`. Functions are keyed by name and file:line; in
 * the server bundle the file is the bundle, so look the line up there.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarizeCpuProfile(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const timeByNode = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    timeByNode.set(id, (timeByNode.get(id) ?? 0) + dt);
    total += dt;
  });
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const selfByOrigin = new Map<string, number>();
  for (const [id, t] of timeByNode) {
    const k = key(byId.get(id)!);
    self.set(k, (self.get(k) ?? 0) + t);
    const origin = originOf(byId.get(id)!.callFrame);
    selfByOrigin.set(origin, (selfByOrigin.get(origin) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
      const kk = key(byId.get(cur)!);
      if (seen.has(kk)) continue;
      seen.add(kk);
      inclusive.set(kk, (inclusive.get(kk) ?? 0) + t);
    }
  }
  const idle = [...self].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, t]) => s + t, 0);
  return { totalMs: total / 1000, busyShare: total ? 1 - idle / total : 0, self, inclusive, selfByOrigin, total };
}

/**
 * Where a function comes from: an npm package (by its directory under node_modules), Node's own JavaScript, the
 * server bundle (our code), or V8/native work with no script (`writev`, the garbage collector, idle).
 */
export function originOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `native (${functionName || 'anonymous'})`;
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return `package ${inPackage[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  if (/\/dist\/server\//.test(url) || /apps\/server\/src\//.test(url)) return 'server (our code and bundled packages)';
  return url.split('/').slice(-2).join('/');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [rows]');
  const rows = Number(process.argv[3] ?? 40);
  const s = summarizeCpuProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([k, t]) => `${((100 * t) / s.total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  console.log(`${s.totalMs.toFixed(0)} ms sampled, ${(100 * s.busyShare).toFixed(0)} % busy`);
  console.log(`--- self time by origin\n${table(s.selfByOrigin)}`);
  console.log(`--- self time\n${table(s.self)}\n--- inclusive time\n${table(s.inclusive)}`);
}
