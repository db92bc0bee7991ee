/**
 * `npm run bench:search -- [--database yiwang_bench_1m | --pglite DIR] [--seconds 5] [--label text] [--mixes 0,1,3 |
 * --lists [0,3]]`: every staff search mix of scenarios.ts (or, with `--lists`, every staff list of staff-lists.ts, each
 * read by its own account) alone against a generated dataset (bench:dataset; `--pglite`: an embedded PGlite data
 * dir it generated), at 1 connection (the latency a user meets) and at
 * 50 (throughput), with the statements and CPU per search (support/cost.ts). Appended to
 * bench/results/search-<date>.md. Quicker than bench:full when only the search changed; run it from a worktree of
 * another commit (with this file copied in) to compare, on the same dataset, minutes apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { waitUntilDatabaseQuiet } from './bench-dataset.ts';
import { SEARCH_MIXES, searchPath, staffSessions, startBenchServer } from './scenarios.ts';
import { STAFF_LISTS, type StaffList } from './staff-lists.ts';
import { startCostMeter } from '../support/cost.ts';
import { formatMemoryPeak, startMemorySampler, type MemoryPeak } from '../support/memory-sampler.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const database = arg('database', 'yiwang_bench_1m');
/** `--pglite DIR`: the server on this PGlite data dir (bench:dataset `--pglite`) instead of PostgreSQL. */
const pgliteDir = process.argv.includes('--pglite') ? path.resolve(arg('pglite', '')) : undefined;
const seconds = Number(arg('seconds', '5'));
const label = arg('label', 'working tree');
/** `--mixes 0,1,3`: only these mixes (indices into SEARCH_MIXES), e.g. to alternate two settings quickly. */
const mixes = process.argv.includes('--mixes')
  ? arg('mixes', '')
      .split(',')
      .map((i) => SEARCH_MIXES[Number(i)]!)
  : SEARCH_MIXES;
if (mixes.some((mix) => mix === undefined)) throw new Error(`--mixes: indices 0–${SEARCH_MIXES.length - 1}`);
/** `--lists [0,3]`: the staff lists (all, or these indices into STAFF_LISTS) instead of the search mixes. */
const listArg = process.argv.includes('--lists') ? arg('lists', '') : undefined;
const lists: StaffList[] | undefined =
  listArg === undefined
    ? undefined
    : /^[\d,]+$/.test(listArg)
      ? listArg.split(',').map((i) => STAFF_LISTS[Number(i)]!)
      : STAFF_LISTS;
if (lists?.some((list) => list === undefined)) throw new Error(`--lists: indices 0–${STAFF_LISTS.length - 1}`);
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = Object.assign(new URL(base), { pathname: `/${database}` }).toString();

