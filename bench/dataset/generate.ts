/**
 * `npm run bench:dataset -- --projects 1000000 --cases-per-project 5 --seed 42`: a province-sized dataset (issue 6 §1)
 * in its own PostgreSQL database (default `yiwang_bench_1m`, dropped and created fresh), or with `--pglite DIR` in a
 * PGlite data directory opened the way the app opens it.
 *
 * The schema, the demo regions/departments/accounts and the default catalogue come from the app itself: the real
 * server is started once on the empty database (migrations + demo seed) and stopped. Then everything is loaded
 * server-side with `INSERT … SELECT … FROM generate_series(…)`, every pseudo-random choice a hash of (row number, salt,
 * seed) — `hashint8extended` — so the same seed and sizes give the same rows. Non-primary indexes and foreign keys of
 * the loaded tables are dropped before the load and re-created after it, then VACUUM ANALYZE. Audit rows: ./audit-rows.ts.
 * Generated data is marked: enterprises are named 基准…, scale texts say 基准数据集, receipt/case/licence numbers carry BJ.
 * The seed and sizes are recorded in `bench_dataset_meta`, so `--reuse` keeps a database that already holds them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addCalendarDays, createDefaultCalendar, defaultCatalogue } from '@yiwang/domain';
import { generateAuditRows } from './audit-rows.ts';
import { CITIES, DEPARTMENT_CODES, regionRows } from './regions.ts';
import { freePort } from '../support/free-port.ts';
import { BENCH_PROJECT_NAME_PREFIX } from '../support/project-body.ts';
import { serverCommand } from '../support/server-bundle.ts';
import { stopChild } from '../support/stop-child.ts';

export const BENCH_PASSWORD = 'Bench@Pass2026';

export interface DatasetOptions {
  seed: number;
  projects: number;
  casesPerProject: number;
  enterprises: number;
  /** PostgreSQL server URL (any database on it); the dataset database is created beside. */
  serverUrl: string;
  database: string;
  /** Generate into this PGlite data directory instead of PostgreSQL. */
  pgliteDir?: string | undefined;
  reuse: boolean;
  sealedAudit: boolean;
  log?: (line: string) => void;
}

export interface DatasetResult {
  databaseUrl?: string | undefined;
  pgliteDir?: string | undefined;
  reused: boolean;
  timings: { step: string; seconds: number; rows?: number }[];
  counts: Record<string, number>;
  totalSeconds: number;
}

export function defaultDatasetOptions(overrides: Partial<DatasetOptions> = {}): DatasetOptions {
  const projects = overrides.projects ?? 1_000_000;
  return {
    seed: 42,
    projects,
    casesPerProject: 5,
    enterprises: Math.max(100, Math.round(projects / 20)),
    serverUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    database: 'yiwang_bench_1m',
    reuse: false,
    sealedAudit: true,
    ...overrides,
  };
}

