/**
 * The dataset part of `npm run bench` / `npm run bench:full` (issue 6 §1–§2):
 * - short: a small dataset (BENCH_DATASET_PROJECTS, default 20,000 projects × 5 cases, database yiwang_bench_20k) and
 *   every dataset scenario on it;
 * - full: 1,000,000 projects × 5 cases (yiwang_bench_1m) with every scenario and the search plans; then 100,000
 *   projects on PostgreSQL (yiwang_bench_100k) and in a PGlite data dir, the core scenarios on both, each PGlite
 *   figure as a % of PostgreSQL at the same size, and the server's cold start on the PGlite dir.
 * Datasets are reused when the database already holds the same seed and sizes (bench_dataset_meta).
 */
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { defaultDatasetOptions, generateDataset, type DatasetResult } from './generate.ts';
import { explainSearchPlans } from './search-plans.ts';
import { processCpuMs } from '../support/cost.ts';
import { runDatasetScenarios, startBenchServer, type DatasetRunOptions, type ScenarioResult } from './scenarios.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

function timingTable(title: string, result: DatasetResult): string {
  if (result.reused) {
    return `### ${title}\n\nReused (same seed and sizes already loaded). Counts: ${JSON.stringify(result.counts)}`;
  }
  const rows = result.timings.map((t) => `| ${t.step} | ${t.seconds} | ${t.rows?.toLocaleString('en') ?? ''} |`);
  return `### ${title}\n\nGenerated in ${result.totalSeconds.toFixed(0)} s.\n\n| step | s | rows |\n|---|---|---|\n${rows.join('\n')}\n\nCounts: ${JSON.stringify(result.counts)}`;
}