const server = await startBenchServer(pgliteDir ? { dataDir: pgliteDir } : { databaseUrl });
const lines: string[] = [];
try {
  // PGlite runs in the server's process: its start-up jobs are done when it answers (no other backend to watch).
  const settledMs = pgliteDir ? 0 : await waitUntilDatabaseQuiet(databaseUrl, server.child.pid);
  const session = staffSessions(server.base);
  // Each target with the account that opens it: the supervisor for the search, a list's own account for a list.
  const targets = lists
    ? lists.map((list) => ({ label: list.label, path: list.path, account: list.account }))
    : mixes.map((mix) => ({ label: mix.label, path: searchPath(mix), account: 'bench-supervisor' as const }));
  lines.push(
    `## ${new Date().toISOString()} — ${label} (${pgliteDir ? `PGlite ${pgliteDir}` : database}, ${seconds} s per run, server settled after ${Math.round(settledMs / 1000)} s)`,
    '',
    `| ${lists ? 'staff list' : 'mix'} | total | first search ms | 1 conn /s | p50 / p99 ms | 50 conn /s | p50 / p99 ms | statements | server CPU ms | PostgreSQL CPU ms | server peak RSS MB (heap used of reserved, external) |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const target of targets) {
    const url = `${server.base}${target.path}`;
    const headers = await session(target.account);
    // The first search with these filters counts its matches; later ones reuse the total (SEARCH_COUNT_CACHE_SECONDS).
    const firstStarted = performance.now();
    const first = await fetch(url, { headers });
    if (!first.ok) throw new Error(`${target.label}: ${first.status} ${await first.text()}`);
    const body = (await first.json()) as { total: number; totalIsLowerBound?: boolean };
    const firstMs = Math.round(performance.now() - firstStarted);
    const { one, fifty, memory } = await measure({ url, headers });
    const row = [
      target.label,
      `${body.total.toLocaleString('en')}${body.totalIsLowerBound ? '+' : ''}`,
      String(firstMs),
      ...measuredColumns({ one, fifty, memory }),
    ];
    lines.push(`| ${row.join(' | ')} |`);
    console.log(row.join('  '));
  }
  if (!lists && mixes.length > 1) {
    const headers = await session('bench-supervisor');
    // The chosen mixes in turn on every connection, as bench:full's interleaved row: a slow mix's statements share the
    // connections and the cores with the quick ones', so its p99 shows what the quick mixes meet behind it.
    let next = 0;
    const { one, fifty, memory } = await measure({
      url: server.base,
      headers,
      requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: searchPath(mixes[next++ % mixes.length]!) }) }],
    });
    const row = [`the ${mixes.length} mixes above interleaved`, '—', '—', ...measuredColumns({ one, fifty, memory })];
    lines.push(`| ${row.join(' | ')} |`);
    console.log(row.join('  '));
  }
  lines.push(
    '',
    "First search: the first request with these filters, its count included (later ones reuse the total). Statements, CPU per search and the server's peak RSS at 50 connections (RSS sampled every 250 ms; heap and external from its /metrics at the peak sample).",
    '',
  );
} finally {
  await server.stop();
}

const file = path.resolve(import.meta.dirname, `../results/search-${new Date().toISOString().slice(0, 10)}.md`);
const previous = fs.existsSync(file)
  ? fs.readFileSync(file, 'utf8')
  : '# Staff search mixes (npm run bench:search)\n\n';
fs.writeFileSync(file, `${previous}${lines.join('\n')}\n`);
console.log(`written to ${path.relative(process.cwd(), file)}`);

/** The columns of a measured row after the mix's own: 1 and 50 connections, cost per search, peak memory. */
function measuredColumns({ one, fifty, memory }: Measured): string[] {
  return [
    one.result.requests.average.toFixed(0),
    `${one.result.latency.p50} / ${one.result.latency.p99}`,
    fifty.result.requests.average.toFixed(0),
    `${fifty.result.latency.p50} / ${fifty.result.latency.p99}`,
    String(fifty.cost.statementsPerOp),
    String(fifty.cost.serverCpuMsPerOp),
    String(fifty.cost.postgresCpuMsPerOp),
    formatMemoryPeak(memory),
  ];
}

interface Measured {
  one: Run;
  fifty: Run;
  memory: MemoryPeak | null;
}
interface Run {
  result: autocannon.Result;
  cost: Awaited<ReturnType<Awaited<ReturnType<typeof startCostMeter>>['perOperation']>>;
}

/** One run at 1 connection (the latency a user meets), one at 50 (throughput), with cost and peak memory at 50. */
async function measure(target: Pick<autocannon.Options, 'url' | 'headers' | 'requests'>): Promise<Measured> {
  const runs: Run[] = [];
  let memory: MemoryPeak | null = null;
  for (const connections of [1, 50]) {
    const meter = await startCostMeter({ base: server.base, pid: server.child.pid });
    const sampler = connections === 50 ? startMemorySampler({ base: server.base, pid: server.child.pid }) : null;
    const result = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon({ ...target, connections, duration: seconds }, (error, r) => (error ? reject(error) : resolve(r))),
    );
    if (result.non2xx || result.errors)
      throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    if (sampler) memory = await sampler.stop();
    runs.push({ result, cost: await meter.perOperation(result.requests.total) });
  }
  return { one: runs[0]!, fifty: runs[1]!, memory };
}