/** Starts the real server (migrations + demo seed + default catalogue), waits for /api/health, stops it. */
async function prepareSchemaWithServer(env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const server = serverCommand();
  const child = spawn(server.command, server.args, {
    cwd: server.cwd,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_PASSWORD: BENCH_PASSWORD,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; i < 240; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('server did not start for the schema');
  } finally {
    await stopChild(child);
  }
}

/** A pseudo-random number in [0, 1) from (id expression, salt, seed): deterministic, no state, inlined SQL. */
function rnd(seed: number, id: string, salt: number): string {
  return `(((hashint8extended((${id})::bigint * 97 + ${salt}, ${seed}) & 2147483647) % 1000000) / 1000000.0)`;
}
/** An integer in [0, n). */
function pick(seed: number, id: string, salt: number, n: number): string {
  return `floor(${rnd(seed, id, salt)} * ${n})::int`;
}
/** A deterministic uuid of (kind, id expression, seed). */
function uuidOf(seed: number, kind: string, id: string): string {
  return `md5('${seed}-${kind}-' || (${id})::text)::uuid`;
}
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arr = (items: string[]) => `ARRAY[${items.map(lit).join(',')}]::text[]`;

const INDUSTRIES: [string, string][] = [
  ['C3484', '智能装备'],
  ['C2929', '改性塑料'],
  ['C3985', '电子元件'],
  ['C3670', '汽车零部件'],
  ['C2710', '生物医药'],
  ['C1713', '纺织'],
  ['C1399', '食品加工'],
  ['C3823', '新能源电池'],
  ['C3562', '半导体设备'],
  ['C2614', '新材料'],
  ['D4411', '热电联产'],
  ['D4416', '光伏发电'],
  ['D4420', '电网'],
  ['E4710', '房屋建筑'],
  ['E4813', '市政道路'],
  ['E4822', '港口码头'],
  ['E4852', '管网'],
  ['G5941', '冷链物流'],
  ['G5990', '仓储物流'],
  ['I6531', '数据中心'],
  ['K7010', '房地产开发'],
  ['N7721', '污水处理'],
  ['N7820', '环境卫生'],
  ['P8321', '学校'],
  ['Q8411', '医院'],
  ['R8890', '文化旅游'],
  ['A0190', '现代农业'],
  ['M7320', '研发中心'],
];
const NAME_PARTS = ['产业园', '基地', '中心', '综合体', '扩建工程', '技术改造', '一期工程', '二期工程', '提升工程'];
const NAME_SUFFIX = ['建设项目', '项目', '工程'];

/** Matter sequences per procedure (stage order): which matters a project's cases are, slot by slot. */
const SEQUENCES: Record<string, string[]> = {
  approval: [
    'ndrc.proposal',
    'nr.siteAndLand',
    'ndrc.feasibility',
    'eco.eiaReportForm',
    'ndrc.preliminaryDesign',
    'nr.constructionPlanningPermit',
    'housing.drawingReview',
    'housing.constructionPermit',
    'housing.jointAcceptance',
  ],
  ratification: [
    'ndrc.ratification',
    'nr.siteAndLand',
    'eco.eiaReportBook',
    'nr.landUsePlanningPermit',
    'nr.constructionPlanningPermit',
    'water.soilConservation',
    'housing.drawingReview',
    'housing.constructionPermit',
    'housing.jointAcceptance',
  ],
  filing: [
    'nr.siteAndLand',
    'eco.eiaReportForm',
    'nr.landUsePlanningPermit',
    'nr.constructionPlanningPermit',
    'water.soilConservation',
    'housing.drawingReview',
    'cad.shelterApproval',
    'housing.constructionPermit',
    'housing.jointAcceptance',
  ],
};

/** Shanghai civil date of now. */
function todayShanghai(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

async function timed<T>(
  timings: DatasetResult['timings'],
  log: (l: string) => void,
  step: string,
  work: () => Promise<T>,
  rows?: (t: T) => number,
): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const n = rows?.(result);
  timings.push({ step, seconds: Number(seconds.toFixed(1)), ...(n === undefined ? {} : { rows: n }) });
  log(`  ${step}: ${seconds.toFixed(1)} s${n === undefined ? '' : ` (${n.toLocaleString('en')} rows)`}`);
  return result;
}

const LOADED_TABLES = [
  'enterprises',
  'projects',
  'project_codes',
  'stage_applications',
  'cases',
  'case_clock_entries',
  'licences',
  'audit_events',
];

interface SavedDdl {
  foreignKeys: { table: string; name: string; def: string }[];
  constraints: { table: string; name: string; def: string }[];
  indexes: { name: string; def: string }[];
}

/** Drops the loaded tables' foreign keys (both directions), unique/primary constraints and indexes; returns their DDL. */
async function dropIndexes(client: pg.ClientBase): Promise<SavedDdl> {
  const tables = `ARRAY[${LOADED_TABLES.map(lit).join(',')}]`;
  const fks = await client.query<{ table: string; name: string; def: string }>(`
    SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c
     WHERE c.contype = 'f' AND (c.conrelid::regclass::text = ANY(${tables}) OR c.confrelid::regclass::text = ANY(${tables}))`);
  const cons = await client.query<{ table: string; name: string; def: string }>(`
    SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c
     WHERE c.contype IN ('p', 'u') AND c.conrelid::regclass::text = ANY(${tables})`);
  const idx = await client.query<{ name: string; def: string }>(`
    SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY(${tables})
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`);
  for (const fk of fks.rows) await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT "${fk.name}"`);
  for (const c of cons.rows) await client.query(`ALTER TABLE ${c.table} DROP CONSTRAINT "${c.name}"`);
  for (const i of idx.rows) await client.query(`DROP INDEX "${i.name}"`);
  return { foreignKeys: fks.rows, constraints: cons.rows, indexes: idx.rows };
}

async function restoreIndexes(client: pg.ClientBase, ddl: SavedDdl, log: (l: string) => void): Promise<void> {
  for (const c of ddl.constraints) {
    const started = performance.now();
    await client.query(`ALTER TABLE ${c.table} ADD CONSTRAINT "${c.name}" ${c.def}`);
    log(`    ${c.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const i of ddl.indexes) {
    const started = performance.now();
    await client.query(i.def);
    log(`    ${i.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const fk of ddl.foreignKeys) {
    const started = performance.now();
    await client.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT "${fk.name}" ${fk.def}`);
    log(`    ${fk.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function readMeta(client: pg.ClientBase): Promise<Record<string, unknown> | null> {
  try {
    const { rows } = await client.query<{ value: Record<string, unknown> }>(
      `SELECT value FROM bench_dataset_meta WHERE key = 'dataset'`,
    );
    return rows[0]?.value ?? null;
  } catch {
    return null;
  }
}

const sameSize = (meta: Record<string, unknown> | null, o: DatasetOptions) =>
  meta !== null &&
  meta.seed === o.seed &&
  meta.projects === o.projects &&
  meta.casesPerProject === o.casesPerProject &&
  meta.enterprises === o.enterprises &&
  meta.complete === true;

/** Generates (or, with `reuse`, keeps) the dataset. */
export async function generateDataset(options: DatasetOptions): Promise<DatasetResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const started = performance.now();
  const timings: DatasetResult['timings'] = [];

  if (options.pgliteDir) {
    const dir = path.resolve(options.pgliteDir);
    if (options.reuse && fs.existsSync(path.join(dir, 'pgdata'))) {
      const meta = await withPglite(dir, async (client) => {
        const found = await readMeta(client);
        if (sameSize(found, options)) await removeEarlierRegistrations(client, log);
        return found;
      });
      if (sameSize(meta, options)) {
        log(`dataset: reusing PGlite ${dir} (seed ${options.seed}, ${options.projects} projects)`);
        return {
          pgliteDir: dir,
          reused: true,
          timings,
          counts: (meta!.counts ?? {}) as Record<string, number>,
          totalSeconds: 0,
        };
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await timed(timings, log, 'schema: migrations + demo seed (server start on the empty PGlite dir)', () =>
      prepareSchemaWithServer({ DATA_DIR: dir, DATABASE_URL: '' }),
    );
    const counts = await withPglite(dir, (client) => load(client, options, timings, log, true));
    return { pgliteDir: dir, reused: false, timings, counts, totalSeconds: (performance.now() - started) / 1000 };
  }

  const url = new URL(options.serverUrl);
  url.pathname = `/${options.database}`;
  const databaseUrl = url.toString();
  if (!/^yiwang_bench_\w+$/.test(options.database)) {
    throw new Error(`refusing database name ${options.database}: bench databases are named yiwang_bench_*`);
  }
  if (options.reuse) {
    const probe = new pg.Client({ connectionString: databaseUrl });
    const meta = await probe
      .connect()
      .then(() => readMeta(probe))
      .catch(() => null);
    if (sameSize(meta, options)) await removeEarlierRegistrations(probe, log);
    await probe.end().catch(() => {});
    if (sameSize(meta, options)) {
      log(`dataset: reusing ${options.database} (seed ${options.seed}, ${options.projects} projects)`);
      return {
        databaseUrl,
        reused: true,
        timings,
        counts: (meta!.counts ?? {}) as Record<string, number>,
        totalSeconds: 0,
      };
    }
  }
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${options.database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${options.database}`);
  await admin.end();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-schema-'));
  await timed(timings, log, 'schema: migrations + demo seed (server start on the empty database)', () =>
    prepareSchemaWithServer({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir }),
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let counts: Record<string, number>;
  try {
    counts = await load(client, options, timings, log, false);
  } finally {
    await client.end();
  }
  return { databaseUrl, reused: false, timings, counts, totalSeconds: (performance.now() - started) / 1000 };
}

/** Opens a PGlite data dir the way the app does (apps/server/src/db/embedded-postgres.ts: lock file, socket). */
/**
 * A reused dataset without the projects earlier runs' register scenario added (named with BENCH_PROJECT_NAME_PREFIX,
 * support/project-body.ts; generated projects are named otherwise). Left in place, they are the newest projects of the province
 * — ~15,000 filed projects of one county per bench:full — and every newest-first search of another region walks past
 * them first: city 330100 + filed fell from 2,367 to 168 searches/s on a reused 1M dataset (seventeenth session).
 * Their audit rows stay (the trail is append-only); the supervision figures follow the deletes through the delta
 * triggers. VACUUM then clears their index entries (this machine runs without autovacuum).
 */
async function removeEarlierRegistrations(client: pg.ClientBase, log: (line: string) => void): Promise<void> {
  // The prefix has no LIKE wildcard (% or _) in it.
  const registered = 'SELECT id FROM projects WHERE name LIKE $1';
  const pattern = [`${BENCH_PROJECT_NAME_PREFIX}%`];
  await client.query('BEGIN');
  try {
    await client.query(`DELETE FROM project_codes WHERE project_id IN (${registered})`, pattern);
    const deleted = await client.query(`DELETE FROM projects WHERE id IN (${registered})`, pattern);
    await client.query('COMMIT');
    if (!deleted.rowCount) return;
    await client.query('VACUUM ANALYZE projects, project_codes');
    log(`dataset: removed ${deleted.rowCount} projects registered by earlier runs' register scenario`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function withPglite<T>(dir: string, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const { startEmbeddedPostgres } = await import('../../apps/server/src/db/embedded-postgres.ts');
  const embedded = await startEmbeddedPostgres(dir);
  const client = new pg.Client(embedded.connectionConfig);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
    await embedded.stop();
  }
}

async function load(
  client: pg.ClientBase,
  o: DatasetOptions,
  timings: DatasetResult['timings'],
  log: (l: string) => void,
  pglite: boolean,
): Promise<Record<string, number>> {
  const s = o.seed;
  const q = (sql: string) => client.query(sql);
  const step = <T>(name: string, work: () => Promise<T>, rows?: (t: T) => number) =>
    timed(timings, log, name, work, rows);
  const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
  const today = todayShanghai();
  log(
    `dataset: ${o.projects.toLocaleString('en')} projects × ${o.casesPerProject} cases, ${o.enterprises.toLocaleString('en')} enterprises, seed ${o.seed}, as of ${today}${pglite ? ' (PGlite)' : ''}`,
  );

  await q(`SET synchronous_commit = off`);
  await q(`SET maintenance_work_mem = '${pglite ? '256MB' : '1GB'}'`);
  await q(`SET work_mem = '${pglite ? '64MB' : '256MB'}'`);

  // Helper tables: working days (the app's calendar), regions to draw from, matters, departments by region × kind.
  await step('helpers: working days, regions, departments, matters, bench supervisor', async () => {
    const calendar = createDefaultCalendar();
    const days: string[] = [];
    for (let d = '2021-06-01'; d <= '2028-12-31'; d = addCalendarDays(d, 1)) if (calendar.isWorkingDay(d)) days.push(d);
    await q(`DROP TABLE IF EXISTS bench_workdays, bench_matters, bench_seq, bench_region_pick, bench_region_dept,
             bench_industries, bench_p, bench_nd, bench_c`);
    await q(`CREATE UNLOGGED TABLE bench_workdays (n int PRIMARY KEY, day date NOT NULL UNIQUE)`);
    await client.query(
      `INSERT INTO bench_workdays SELECT ord::int, d FROM unnest($1::date[]) WITH ORDINALITY AS t(d, ord)`,
      [days],
    );
    for (const r of regionRows()) {
      await client.query(
        `INSERT INTO regions (code, name, parent_code, level, path) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        r,
      );
    }
    for (const [kind, [code, suffix]] of Object.entries(DEPARTMENT_CODES)) {
      await client.query(
        `INSERT INTO departments (code, name, kind, region_code)
         SELECT $1, r.name || $2, $3, r.code FROM regions r WHERE r.level IN ('city', 'county')
         ON CONFLICT DO NOTHING`,
        [code, suffix, kind],
      );
    }
    // Regions projects are drawn from: counties, city level (市本级) twice as likely, the demo zone.
    const picks = [...CITIES.flatMap((c) => [c.code, c.code, ...c.counties.map(([code]) => code)]), '330354'];
    await client.query(
      `CREATE UNLOGGED TABLE bench_region_pick AS SELECT (ord - 1)::int AS k, code FROM unnest($1::text[]) WITH ORDINALITY AS t(code, ord)`,
      [picks],
    );
    await q(`CREATE UNLOGGED TABLE bench_region_dept AS
      SELECT r.code AS region_code, k.kind,
             coalesce(d.id, pd.id, (SELECT id FROM departments WHERE region_code = '330000' AND kind = 'ndrc')) AS department_id
        FROM regions r
        CROSS JOIN (SELECT DISTINCT kind FROM departments) k
        LEFT JOIN departments d ON d.region_code = r.code AND d.kind = k.kind
        LEFT JOIN departments pd ON pd.region_code = r.parent_code AND pd.kind = k.kind`);
    const catalogue = defaultCatalogue();
    const published = await client.query<{ version: string }>(
      `SELECT version FROM catalogue_versions WHERE status = 'published' LIMIT 1`,
    );
    const version = published.rows[0]?.version ?? catalogue.version;
    await q(`CREATE UNLOGGED TABLE bench_matters (code text PRIMARY KEY, name text, stage_code text, stage_no int,
              department_kind text, limit_wd int, max_ext int, steps jsonb, licence_type text, catalogue_version text)`);
    const stageNo = new Map(catalogue.stages.map((st, i) => [st.code, i + 1]));
    for (const m of catalogue.matters) {
      const steps = m.steps.map((x) => ({
        code: x.code,
        name: x.name,
        kind: x.kind,
        signMode: x.signMode,
        participants: [...x.participants],
      }));
      await client.query(`INSERT INTO bench_matters VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        m.code,
        m.name,
        m.stageCode,
        stageNo.get(m.stageCode) ?? 1,
        m.departmentKind,
        Math.max(1, m.promisedLimitWorkingDays),
        m.statutoryLimitWorkingDays ? 10 : 0,
        JSON.stringify(steps),
        m.output?.licenceType ?? null,
        version,
      ]);
    }
    await q(
      `CREATE UNLOGGED TABLE bench_seq (procedure text, slot int, matter_code text, PRIMARY KEY (procedure, slot))`,
    );
    for (const [procedure, matters] of Object.entries(SEQUENCES)) {
      for (const [slot, code] of matters.entries()) {
        await client.query(`INSERT INTO bench_seq VALUES ($1, $2, $3)`, [procedure, slot, code]);
      }
    }
    await client.query(
      `CREATE UNLOGGED TABLE bench_industries AS SELECT (ord - 1)::int AS k, code, words FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(code, words, ord)`,
      [INDUSTRIES.map((i) => i[0]), INDUSTRIES.map((i) => i[1])],
    );
    // A provincial supervisor (the demo one sees 温州市 only), same password as the demo accounts.
    await q(`INSERT INTO users (username, display_name, password_hash, role, region_code, department_id, is_demo)
             SELECT 'bench-supervisor', '省发改监管员（基准）', password_hash, 'supervisor', '330000',
                    (SELECT id FROM departments WHERE region_code = '330000' AND kind = 'ndrc'), true
               FROM users WHERE username = 'supervisor'
             ON CONFLICT DO NOTHING`);
  });

  const ddl = await step('drop indexes and foreign keys of the loaded tables', () => dropIndexes(client));

  const T = await count(`SELECT n AS n FROM bench_workdays WHERE day <= '${today}' ORDER BY n DESC LIMIT 1`);
  const firstOrd = await count(`SELECT n AS n FROM bench_workdays WHERE day >= '2022-01-01' ORDER BY n LIMIT 1`);
  const applicantId = (await client.query<{ id: string }>(`SELECT id FROM users WHERE username = 'applicant'`)).rows[0]!
    .id;
  const deciderId = (await client.query<{ id: string }>(`SELECT id FROM users WHERE username = 'department'`)).rows[0]!
    .id;
  const nRegions = await count(`SELECT count(*) AS n FROM bench_region_pick`);
  const nIndustries = INDUSTRIES.length;

  await step(
    'enterprises',
    () =>
      client.query(`
    INSERT INTO enterprises (id, credit_code, name, legal_representative, region_code, address, contact_name,
                             contact_phone_encrypted, contact_phone_index, contact_id_number_encrypted, created_at, updated_at)
    SELECT ${uuidOf(s, 'e', 'e')},
           '91' || rp.code || 'BJ' || lpad(e::text, 8, '0'),
           '基准' || ind.words || '有限公司' || e,
           '基准法人' || e, rp.code, '基准数据集地址 ' || e || ' 号', '基准联系人' || e,
           'bench', md5('${s}-phone-' || e), 'bench',
           timestamptz '2021-06-01 09:00+08' + (${rnd(s, 'e', 1)} * 180) * interval '1 day',
           timestamptz '2021-06-01 09:00+08' + (${rnd(s, 'e', 1)} * 180) * interval '1 day'
      FROM generate_series(1, ${o.enterprises}) e
      JOIN bench_region_pick rp ON rp.k = ${pick(s, 'e', 2, nRegions)}
      JOIN bench_industries ind ON ind.k = ${pick(s, 'e', 3, nIndustries)}`),
    (r) => r.rowCount ?? 0,
  );

  // Projects: a staging table with every draw, then codes with serials unique per (YYMM, region, type).
  await step(
    'projects (staging: draws, code serials)',
    async () => {
      await q(`
      CREATE UNLOGGED TABLE bench_p AS
      SELECT i, ${uuidOf(s, 'p', 'i')} AS id, rp.code AS region_code, ind.code AS industry_code, ind.words,
             CASE WHEN pr < 0.08 THEN 'approval' WHEN pr < 0.20 THEN 'ratification' ELSE 'filing' END AS procedure,
             CASE WHEN st < 0.04 THEN 'draft' WHEN st < 0.08 THEN 'voided'
                  WHEN pr >= 0.20 AND st < 0.97 THEN 'filed' ELSE 'coded' END AS status,
             CASE WHEN tt < 0.70 THEN '01' WHEN tt < 0.85 THEN '02' WHEN tt < 0.93 THEN '03' WHEN tt < 0.98 THEN '04' ELSE '05' END AS project_type,
             round(exp(ln(50) + ${rnd(s, 'i', 4)} * ln(20000))::numeric, 2) AS total_investment,
             -- created between 2022-01 and today, denser in recent years
             timestamptz '2022-01-01 08:30+08'
               + (sqrt(${rnd(s, 'i', 5)}) * (date '${today}' - date '2022-01-02')) * interval '1 day'
               + (${rnd(s, 'i', 6)} * 9) * interval '1 hour' AS created_at,
             ${pick(s, 'i', 7, o.enterprises)} + 1 AS enterprise_no,
             ${pick(s, 'i', 8, NAME_PARTS.length)} + 1 AS part, ${pick(s, 'i', 9, NAME_SUFFIX.length)} + 1 AS suffix,
             ${rnd(s, 'i', 10)} AS fr, ${rnd(s, 'i', 11)} AS open_draw
        FROM generate_series(1, ${o.projects}) i
        CROSS JOIN LATERAL (SELECT ${rnd(s, 'i', 12)} AS pr, ${rnd(s, 'i', 13)} AS st, ${rnd(s, 'i', 14)} AS tt) d
        JOIN bench_region_pick rp ON rp.k = ${pick(s, 'i', 15, nRegions)}
        JOIN bench_industries ind ON ind.k = ${pick(s, 'i', 16, nIndustries)}`);
      await q(`ALTER TABLE bench_p ADD COLUMN yymm text, ADD COLUMN serial int, ADD COLUMN coded_ord int`);
      await q(`CREATE UNLOGGED TABLE bench_p2 AS
        SELECT p.*, to_char(p.created_at AT TIME ZONE 'Asia/Shanghai', 'YYMM') AS yymm2,
               CASE WHEN p.status = 'draft' THEN NULL
                    ELSE row_number() OVER (PARTITION BY to_char(p.created_at AT TIME ZONE 'Asia/Shanghai', 'YYMM'),
                                            p.region_code, p.project_type, p.status = 'draft' ORDER BY p.i) END AS serial2,
               (SELECT w.n FROM bench_workdays w WHERE w.day >= (p.created_at AT TIME ZONE 'Asia/Shanghai')::date
                 ORDER BY w.day LIMIT 1) AS coded_ord2
          FROM bench_p p`);
      await q(`DROP TABLE bench_p`);
      await q(`ALTER TABLE bench_p2 DROP COLUMN yymm, DROP COLUMN serial, DROP COLUMN coded_ord`);
      await q(`ALTER TABLE bench_p2 RENAME COLUMN yymm2 TO yymm`);
      await q(`ALTER TABLE bench_p2 RENAME COLUMN serial2 TO serial`);
      await q(`ALTER TABLE bench_p2 RENAME COLUMN coded_ord2 TO coded_ord`);
      await q(`ALTER TABLE bench_p2 RENAME TO bench_p`);
      await q(`ALTER TABLE bench_p ADD PRIMARY KEY (i)`);
      // GB/T 17710 MOD 11,10 over the 19 digits (as packages/domain computeProjectCodeCheckDigit).
      await q(`CREATE OR REPLACE FUNCTION bench_code_check(digits text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
        DECLARE p int := 10; sv int; ch int;
        BEGIN
          FOR k IN 1..19 LOOP
            ch := ascii(substr(digits, k, 1)) - 48;
            sv := (p + ch) % 10; IF sv = 0 THEN sv := 10; END IF;
            p := (sv * 2) % 11;
          END LOOP;
          RETURN ((11 - p) % 10)::text;
        END $$`);
    },
    () => o.projects,
  );
  await step(
    'projects',
    () =>
      client.query(`
    INSERT INTO projects (id, enterprise_id, created_by, name, region_code, address, scale_and_content, total_investment,
                          fund_sources, planned_start, planned_end, industry_code, project_type, investment_nature, flags,
                          industrial_policy_statement, procedure, procedure_reason, status, code, coded_at, filed_at,
                          created_at, updated_at)
    SELECT p.id, ${uuidOf(s, 'e', 'p.enterprise_no')}, '${applicantId}',
           r.name || p.words || (${arr(NAME_PARTS)})[p.part] || (${arr(NAME_SUFFIX)})[p.suffix],
           p.region_code, r.name || '基准路 ' || (p.i % 997) || ' 号',
           '基准数据集：' || p.words || '项目，新建厂房及配套设施，总建筑面积 ' || (1000 + p.i % 90000) || ' 平方米，购置生产及检测设备 ' || (10 + p.i % 200) || ' 台（套）。',
           p.total_investment,
           CASE WHEN p.procedure = 'approval'
                THEN jsonb_build_array(jsonb_build_object('kind', 'fiscal', 'amount', p.total_investment))
                ELSE jsonb_build_array(jsonb_build_object('kind', 'selfRaised', 'amount', round(p.total_investment * 0.6, 2)),
                                       jsonb_build_object('kind', 'bankLoan', 'amount', p.total_investment - round(p.total_investment * 0.6, 2))) END,
           (p.created_at AT TIME ZONE 'Asia/Shanghai')::date + 90, (p.created_at AT TIME ZONE 'Asia/Shanghai')::date + 90 + 365 + (p.i % 700),
           p.industry_code, p.project_type,
           CASE WHEN p.procedure = 'approval' THEN 'government' ELSE 'enterprise' END,
           array_remove(ARRAY[CASE WHEN p.fr < 0.03 THEN 'provincialKey' END, CASE WHEN p.fr >= 0.03 AND p.fr < 0.12 THEN 'municipalKey' END,
                              CASE WHEN p.fr >= 0.12 AND p.fr < 0.14 THEN 'ppp' END,
                              CASE WHEN p.fr >= 0.5 AND p.fr < 0.58 THEN 'privateInvestmentPromotion' END], NULL),
           p.procedure <> 'approval', p.procedure, '基准数据集', p.status,
           CASE WHEN p.status = 'draft' THEN NULL ELSE
             p.yymm || '-' || p.region_code || '-04-' || p.project_type || '-' || lpad(p.serial::text, 5, '0') ||
             bench_code_check(p.yymm || p.region_code || '04' || p.project_type || lpad(p.serial::text, 5, '0')) END,
           CASE WHEN p.status = 'draft' THEN NULL ELSE p.created_at + interval '2 hours' END,
           CASE WHEN p.status = 'filed' THEN p.created_at + interval '2 hours' END,
           p.created_at, p.created_at + interval '2 hours'
      FROM bench_p p JOIN regions r ON r.code = p.region_code`),
    (r) => r.rowCount ?? 0,
  );
  await step(
    'project_codes',
    () =>
      client.query(`
    INSERT INTO project_codes (code, project_id, issuer, status, issued_at, voided_at)
    SELECT code, id, 'local', CASE WHEN status = 'voided' THEN 'voided' ELSE 'active' END, coded_at,
           CASE WHEN status = 'voided' THEN coded_at + interval '30 days' END
      FROM projects WHERE code IS NOT NULL AND procedure_reason = '基准数据集'`),
    (r) => r.rowCount ?? 0,
  );

  // Cases: N × casesPerProject of them over the non-draft projects, slot by slot along the procedure's matter sequence.
  const totalCases = o.projects * o.casesPerProject;
  const M = await step('cases (staging)', async () => {
    await q(`CREATE UNLOGGED TABLE bench_nd AS
      SELECT row_number() OVER (ORDER BY i)::int AS o, i FROM bench_p WHERE status <> 'draft'`);
    await q(`ALTER TABLE bench_nd ADD PRIMARY KEY (o)`);
    const m = await count(`SELECT count(*) AS n FROM bench_nd`);
    const perProject = Math.floor(totalCases / m);
    const extra = totalCases % m;
    // last slot of project o: perProject - 1, or perProject for the first `extra` projects
    await q(`CREATE UNLOGGED TABLE bench_c AS
      SELECT k, ks.slot, p.i, p.id AS project_id, p.region_code, p.procedure, p.status AS project_status, p.coded_ord,
             m.code AS matter_code, m.name AS matter_name, m.stage_code, m.stage_no, m.department_kind, m.limit_wd,
             m.max_ext, m.steps, m.licence_type, m.catalogue_version,
             last.stage_no AS last_stage_no, p.open_draw
        FROM generate_series(0, ${totalCases - 1}::bigint) k
        CROSS JOIN LATERAL (SELECT (k % ${m})::int + 1 AS o, (k / ${m})::int AS slot) ks
        JOIN bench_nd nd ON nd.o = ks.o
        JOIN bench_p p ON p.i = nd.i
        JOIN bench_seq sq ON sq.procedure = p.procedure AND sq.slot = least(ks.slot, 8)
        JOIN bench_matters m ON m.code = sq.matter_code
        JOIN bench_seq lsq ON lsq.procedure = p.procedure
             AND lsq.slot = least(CASE WHEN nd.o <= ${extra} THEN ${perProject} ELSE ${perProject - 1} END, 8)
        JOIN bench_matters last ON last.code = lsq.matter_code`);
    return m;
  });
  // Per (project, stage): acceptance day (working-day ordinal); open stages only in the project's last stage.
  await step('stage_applications + cases (draws)', async () => {
    await q(`CREATE UNLOGGED TABLE bench_c2 AS
      SELECT c.*, 
             (c.stage_no = c.last_stage_no AND c.open_draw < 0.12 AND c.project_status <> 'voided') AS open_stage,
             ${rnd(s, 'c.k', 20)} AS sd, ${rnd(s, 'c.k', 21)} AS dd, ${rnd(s, 'c.k', 22)} AS xd
        FROM bench_c c`);
    await q(`DROP TABLE bench_c`);
    await q(`ALTER TABLE bench_c2 RENAME TO bench_c`);
    await q(`ALTER TABLE bench_c ADD COLUMN acc int, ADD COLUMN status text, ADD COLUMN decided_ord int`);
    // acceptance: open stage → today minus 0…limit(+15 for 15 %) working days; decided stage → along the project's
    // timeline. Never after today: a project coded on a weekend day has its first working day after today, and an
    // acceptance there put the clock's start after its stop (the warning sweep refused those ledgers).
    await q(`CREATE UNLOGGED TABLE bench_c2 AS
      SELECT c.*,
             CASE WHEN c.open_stage THEN
                    least(${T}, greatest(c.coded_ord, ${T} - CASE WHEN ${rnd(s, 'c.i * 8 + c.stage_no', 23)} < 0.9
                                                  THEN floor(power(${rnd(s, 'c.i * 8 + c.stage_no', 24)}, 3) * 21)::int
                                                  ELSE 21 + floor(${rnd(s, 'c.i * 8 + c.stage_no', 24)} * 15)::int END))
                  ELSE greatest(${firstOrd}, least(c.coded_ord + 3 + (c.stage_no - 1) * 40 + floor(${rnd(s, 'c.i * 8 + c.stage_no', 25)} * 20)::int,
                                ${T} - 25 - (4 - c.stage_no) * 3)) END AS acc2,
             CASE WHEN NOT c.open_stage THEN CASE WHEN c.sd < 0.96 THEN 'approved' ELSE 'denied' END
                  WHEN c.sd < 0.12 THEN 'pending' WHEN c.sd < 0.70 THEN 'inProgress' WHEN c.sd < 0.80 THEN 'suspended'
                  WHEN c.sd < 0.97 THEN 'approved' ELSE 'denied' END AS status2
        FROM bench_c c`);
    await q(`DROP TABLE bench_c`);
    await q(`ALTER TABLE bench_c2 DROP COLUMN acc, DROP COLUMN status, DROP COLUMN decided_ord`);
    await q(`ALTER TABLE bench_c2 RENAME COLUMN acc2 TO acc`);
    await q(`ALTER TABLE bench_c2 RENAME COLUMN status2 TO status`);
    await q(`ALTER TABLE bench_c2 RENAME TO bench_c`);
    await q(`ALTER TABLE bench_c ADD PRIMARY KEY (k)`);
  });
  await step(
    'stage_applications',
    () =>
      client.query(`
    INSERT INTO stage_applications (id, project_id, stage_code, catalogue_version, status, facts, form_data, matter_codes,
                                    region_code, acceptance_mode, priority, submitted_at, submitted_on, accepted_at,
                                    accepted_on, accepted_by, receipt_number, completed_at, created_by, created_at, updated_at)
    SELECT ${uuidOf(s, 'a', 'c.i * 8 + c.stage_no')}, c.project_id, c.stage_code, min(c.catalogue_version),
           CASE WHEN bool_and(c.status IN ('approved', 'denied')) THEN 'completed' ELSE 'accepted' END,
           '{}', '{"bench": true}'::jsonb, array_agg(c.matter_code ORDER BY c.slot), c.region_code,
           CASE WHEN min(c.sd) < 0.05 THEN 'tolerance' WHEN min(c.sd) < 0.08 THEN 'commitment' ELSE 'normal' END,
           min(c.xd) < 0.1,
           (w.day + time '09:30') AT TIME ZONE 'Asia/Shanghai' - interval '1 day', w.day - 1,
           (w.day + time '10:00') AT TIME ZONE 'Asia/Shanghai', w.day, '${applicantId}',
           'SL' || c.region_code || to_char(w.day, 'YYYYMMDD') || 'BJ' || lpad(to_hex(c.i * 8 + c.stage_no), 8, '0'),
           CASE WHEN bool_and(c.status IN ('approved', 'denied')) THEN (w.day + 20 + time '17:00') AT TIME ZONE 'Asia/Shanghai' END,
           '${applicantId}', (w.day + time '09:00') AT TIME ZONE 'Asia/Shanghai' - interval '1 day', now()
      FROM bench_c c JOIN bench_workdays w ON w.n = c.acc
     GROUP BY c.i, c.project_id, c.stage_code, c.stage_no, c.region_code, w.day`),
    (r) => r.rowCount ?? 0,
  );
  await step(
    'cases',
    () =>
      client.query(`
    INSERT INTO cases (id, case_number, application_id, project_id, matter_code, matter_name, department_kind,
                       department_id, status, current_step, steps, limit_working_days, max_extension_working_days,
                       deadline, clock_running, clock_level, decision, decision_opinion, decided_at, decided_on, decided_by,
                       escalated_at, created_at, updated_at)
    SELECT ${uuidOf(s, 'c', 'c.k')},
           'SL' || c.region_code || to_char(w.day, 'YYYYMMDD') || 'BJ' || lpad(to_hex(c.i * 8 + c.stage_no), 8, '0') || '-' || lpad((c.slot + 1)::text, 2, '0'),
           ${uuidOf(s, 'a', 'c.i * 8 + c.stage_no')}, c.project_id, c.matter_code, c.matter_name, c.department_kind,
           rd.department_id, c.status,
           CASE c.status WHEN 'pending' THEN c.steps->0->>'code'
                         WHEN 'suspended' THEN c.steps->(jsonb_array_length(c.steps) / 2)->>'code'
                         WHEN 'inProgress' THEN c.steps->(floor(c.dd * jsonb_array_length(c.steps))::int)->>'code'
                         ELSE c.steps->(jsonb_array_length(c.steps) - 1)->>'code' END,
           c.steps, c.limit_wd, c.max_ext,
           CASE WHEN c.status = 'suspended' THEN NULL ELSE dl.day END,
           c.status NOT IN ('suspended', 'approved', 'denied'),
           CASE WHEN c.status IN ('pending', 'inProgress') AND ${T} > c.acc + c.limit_wd THEN 'red'
                WHEN c.status IN ('pending', 'inProgress') AND c.acc + c.limit_wd - ${T} <= 2 THEN 'yellow'
                ELSE 'normal' END,
           CASE WHEN c.status IN ('approved', 'denied') THEN c.status END,
           CASE c.status WHEN 'approved' THEN '同意（基准）' WHEN 'denied' THEN '不予许可（基准）' END,
           CASE WHEN c.status IN ('approved', 'denied') THEN (dw.day + time '16:00') AT TIME ZONE 'Asia/Shanghai' END,
           CASE WHEN c.status IN ('approved', 'denied') THEN dw.day END,
           CASE WHEN c.status IN ('approved', 'denied') THEN '${deciderId}'::uuid END,
           CASE WHEN c.status IN ('pending', 'inProgress') AND ${T} > c.acc + c.limit_wd THEN now() END,
           (w.day + time '10:00') AT TIME ZONE 'Asia/Shanghai', now()
      FROM bench_c c
      JOIN bench_workdays w ON w.n = c.acc
      JOIN bench_workdays dl ON dl.n = c.acc + c.limit_wd
      -- decided: within the limit for 95 %, up to 5 working days late otherwise; never after today
      JOIN bench_workdays dw ON dw.n = least(${T}, c.acc + CASE WHEN c.dd < 0.95 THEN floor(c.xd * (c.limit_wd + 1))::int
                                                                ELSE c.limit_wd + 1 + floor(c.xd * 5)::int END)
      JOIN bench_region_dept rd ON rd.region_code = c.region_code AND rd.kind = c.department_kind`),
    (r) => r.rowCount ?? 0,
  );
  await step(
    'case_clock_entries (start, + stop for suspended)',
    async () => {
      const start = await client.query(`
      INSERT INTO case_clock_entries (case_id, seq, kind, date, working_days, reason, legal_basis, recorded_at)
      SELECT ${uuidOf(s, 'c', 'c.k')}, 1, 'start', w.day, c.limit_wd, '受理（基准）', '《中华人民共和国行政许可法》第四十二条',
             (w.day + time '10:00') AT TIME ZONE 'Asia/Shanghai'
        FROM bench_c c JOIN bench_workdays w ON w.n = c.acc`);
      const stop = await client.query(`
      INSERT INTO case_clock_entries (case_id, seq, kind, date, working_days, reason, legal_basis, recorded_at)
      SELECT ${uuidOf(s, 'c', 'c.k')}, 2, 'stop', w.day, NULL, '专家评审（基准）', '《中华人民共和国行政许可法》第四十五条',
             (w.day + time '11:00') AT TIME ZONE 'Asia/Shanghai'
        FROM bench_c c JOIN bench_workdays w ON w.n = least(${T}, c.acc + 2) WHERE c.status = 'suspended'`);
      return (start.rowCount ?? 0) + (stop.rowCount ?? 0);
    },
    (n) => n,
  );
  await step(
    'licences (approved cases of matters with a licence)',
    () =>
      client.query(`
    INSERT INTO licences (id, number, case_id, project_id, enterprise_id, licence_type, canonical, signature, public_key,
                          issued_at, issued_on, valid_until)
    SELECT ${uuidOf(s, 'l', 'c.k')},
           c.region_code || '-' || to_char(cs.decided_on, 'YYYY') || '-BJ-' || lpad(to_hex(c.k), 9, '0'),
           cs.id, c.project_id, pr.enterprise_id, c.licence_type,
           jsonb_build_object('bench', true, 'caseNumber', cs.case_number, 'licenceType', c.licence_type,
                              'projectCode', pr.code, 'issuedOn', cs.decided_on)::text,
           'bench-unsigned', 'bench', cs.decided_at, cs.decided_on, NULL
      FROM bench_c c
      JOIN cases cs ON cs.id = ${uuidOf(s, 'c', 'c.k')}
      JOIN projects pr ON pr.id = c.project_id
     WHERE c.status = 'approved' AND c.licence_type IS NOT NULL`),
    (r) => r.rowCount ?? 0,
  );
  void M;
  await step(
    `audit_events (${o.sealedAudit ? 'sealed: SM3 chain computed here' : 'unsealed'})`,
    () => generateAuditRows(client, { sealed: o.sealedAudit }),
    (n) => n,
  );
  await step('indexes, primary keys and foreign keys re-created', () => restoreIndexes(client, ddl, log));
  // VACUUM too, not only ANALYZE: a running database's autovacuum keeps the visibility map current, so index-only
  // scans (the search's capped counts) skip the heap; a freshly loaded table has none, and every count would read it.
  await step('VACUUM ANALYZE', () => client.query('VACUUM ANALYZE'));
  await q(`DROP TABLE IF EXISTS bench_workdays, bench_matters, bench_seq, bench_region_pick, bench_region_dept,
           bench_industries, bench_p, bench_nd, bench_c`);
  await q(`DROP FUNCTION IF EXISTS bench_code_check(text)`);
  const counts: Record<string, number> = {};
  for (const table of [...LOADED_TABLES, 'regions', 'departments']) {
    counts[table] = await count(`SELECT count(*) AS n FROM ${table}`);
  }
  for (const st of ['pending', 'inProgress', 'suspended', 'approved', 'denied']) {
    counts[`cases.${st}`] = await count(`SELECT count(*) AS n FROM cases WHERE status = '${st}'`);
  }
  counts['cases.red'] = await count(`SELECT count(*) AS n FROM cases WHERE clock_level = 'red'`);
  counts['cases.yellow'] = await count(`SELECT count(*) AS n FROM cases WHERE clock_level = 'yellow'`);
  await q(`CREATE TABLE IF NOT EXISTS bench_dataset_meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
  await client.query(
    `INSERT INTO bench_dataset_meta VALUES ('dataset', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [
      JSON.stringify({
        seed: o.seed,
        projects: o.projects,
        casesPerProject: o.casesPerProject,
        enterprises: o.enterprises,
        asOf: today,
        generatedAt: new Date().toISOString(),
        timings,
        counts,
        complete: true,
      }),
    ],
  );
  if (!pglite) await q(`CHECKPOINT`);
  log(`  counts: ${JSON.stringify(counts)}`);
  return counts;
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Options from the command line (`--projects N --cases-per-project N --enterprises N --seed N --database NAME --pglite DIR --reuse --unsealed-audit`). */
export function optionsFromArgs(args: string[]): DatasetOptions {
  const num = (name: string) => (argValue(args, name) === undefined ? undefined : Number(argValue(args, name)));
  const projects = num('--projects') ?? 1_000_000;
  return defaultDatasetOptions({
    projects,
    ...(num('--cases-per-project') !== undefined ? { casesPerProject: num('--cases-per-project')! } : {}),
    ...(num('--enterprises') !== undefined ? { enterprises: num('--enterprises')! } : {}),
    ...(num('--seed') !== undefined ? { seed: num('--seed')! } : {}),
    ...(argValue(args, '--database') ? { database: argValue(args, '--database')! } : {}),
    pgliteDir: argValue(args, '--pglite'),
    reuse: args.includes('--reuse'),
    sealedAudit: !args.includes('--unsealed-audit'),
  });
}

if (import.meta.filename === process.argv[1]) {
  const options = optionsFromArgs(process.argv.slice(2));
  generateDataset(options)
    .then((result) => {
      console.log(
        `dataset ready in ${result.totalSeconds.toFixed(0)} s: ${result.databaseUrl ?? result.pgliteDir ?? ''}${result.reused ? ' (reused)' : ''}`,
      );
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
