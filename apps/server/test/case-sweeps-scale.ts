/**
 * Scale check of the clock warning sweep (ADR 0007) — not part of the test suite; run by hand on a large, migrated
 * database you may write to (the sweep stores levels and raises warnings as it would in production):
 *
 *   node --import tsx apps/server/test/case-sweeps-scale.ts postgres://postgres@127.0.0.1:5432/<db> [sample]
 *
 * Measures: the former per-case check (one row read + one ledger read per open case, as the sweep did before ADR 0007)
 * over `sample` open cases (default 5,000), extrapolated to all open cases; then the sweep itself — the first pass of a
 * process (every open case, in batches), and the next passes (only the due cases) — with the queries each made.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/env.ts';
import { openDatabase } from '../src/db/database.ts';
import type { AppContext } from '../src/lib/app-context.ts';
import { systemClock } from '../src/lib/clock.ts';
import { calendarFor, clockOf, ledgerOf, today } from '../src/modules/cases/case-clock.ts';
import { runCaseSweeps } from '../src/modules/cases/case-sweeps.ts';
import * as repo from '../src/modules/cases/cases.repository.ts';

const databaseUrl = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/yiwang_sup_perf';
const sample = Number(process.argv[3] ?? 5000);

async function main() {
  const database = await openDatabase({ databaseUrl, poolSize: 4 });
  let queries = 0; // every statement any pooled connection sends, transactions included
  database.pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      queries += 1;
      return query(...args);
    };
  });
  const ctx = {
    config: loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/yiwang-sweep-scale', DATABASE_URL: databaseUrl }),
    database,
    db: database.db,
    clock: systemClock,
  } as unknown as AppContext;
  try {
    let start = performance.now();
    const ids = await repo.findOpenCaseIds(ctx.db);
    const calendar = await calendarFor(ctx, ctx.db);
    const on = today(ctx);
    const listed = performance.now() - start;
    start = performance.now();
    for (const id of ids.slice(0, sample)) {
      const before = await repo.findCase(ctx.db, id);
      if (before) clockOf(ctx, await ledgerOf(ctx.db, id), calendar, on);
    }
    const perCase = (performance.now() - start) / Math.min(sample, ids.length);
    console.log(
      `former sweep: ${ids.length} open cases listed in ${listed.toFixed(0)} ms; per-case check ` +
        `${perCase.toFixed(2)} ms over ${Math.min(sample, ids.length)} cases → ≈ ${((listed + perCase * ids.length) / 1000).toFixed(0)} s ` +
        `and ${2 * ids.length + 1} queries per pass (before any warning is raised)`,
    );
    for (const label of ['first pass (full)', 'second pass (due only)', 'third pass (due only)']) {
      queries = 0;
      start = performance.now();
      let failures = 0;
      const result = await runCaseSweeps(ctx, (error, message) => {
        if ((failures += 1) <= 3) console.log(`  ${message}: ${(error as Error).message}`);
      });
      console.log(
        `${label}: ${(performance.now() - start).toFixed(0)} ms, ${queries} statements, ${JSON.stringify(result)}`,
      );
    }
  } finally {
    await database.close();
  }
}

await main();
