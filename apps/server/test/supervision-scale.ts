/**
 * Scale check of the supervisor dashboard (issue 6 §2, ADR 0006) — not part of the test suite; run by hand:
 *
 *   node --import tsx apps/server/test/supervision-scale.ts postgres://postgres@127.0.0.1:5432/postgres [projects]
 *
 * Creates a scratch database (yiwang_dash_scale), migrates it, bulk-inserts `projects` (default 1,000,000) projects with
 * five cases each over a province of 11 cities / 99 counties / 1,090 departments (foreign keys and triggers off during
 * the bulk load), backfills the aggregates with the migration's own SQL, then measures: the trigger-written deltas and
 * the fold of a burst of updates, and the dashboard (service function, province and county scope) p50 / p99 over many
 * calls, with EXPLAIN ANALYZE of its main query. Drops the database at the end.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../src/config/env.ts';
import { migrateDatabase, openDatabase } from '../src/db/database.ts';
import type { AppContext } from '../src/lib/app-context.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { foldSupervisionAggregates } from '../src/modules/supervision/supervision-fold.ts';
import { supervisionDashboard } from '../src/modules/supervision/supervision.service.ts';

const serverUrl = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const projectCount = Number(process.argv[3] ?? 1_000_000);
const NAME = 'yiwang_dash_scale';

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await f();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${NAME}`);
  const url = new URL(serverUrl);
  url.pathname = `/${NAME}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 8 });
  try {
    await migrateDatabase(database);
    const q = (sql: string) => database.pool.query(sql);
    const bulk = await database.pool.connect();
    try {
      await bulk.query(`SET session_replication_role = replica`); // no FK checks, no triggers during the bulk load
      await time('regions + departments', async () => {
        await bulk.query(
          `INSERT INTO regions (code, name, level, path) VALUES ('330000', '浙江省', 'province', '330000')`,
        );
        await bulk.query(`INSERT INTO regions (code, name, parent_code, level, path)
          SELECT c, '市' || c, '330000', 'city', '330000/' || c FROM (SELECT (330000 + i * 100)::text AS c FROM generate_series(1, 11) i) x`);
        await bulk.query(`INSERT INTO regions (code, name, parent_code, level, path)
          SELECT (p + j)::text, '县' || (p + j), p::text, 'county', '330000/' || p || '/' || (p + j)
          FROM (SELECT 330000 + i * 100 AS p FROM generate_series(1, 11) i) x, generate_series(1, 9) j`);
        await bulk.query(`INSERT INTO departments (code, name, kind, region_code)
          SELECT 'd' || k, r.name || '部门' || k, 'k' || k, r.code FROM regions r, generate_series(1, 10) k
          WHERE r.level IN ('city', 'county')`);
      });
      await time(`${projectCount} projects`, () =>
        bulk.query(`INSERT INTO projects (id, enterprise_id, created_by, name, region_code, status, code, procedure)
          SELECT md5('p' || i)::uuid, '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001',
                 'P' || i, (330000 + (1 + i % 11) * 100 + (i / 11) % 10)::text,
                 (ARRAY['coded', 'filed', 'filed', 'draft', 'voided'])[1 + i % 5],
                 CASE WHEN i % 5 = 3 THEN NULL ELSE 'C' || i END,
                 (ARRAY['approval', 'ratification', 'filing', 'filing'])[1 + i % 4]
          FROM generate_series(1, ${projectCount}) i`),
      );
      await time(`${projectCount * 5} cases`, () =>
        bulk.query(`
          WITH d AS (SELECT array_agg(id ORDER BY id) AS ids FROM departments)
          INSERT INTO cases (case_number, application_id, project_id, matter_code, matter_name, department_kind,
                             department_id, status, current_step, steps, limit_working_days, max_extension_working_days,
                             deadline, clock_running, clock_level, decided_on, urge_count)
          SELECT 'N' || i || '-' || m, md5('p' || i)::uuid, md5('p' || i)::uuid, 'm' || m, '事项' || m, 'k' || m,
                 d.ids[1 + (i * 7 + m * 13) % array_length(d.ids, 1)], s.status, 'undertake', '[]'::jsonb, 20, 10,
                 s.deadline, s.status <> 'suspended', s.level, s.decided_on, CASE WHEN (i + m) % 97 = 0 THEN 1 ELSE 0 END
          FROM d, generate_series(1, ${projectCount}) i, generate_series(1, 5) m,
          LATERAL (
            SELECT st AS status,
                   CASE WHEN st IN ('approved', 'denied') THEN date '2026-11-22' - (i % 700)
                        ELSE date '2026-11-22' + ((i + m) % 70) - 25 END AS deadline,
                   CASE WHEN st IN ('approved', 'denied') THEN date '2026-11-22' - (i % 700) - 12 + (i * m) % 15 END
                     AS decided_on,
                   CASE WHEN st IN ('approved', 'denied') THEN 'normal'
                        WHEN (i + m) % 70 < 25 THEN 'red' WHEN (i + m) % 70 < 28 THEN 'yellow' ELSE 'normal' END AS level
            FROM (SELECT CASE WHEN (i * 5 + m) % 100 < 80 THEN 'approved' WHEN (i * 5 + m) % 100 < 88 THEN 'denied'
                              WHEN (i * 5 + m) % 100 < 97 THEN 'inProgress' WHEN (i * 5 + m) % 100 < 99 THEN 'pending'
                              ELSE 'suspended' END AS st) s0
          ) s`),
      );
    } finally {
      await bulk.query(`SET session_replication_role = origin`);
      bulk.release();
    }
    await time('ANALYZE', () => q(`ANALYZE`));
    // The migration's backfill (it ran on an empty table at migrate time): the same statements, now over the rows.
    await q(`TRUNCATE case_figures, project_figures, case_figure_deltas, project_figure_deltas`);
    await time('backfill case_figures (migration SQL)', () =>
      q(`INSERT INTO case_figures
        SELECT department_id, status, running, level, CASE WHEN running THEN deadline END, on_time, urged, count(*)
        FROM (SELECT department_id, status, deadline,
                     status IN ('pending', 'inProgress', 'suspended') AND clock_running AS running,
                     CASE WHEN status IN ('pending', 'inProgress', 'suspended') THEN clock_level ELSE 'normal' END AS level,
                     decided_on IS NOT NULL AND deadline IS NOT NULL AND decided_on <= deadline AS on_time,
                     urge_count > 0 AS urged
              FROM cases) c GROUP BY 1, 2, 3, 4, 5, 6, 7`),
    );
    await time('backfill project_figures', () =>
      q(`INSERT INTO project_figures SELECT region_code, status, procedure, count(*) FROM projects GROUP BY 1, 2, 3`),
    );
    await q(`ANALYZE case_figures; ANALYZE project_figures`);
    const sizes = await q(`SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM projects) AS projects,
      (SELECT count(*) FROM case_figures) AS case_groups, (SELECT count(*) FROM project_figures) AS project_groups,
      pg_size_pretty(pg_total_relation_size('case_figures')) AS case_figures_size`);
    console.log('rows', sizes.rows[0]);

    // A burst of writes through the triggers: 20,000 open cases change status (each → two delta rows), then one fold.
    await time('20k case updates (trigger writes deltas)', () =>
      q(`UPDATE cases SET status = 'approved', decided_on = date '2026-11-22'
         WHERE id IN (SELECT id FROM cases WHERE status = 'inProgress' LIMIT 20000)`),
    );
    await time('100 single-row updates, one transaction each', async () => {
      const ids = (await q(`SELECT id FROM cases WHERE status = 'inProgress' LIMIT 100`)).rows.map((r) => r.id);
      for (const id of ids)
        await database.pool.query(`UPDATE cases SET urge_count = urge_count + 1 WHERE id = $1`, [id]);
    });
    const deltas = await q(`SELECT count(*) AS n FROM case_figure_deltas`);
    console.log('delta rows before fold', deltas.rows[0]);

    const ctx = {
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/yiwang-scale', DATABASE_URL: url.toString() }),
      database,
      db: database.db,
      clock: new ManualClock('2026-11-22T10:00:00+08:00'),
    } as unknown as AppContext;
    const province = { id: 'x', role: 'supervisor', regionCode: '330000' } as never;
    const county = { id: 'x', role: 'supervisor', regionCode: '330105' } as never;
    // Read while the deltas are still unfolded (the reader adds them), then fold.
    await time('dashboard (province) with 40k unfolded deltas', () => supervisionDashboard(ctx, province, {}));
    const fold = await time('fold', () => foldSupervisionAggregates(database.db));
    console.log('fold', fold);
    const emptyFold = await time('fold (nothing to do)', () => foldSupervisionAggregates(database.db));
    console.log('empty fold', emptyFold);

    for (const [label, actor] of [
      ['province (1,090 departments)', province],
      ['county (10 departments)', county],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < 50; i++) await supervisionDashboard(ctx, actor, {}); // warm-up
      for (let i = 0; i < 500; i++) {
        const start = performance.now();
        await supervisionDashboard(ctx, actor, {});
        samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      console.log(
        `dashboard ${label}: p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms, max ${samples.at(-1)!.toFixed(2)} ms`,
      );
    }
    const result = await supervisionDashboard(ctx, province, {});
    console.log('province totals', JSON.stringify(result.totals), 'projects', result.projects.total);
    const live = await time('live scan for comparison (count by status over cases)', () =>
      q(`SELECT status, count(*) FROM cases GROUP BY status ORDER BY status`),
    );
    console.log('live by status', live.rows);

    const explain = await q(`EXPLAIN (ANALYZE, BUFFERS) WITH scoped AS (
        SELECT d.id, d.name, d.region_code, r.path FROM departments d JOIN regions r ON r.code = d.region_code
        WHERE (r.path = '330000' OR r.path LIKE '330000/%')),
      f AS (
        SELECT department_id, status, clock_running, clock_level, deadline, decided_on_time, urged, n FROM case_figures
        WHERE department_id IN (SELECT id FROM scoped)
        UNION ALL
        SELECT department_id, status, clock_running, clock_level, deadline, decided_on_time, urged, n
        FROM case_figure_deltas WHERE department_id IN (SELECT id FROM scoped))
      SELECT department_id, sum(n) FILTER (WHERE status = 'approved'),
        sum(n) FILTER (WHERE clock_running AND deadline < date '2026-11-22'),
        sum(n) FILTER (WHERE clock_running AND deadline >= date '2026-11-22' AND deadline < date '2026-11-26')
      FROM f GROUP BY department_id`);
    console.log(explain.rows.map((r) => r['QUERY PLAN']).join('\n'));
    console.log('server RSS', (process.memoryUsage().rss / 1024 / 1024).toFixed(0), 'MB');
  } finally {
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  }
}

await main();