export async function datasetScenarios(o: {
  full: boolean;
  duration: number;
  connections: number;
  registerScenario: DatasetRunOptions['registerScenario'];
}): Promise<{ results: ScenarioResult[]; ratios: Record<string, number>; notes: string[]; sections: string[] }> {
  const results: ScenarioResult[] = [];
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  const sections: string[] = [];
  const seed = Number(process.env.BENCH_DATASET_SEED ?? 42);
  const day = new Date().toISOString().slice(0, 10);
  const plansFile = path.join(repoRoot, `bench/results/search-plans-${day}.txt`);
  const base = { seconds: o.duration, connections: o.connections, registerScenario: o.registerScenario };

  const onPostgres = async (projects: number, set: 'core' | 'all', label: string) => {
    const database =
      projects % 1_000_000 === 0
        ? `yiwang_bench_${projects / 1_000_000}m`
        : `yiwang_bench_${Math.round(projects / 1000)}k`;
    const generated = await generateDataset(defaultDatasetOptions({ projects, seed, database, reuse: true }));
    sections.push(timingTable(`Dataset ${label} on PostgreSQL (${database})`, generated));
    const server = await startBenchServer({ databaseUrl: generated.databaseUrl! });
    try {
      // A server that has just started on a big dataset does one-off work first (the warning sweep's full pass over
      // every open case, the first fold of the aggregate deltas); measuring during it measures that, not the routes.
      const settleMs = await waitUntilDatabaseQuiet(generated.databaseUrl!, server.child.pid);
      notes.push(`${label}: waited ${Math.round(settleMs / 1000)} s for the server's start-up jobs before measuring.`);
      const run = await runDatasetScenarios({ ...base, server, label, set });
      results.push(...run.results);
      notes.push(`${label}: server cold start on PostgreSQL ${server.coldStartMs} ms.`);
      if (set === 'all') {
        const plans = await explainSearchPlans(
          generated.databaseUrl!,
          plansFile,
          `# Search plans ${new Date().toISOString()} — ${label} (${database}), EXPLAIN (ANALYZE, BUFFERS) of the statements projects.repository.ts searchProjects sends for bench-supervisor (scope 330000), each prepared and run as the server runs it (bench/dataset/search-plans.ts)`,
        );
        sections.push(
          `### Search plans, ${label} (execution ms of the page and count statements at their seventh execution as prepared statements, and the plan used; full plans in bench/results/search-plans-${day}.txt)\n\n| mix | page ms | page plan | count ms | count plan |\n|---|---|---|---|---|\n${plans.map((p) => `| ${p.label} | ${p.pageMs.toFixed(1)} | ${p.pagePlan} | ${p.countMs.toFixed(1)} | ${p.countPlan} |`).join('\n')}`,
        );
      }
      return run.byKey;
    } finally {
      await server.stop();
    }
  };

  if (!o.full) {
    const projects = Number(process.env.BENCH_DATASET_PROJECTS ?? 20_000);
    await onPostgres(projects, 'all', `dataset ${projects.toLocaleString('en')} projects (PostgreSQL)`);
    return { results, ratios, notes, sections };
  }

  const big = Number(process.env.BENCH_DATASET_PROJECTS ?? 1_000_000);
  // BENCH_SKIP_BIG_DATASET=1: only the PGlite vs PostgreSQL comparison below (a machine without the 1M dataset).
  if (process.env.BENCH_SKIP_BIG_DATASET !== '1') {
    await onPostgres(big, 'all', `dataset ${big.toLocaleString('en')} projects (PostgreSQL)`);
  }

  const small = Number(process.env.BENCH_PGLITE_PROJECTS ?? 100_000);
  const pgKeys = await onPostgres(small, 'core', `dataset ${small.toLocaleString('en')} projects (PostgreSQL)`);
  const dir = process.env.BENCH_PGLITE_DIR ?? path.join(os.tmpdir(), `yiwang-bench-pglite-${small}`);
  const generated = await generateDataset(
    defaultDatasetOptions({ projects: small, seed, pgliteDir: dir, reuse: true, database: 'yiwang_bench_pglite' }),
  );
  sections.push(timingTable(`Dataset ${small.toLocaleString('en')} projects in PGlite (${dir})`, generated));
  const server = await startBenchServer({ dataDir: dir });
  const label = `dataset ${small.toLocaleString('en')} projects (PGlite)`;
  try {
    notes.push(`${label}: server cold start (spawn → /api/health ready) ${server.coldStartMs} ms.`);
    ratios.pgliteColdStartMs = server.coldStartMs;
    const run = await runDatasetScenarios({ ...base, server, label, set: 'core' });
    results.push(...run.results);
    const rows: string[] = [];
    for (const [key, r] of Object.entries(run.byKey)) {
      const pg = pgKeys[key];
      if (!pg || pg.perSecond === 0) continue;
      const pct = r.perSecond / pg.perSecond;
      ratios[`pglite:${key}`] = pct;
      rows.push(
        `| ${r.name.replace(`${label}: `, '')} | ${r.perSecond.toFixed(1)} | ${pg.perSecond.toFixed(1)} | ${(pct * 100).toFixed(1)} % | ${r.p99Ms ?? '—'} / ${pg.p99Ms ?? '—'} |`,
      );
    }
    sections.push(
      `### PGlite vs PostgreSQL at ${small.toLocaleString('en')} projects (same run)\n\nCold start on the PGlite dir: ${server.coldStartMs} ms.\n\n| route | PGlite /s | PostgreSQL /s | PGlite % | p99 ms PGlite / PostgreSQL |\n|---|---|---|---|---|\n${rows.join('\n')}`,
    );
  } finally {
    await server.stop();
  }
  return { results, ratios, notes, sections };
}

/**
 * Waits until no other session runs a statement on the database and the server process (`serverPid`, when given) used
 * less than a tenth of a core, for 3 checks in a row (1 s apart), at most 10 min; returns how long it waited. The
 * server too: some of its start-up work is its own (seen: 0.8 s of CPU per second for 5 s after the database had gone
 * quiet, on the 1M dataset), and a scenario measured then is charged for it.
 */
export async function waitUntilDatabaseQuiet(databaseUrl: string, serverPid?: number): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let quiet = 0;
    let cpuBefore = serverPid === undefined ? null : processCpuMs(serverPid);
    while (quiet < 3 && performance.now() - started < 600_000) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      const cpuNow = serverPid === undefined ? null : processCpuMs(serverPid);
      const serverBusy = cpuNow !== null && cpuBefore !== null && cpuNow - cpuBefore > 100;
      cpuBefore = cpuNow;
      quiet = Number(rows[0]!.n) === 0 && !serverBusy ? quiet + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return performance.now() - started;
  } finally {
    await client.end();
  }
}
