/**
 * `npm run bench`: the short benchmark. Starts the real server on a fresh PostgreSQL database (a second process), drives
 * it with autocannon from this process, runs pgbench on equivalent raw SQL in the same run, and writes
 * bench/results/<date>.{json,md}. Figures are ratios within one run on one machine; nothing here is asserted by tests.
 *
 * Scenarios (issue 6, growing as modules land):
 *  - register + 赋码: create a complete project draft, then submit it (赋码 + 备案, each one transaction with audit)
 *    — against pgbench doing "one ~1 KB insert + one audit insert" per transaction;
 *  - lookup by code (public verification) — against a pgbench point select by code;
 *  - both raw workloads also through bare Fastify + pg (bench/support/bare-server.ts), the stack's own ceiling here;
 *  - stage application submit (create + submit), window acceptance (→ four cases with clock ledgers) and department
 *    decision, each with autocannon over a pool of prepared projects / applications / cases (bench catalogue:
 *    bench/stage/bench-catalogue.ts);
 *  - the stage lifecycle (issue 6 §5): our server over HTTP (bench/stage/http-driver.ts, its own process), beside
 *    pgbench running the same stage as plain SQL (bench/stage/sql-stage.ts), bpmn-engine in memory and persisted, and
 *    our pure domain core in memory (bench/stage/peers.ts) — completed stages/s and the ratios.
 *
 * Environment: BENCH_DATABASE_URL (server to use, default postgres://postgres@127.0.0.1:5432/postgres),
 * `--full` (npm run bench:full): 30 s per scenario instead of 10 (the 1M-project dataset scenarios are not built yet).
 * BENCH_DURATION (seconds per scenario, default 10, 30 with --full), BENCH_CONNECTIONS (default 50), BENCH_STAGE_CONCURRENCY (stages
 * in flight over HTTP and for bpmn-engine persisted, default 20).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_DEPARTMENT_USERS, BENCH_STAGE, publishBenchCatalogue } from './stage/bench-catalogue.ts';
import { SQL_STAGE_SCHEMA, sqlStageScript } from './stage/sql-stage.ts';
import { datasetScenarios } from './dataset/bench-dataset.ts';
import { freePort } from './support/free-port.ts';
import { projectBody } from './support/project-body.ts';
import { benchServerEnv, serverCommand } from './support/server-bundle.ts';
import { startCostMeter, type OperationCost } from './support/cost.ts';
import { rssMb } from './support/memory-sampler.ts';
import { stopChild } from './support/stop-child.ts';
import type { ScenarioResult } from './dataset/scenarios.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const full = process.argv.includes('--full');
const duration = Number(process.env.BENCH_DURATION ?? (full ? 30 : 10));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const password = 'Bench@Pass2026';
const stageConcurrency = Number(process.env.BENCH_STAGE_CONCURRENCY ?? 20);

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `yiwang_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const server = serverCommand();
  const child = spawn(server.command, server.args, {
    cwd: server.cwd,
    env: benchServerEnv({
      databaseUrl,
      port,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-')),
      password,
    }),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/**
 * Bare Fastify + node-postgres on the same database (bench/support/bare-server.ts): the ceiling of the stack itself on
 * this machine, measured in the same run as the application and pgbench.
 */
async function startBareServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/bare-server.ts', String(port)], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bare server did not start')), 30_000);
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

/** One bare-stack scenario: autocannon at the same concurrency, with the bare process's CPU per request. */
async function bareScenario(
  bare: { base: string; pid: number | undefined },
  name: string,
  options: autocannon.Options,
): Promise<ScenarioResult> {
  const meter = await startCostMeter(bare);
  const result = await runAutocannon({ connections, duration, ...options });
  return {
    name,
    unit: 'requests/s',
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    serverRssMb: rssMb(bare.pid),
    cost: await meter.perOperation(result.requests.total),
  };
}

async function api<T>(base: string, method: string, url: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function runAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function pgbench(
  databaseUrl: string,
  script: string,
  defines: Record<string, string> = {},
  extraArgs: string[] = [],
): number {
  const file = path.join(os.tmpdir(), `yiwang-pgbench-${crypto.randomBytes(4).toString('hex')}.sql`);
  fs.writeFileSync(file, script);
  const url = new URL(databaseUrl);
  const args = [
    '-n',
    ...extraArgs,
    '-c',
    String(connections),
    '-j',
    '2',
    '-T',
    String(duration),
    '-f',
    file,
    ...Object.entries(defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    '-h',
    decodeURIComponent(url.hostname), // a unix-socket directory is given percent-encoded (postgres://user@%2Fvar%2Frun%2Fpostgresql/db)
    '-p',
    url.port || '5432',
    '-U',
    url.username || 'postgres',
    url.pathname.slice(1),
  ];
  const result = spawnSync('pgbench', args, { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  const tps = /tps = ([\d.]+)/.exec(result.stdout)?.[1];
  if (!tps) throw new Error(`pgbench failed: ${result.stderr || result.stdout}`);
  return Number(tps);
}

/**
 * register + 赋码. Two requests (the default): draft (one audited transaction), then submit (赋码 + 备案, one audited
 * transaction) per project. `oneRequest`: `POST /api/projects` with `submit: true` — registered and coded in one audited
 * transaction, the "one transaction with audit" issue 6 §2 compares with pgbench's.
 */
async function registerScenario(
  base: string,
  token: string,
  pid: number | undefined,
  seconds: number,
  options: { oneRequest?: boolean } = {},
): Promise<ScenarioResult> {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let counter = 0;
  let coded = 0;
  const meter = await startCostMeter({ base, pid });
  const create = {
    method: 'POST',
    path: '/api/projects',
    headers: auth,
    setupRequest: (request: autocannon.Request) => ({
      ...request,
      body: JSON.stringify({ ...projectBody(counter++), ...(options.oneRequest ? { submit: true } : {}) }),
    }),
    onResponse: (status: number, body: string, context: { projectId?: string }) => {
      if (status !== 201) return;
      if (options.oneRequest) coded += 1;
      else context.projectId = (JSON.parse(body) as { id: string }).id;
    },
  };
  const submit = {
    method: 'POST',
    headers: { authorization: auth.authorization },
    setupRequest: (request: autocannon.Request, context: { projectId?: string }) =>
      context.projectId ? { ...request, path: `/api/projects/${context.projectId}/submit` } : undefined,
    onResponse: (status: number) => {
      if (status === 200) coded += 1;
    },
  };
  const write = await runAutocannon({
    url: base,
    connections,
    duration: seconds,
    requests: options.oneRequest ? [create] : [create, submit],
  } as unknown as autocannon.Options);
  return {
    name: options.oneRequest
      ? 'register + 赋码 in one request (submit: true — 1 audited transaction)'
      : 'register + 赋码 (draft, then submit: 2 requests, 2 audited transactions)',
    unit: 'projects coded/s',
    perSecond: coded / seconds,
    p50Ms: write.latency.p50,
    p99Ms: write.latency.p99,
    errors: write.errors + write.non2xx,
    serverRssMb: rssMb(pid),
    cost: await meter.perOperation(coded),
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  if (process.env.BENCH_SKIP_BASE !== '1') await baseScenarios(results, ratios, notes);
  const dataset =
    process.env.BENCH_SKIP_DATASET === '1'
      ? { results: [], ratios: {}, notes: [], sections: [] }
      : await datasetScenarios({ full, duration, connections, registerScenario });
  results.push(...dataset.results);
  Object.assign(ratios, dataset.ratios);
  notes.push(...dataset.notes);
  writeReport(startedAt, results, ratios, notes, dataset.sections);
}

/** Today's scenarios on a fresh database: register + 赋码, lookup, approval writes, the stage lifecycle and peers. */
async function baseScenarios(
  results: ScenarioResult[],
  ratiosOut: Record<string, number>,
  notesOut: string[],
): Promise<void> {
  const db = await createDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(db.url, port);
  const base0 = results.length;
  let bareProcess: ChildProcess | undefined;
  try {
    const { token } = await api<{ token: string }>(base, 'POST', '/api/auth/login', null, {
      username: 'applicant',
      password,
    });
    // 1. register + 赋码: draft (one audited transaction), then submit (赋码 + 备案, one audited transaction); and the
    //    same in one request (one audited transaction), the unit pgbench's transaction below is the equivalent of.
    results.push(await registerScenario(base, token, server.pid, duration));
    const oneRequest =
      results.push(await registerScenario(base, token, server.pid, duration, { oneRequest: true })) - 1;

    // pgbench: the equivalent raw work per project — two transactions of "~1 KB row + audit row".
    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    await raw.query(`CREATE TABLE bench_rows (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz DEFAULT now());
      CREATE TABLE bench_audit (seq bigserial PRIMARY KEY, action text, target text, hash text, at timestamptz DEFAULT now())`);
    const rawMeter = await startCostMeter(null);
    const rawTps = pgbench(
      db.url,
      `BEGIN;
INSERT INTO bench_rows (payload) VALUES (repeat('x', 1000)) ;
INSERT INTO bench_audit (action, target, hash) VALUES ('bench', 'row', md5(random()::text));
COMMIT;
`,
    );
    results.push({
      name: 'pgbench: one ~1 KB insert + one audit insert per transaction',
      unit: 'transactions/s',
      perSecond: rawTps,
      p50Ms: null,
      p99Ms: null,
      errors: 0,
      serverRssMb: null,
      cost: await rawMeter.perOperation(rawTps * duration),
    });

    // The same transaction through bare Fastify + pg: what the stack itself reaches on this machine.
    const barePort = await freePort();
    bareProcess = await startBareServer(db.url, barePort);
    const bare = { base: `http://127.0.0.1:${barePort}`, pid: bareProcess.pid };
    const bareInsert = await bareScenario(
      bare,
      'bare Fastify + pg: the same transaction on an insert route (POST /rows)',
      {
        url: `${bare.base}/rows`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payload: 'x'.repeat(1000) }),
      },
    );
    results.push(bareInsert);

    // 2. lookup by code (public verification) vs a pgbench point select by code.
    const { items } = await api<{ items: { code: string | null }[] }>(base, 'GET', '/api/projects?pageSize=5', token);
    const code = items.find((p) => p.code)?.code;
    if (!code) throw new Error('no coded project to look up');
    const lookupMeter = await startCostMeter({ base, pid: server.pid });
    const lookup = await runAutocannon({ url: `${base}/api/public/project-codes/${code}`, connections, duration });
    const lookupCost = await lookupMeter.perOperation(lookup.requests.total);
    results.push({
      name: 'lookup by code (GET /api/public/project-codes/{code})',
      unit: 'requests/s',
      perSecond: lookup.requests.average,
      p50Ms: lookup.latency.p50,
      p99Ms: lookup.latency.p99,
      errors: lookup.errors + lookup.non2xx,
      serverRssMb: rssMb(server.pid),
      cost: lookupCost,
    });
    const selectMeter = await startCostMeter(null);
    const selectTps = pgbench(db.url, `SELECT id, name, status, region_code FROM projects WHERE code = :code;\n`, {
      code: `'${code}'`,
    });
    results.push({
      name: 'pgbench: point select of a project by code',
      unit: 'transactions/s',
      perSecond: selectTps,
      p50Ms: null,
      p99Ms: null,
      errors: 0,
      serverRssMb: null,
      cost: await selectMeter.perOperation(selectTps * duration),
    });
    const bareLookup = await bareScenario(bare, "bare Fastify + pg: the lookup's query on a GET route", {
      url: `${bare.base}/lookup/${code}`,
    });
    results.push(bareLookup);
    await stopChild(bareProcess);
    await raw.end();

    const writeRatio = (results[base0]!.perSecond * 2) / rawTps; // two transactions per coded project
    const oneRequestRatio = results[oneRequest]!.perSecond / rawTps; // one transaction per coded project
    const lookupRatio = lookup.requests.average / selectTps;
    const bareInsertRatio = bareInsert.perSecond / rawTps;
    const bareLookupRatio = bareLookup.perSecond / selectTps;

    const stage = await stageScenarios(base, server);
    results.push(...stage.results);
    Object.assign(ratiosOut, {
      writeRatio,
      oneRequestRatio,
      lookupRatio,
      bareInsertRatio,
      bareLookupRatio,
      ...stage.ratios,
    });
    notesOut.push(
      `Write path: the app completes ${(writeRatio * 100).toFixed(0)} % of the transactions pgbench does for the same "1 KB row + audit row" work (each coded project is two audited transactions). Target ≥ 50 %.`,
      `Write path in one request (register + 赋码 with submit: true, one audited transaction per coded project): ${(oneRequestRatio * 100).toFixed(0)} % of pgbench's transactions. Target ≥ 50 %.`,
      `Lookup by code: ${(lookupRatio * 100).toFixed(0)} % of a pgbench point select. Target ≥ 50 %.`,
      `The stack's own ceiling on this machine (bare Fastify + pg, no application code, same pool): ${(bareInsertRatio * 100).toFixed(0)} % of pgbench on the insert transaction, ${(bareLookupRatio * 100).toFixed(0)} % of pgbench on the point select. The application reaches ${((results[oneRequest]!.perSecond / bareInsert.perSecond) * 100).toFixed(0)} % of the bare insert route with a coded project per request, and ${((lookup.requests.average / bareLookup.perSecond) * 100).toFixed(0)} % of the bare lookup.`,
      ...stage.notes,
    );
  } finally {
    if (bareProcess) await stopChild(bareProcess);
    await stopChild(server);
    await db.drop();
  }
}

interface StageRatios {
  [name: string]: number;
}

/** Runs a peer of the stage lifecycle in its own process (bench/stage/peers.ts) and returns its JSON line. */
function runPeer(args: string[]): { perSecond: number; stages: number; rssMb: number; [k: string]: unknown } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/stage/peers.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const line = result.stdout.trim().split('\n').at(-1);
  if (result.status !== 0 || !line) throw new Error(`peer ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(line) as { perSecond: number; stages: number; rssMb: number };
}

/** Runs the HTTP stage driver (bench/stage/http-driver.ts) in a child process. */
async function runHttpDriver(input: object): Promise<Record<string, unknown> & { perSecond: number; stages: number }> {
  const file = path.join(os.tmpdir(), `yiwang-stage-driver-${crypto.randomBytes(4).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify(input));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/stage/http-driver.ts', file], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  fs.rmSync(file, { force: true });
  if (code !== 0) throw new Error(`stage driver failed (${code}): ${out}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown> & { perSecond: number; stages: number };
}

/** Runs `work` over `items` with `concurrency` in flight. */
async function pool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        out.push(await work(item));
      }
    }),
  );
  return out;
}

/**
 * The approval scenarios (issue 6 §2) and the stage-lifecycle peers (§5). Publishes the bench catalogue as sysAdmin,
 * prepares coded projects as the applicant (not timed), then measures.
 */
async function stageScenarios(
  base: string,
  server: ChildProcess,
): Promise<{ results: ScenarioResult[]; ratios: StageRatios; notes: string[] }> {
  const results: ScenarioResult[] = [];
  const login = async (username: string) =>
    (await api<{ token: string }>(base, 'POST', '/api/auth/login', null, { username, password })).token;
  const tokens: Record<string, string> = {
    applicant: await login('applicant'),
    window: await login('window'),
  };
  for (const [kind, username] of Object.entries(BENCH_DEPARTMENT_USERS)) tokens[kind] = await login(username);
  const departmentOfMatter = await publishBenchCatalogue(base, await login('sysAdmin'));

  // Coded projects to apply for (setup, not timed): draft + submit (赋码 + 备案) each. They are located in the city
  // (330300), whose departments are the demo department accounts, so the cases are dispatched to them.
  const submitPool = Number(process.env.BENCH_SUBMIT_PROJECTS ?? 30 * duration);
  const stagePool = Number(process.env.BENCH_STAGE_PROJECTS ?? 30 * duration);
  let n = 0;
  const setupStarted = performance.now();
  // Two stage pools: the lifecycle as the web UI drives it, and again with `Prefer: return=minimal` on the decisions.
  const projectIds = await pool(Array.from({ length: submitPool + 2 * stagePool }), 16, async () => {
    const project = await api<{ id: string }>(
      base,
      'POST',
      '/api/projects',
      tokens.applicant!,
      projectBody(n++, '330300'),
    );
    await api(base, 'POST', `/api/projects/${project.id}/submit`, tokens.applicant!);
    return project.id;
  });
  console.log(
    `prepared ${projectIds.length} coded projects in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );
  const applicant = { authorization: `Bearer ${tokens.applicant}`, 'content-type': 'application/json' };

  // 1. Stage application submit: create the application (stage form, matters, material links), then submit it.
  const forSubmit = projectIds.slice(0, submitPool);
  let taken = 0;
  const submittedIds: string[] = [];
  const serverOf = { base, pid: server.pid };
  const submitMeter = await startCostMeter(serverOf);
  const submit = await runAutocannon({
    url: base,
    connections,
    amount: forSubmit.length * 2,
    requests: [
      {
        method: 'POST',
        headers: applicant,
        setupRequest: (request) => {
          const projectId = forSubmit[taken++];
          return projectId
            ? {
                ...request,
                path: `/api/projects/${projectId}/applications`,
                body: JSON.stringify({ stageCode: BENCH_STAGE, facts: [] }),
              }
            : { ...request, method: 'GET', path: '/api/health', body: undefined };
        },
        onResponse: (status, body, context: { applicationId?: string }) => {
          context.applicationId = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
        },
      },
      {
        method: 'POST',
        headers: { authorization: applicant.authorization },
        setupRequest: (request, context: { applicationId?: string }) =>
          context.applicationId ? { ...request, path: `/api/applications/${context.applicationId}/submit` } : undefined,
        onResponse: (status, body) => {
          if (status === 200) submittedIds.push((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  } as autocannon.Options);
  results.push({
    name: 'stage application submit (create: stage form + 4 matters + material link; then submit — 2 audited transactions)',
    unit: 'applications submitted/s',
    perSecond: submittedIds.length / submit.duration,
    p50Ms: submit.latency.p50,
    p99Ms: submit.latency.p99,
    errors: submit.errors + submit.non2xx,
    serverRssMb: rssMb(server.pid),
    cost: await submitMeter.perOperation(submittedIds.length),
  });

  // 2. Window acceptance: normal 受理 → four cases dispatched, each with its clock ledger and deadline.
  let acceptNext = 0;
  const caseQueue: { id: string; kind: string }[] = [];
  const acceptMeter = await startCostMeter(serverOf);
  const accept = await runAutocannon({
    url: base,
    connections,
    amount: submittedIds.length,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.window}`, 'content-type': 'application/json' },
        setupRequest: (request) => {
          const id = submittedIds[acceptNext++];
          return id
            ? { ...request, path: `/api/applications/${id}/accept`, body: JSON.stringify({ mode: 'normal' }) }
            : { ...request, method: 'GET', path: '/api/health', body: undefined };
        },
        onResponse: (status, body) => {
          if (status !== 200) return;
          for (const c of (JSON.parse(body) as { cases: { id: string; matterCode: string }[] }).cases)
            caseQueue.push({ id: c.id, kind: departmentOfMatter[c.matterCode]! });
        },
      },
    ],
  } as autocannon.Options);
  results.push({
    name: 'window acceptance (normal 受理 → 4 cases + clock ledgers, 1 audited transaction)',
    unit: 'applications accepted/s',
    perSecond: caseQueue.length / 4 / accept.duration,
    p50Ms: accept.latency.p50,
    p99Ms: accept.latency.p99,
    errors: accept.errors + accept.non2xx,
    serverRssMb: rssMb(server.pid),
    cost: await acceptMeter.perOperation(caseQueue.length / 4),
  });

  // 3. Department decision on a case (签发 → 准予; the last of four completes the stage).
  let decideNext = 0;
  let decided = 0;
  const decideMeter = await startCostMeter(serverOf);
  const decide = await runAutocannon({
    url: base,
    connections,
    amount: caseQueue.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const c = caseQueue[decideNext++];
          return c
            ? {
                ...request,
                path: `/api/cases/${c.id}/decision`,
                headers: { authorization: `Bearer ${tokens[c.kind]}`, 'content-type': 'application/json' },
                body: JSON.stringify({ decision: 'approved', opinion: '同意' }),
              }
            : { ...request, method: 'GET', path: '/api/health', body: undefined };
        },
        onResponse: (status) => {
          if (status === 200) decided += 1;
        },
      },
    ],
  } as autocannon.Options);
  results.push({
    name: 'department decision on a case (准予, 1 audited transaction)',
    unit: 'decisions/s',
    perSecond: decided / decide.duration,
    p50Ms: decide.latency.p50,
    p99Ms: decide.latency.p99,
    errors: decide.errors + decide.non2xx,
    serverRssMb: rssMb(server.pid),
    cost: await decideMeter.perOperation(decided),
  });

  // 4. The whole stage lifecycle over HTTP, from a second process.
  const lifecycleMeter = await startCostMeter(serverOf);
  const http = await runHttpDriver({
    base,
    seconds: duration,
    concurrency: stageConcurrency,
    projectIds: projectIds.slice(submitPool, submitPool + stagePool),
    tokens,
    departmentOfMatter,
    stageCode: BENCH_STAGE,
  });
  const httpRss = rssMb(server.pid);
  results.push({
    name: `stage lifecycle, our server over HTTP (create, submit, accept, 4 parallel decisions: 7 requests, 7 audited transactions; ${stageConcurrency} stages in flight)`,
    unit: 'stages/s',
    perSecond: http.perSecond,
    p50Ms: http.p50Ms as number,
    p99Ms: http.p99Ms as number,
    errors: http.errors as number,
    serverRssMb: httpRss,
    cost: await lifecycleMeter.perOperation(http.stages),
    note: JSON.stringify(http.byKind) + (http.firstError ? ` first error: ${String(http.firstError)}` : ''),
  });

  // 4b. The same, asking `Prefer: return=minimal` (no view in the answer, lib/prefer.ts) on the creation, the
  //     submission and the four decisions — the acceptance's answer lists the cases the driver needs — as a system
  //     integrating by API may. The web UI takes each answer's view (it shows it), as 4. does.
  const minimalMeter = await startCostMeter(serverOf);
  const httpMinimal = await runHttpDriver({
    base,
    seconds: duration,
    concurrency: stageConcurrency,
    projectIds: projectIds.slice(submitPool + stagePool),
    tokens,
    departmentOfMatter,
    stageCode: BENCH_STAGE,
    preferMinimal: true,
  });
  results.push({
    name: `stage lifecycle over HTTP with Prefer: return=minimal on create, submit and the 4 decisions (no view in their answers; ${stageConcurrency} stages in flight)`,
    unit: 'stages/s',
    perSecond: httpMinimal.perSecond,
    p50Ms: httpMinimal.p50Ms as number,
    p99Ms: httpMinimal.p99Ms as number,
    errors: httpMinimal.errors as number,
    serverRssMb: rssMb(server.pid),
    cost: await minimalMeter.perOperation(httpMinimal.stages),
    note:
      JSON.stringify(httpMinimal.byKind) +
      (httpMinimal.firstError ? ` first error: ${String(httpMinimal.firstError)}` : ''),
  });

  // 5. The same stage as plain SQL (pgbench), in a scratch database of its own: plain, and with the audit chain lock.
  const scratch = await createDatabase();
  let sqlPlain: number;
  let sqlPlainCost: OperationCost;
  let sqlChained: number;
  let bpmnPersisted: ReturnType<typeof runPeer>;
  try {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await client.query(SQL_STAGE_SCHEMA);
    await client.end();
    const sqlMeter = await startCostMeter(null);
    sqlPlain = pgbench(scratch.url, sqlStageScript(false), {}, ['-M', 'prepared']);
    sqlPlainCost = await sqlMeter.perOperation(sqlPlain * duration);
    sqlChained = pgbench(scratch.url, sqlStageScript(true), {}, ['-M', 'prepared']);
    bpmnPersisted = runPeer(['bpmn-persisted', String(duration), scratch.url, String(stageConcurrency)]);
  } finally {
    await scratch.drop();
  }
  results.push({
    name: `pgbench: the stage as plain SQL (7 transactions: application, material link, 4 cases, 4 clock starts, actions, 4 decisions, completion, 7 audit rows; ${connections} clients)`,
    unit: 'stages/s',
    perSecond: sqlPlain,
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    serverRssMb: null,
    cost: sqlPlainCost,
  });
  results.push({
    name: 'pgbench: the same, each audit insert behind a chain advisory lock + head read (the synchronous design ADR 0003 replaced by asynchronous sealing)',
    unit: 'stages/s',
    perSecond: sqlChained,
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    serverRssMb: null,
  });
  const domain = runPeer(['domain', String(Math.min(duration, 5))]);
  const bpmnMemory = runPeer(['bpmn-memory', String(Math.min(duration, 5))]);
  results.push({
    name: `bpmn-engine persisted (getState() → jsonb row after each of 5 steps; ${stageConcurrency} stages in flight)`,
    unit: 'stages/s',
    perSecond: bpmnPersisted.perSecond,
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    serverRssMb: null,
    note: `state ${String(bpmnPersisted.stateBytes)} bytes, process RSS ${bpmnPersisted.rssMb} MB`,
  });
  results.push({
    name: 'bpmn-engine in memory (start → split → 4 user tasks signalled → join → end; definition parsed once)',
    unit: 'stages/s',
    perSecond: bpmnMemory.perSecond,
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    serverRssMb: null,
    note: `process RSS ${bpmnMemory.rssMb} MB`,
  });
  results.push({
    name: 'our domain core in memory (buildStageForm, nextApplicationState ×3, 4 × (initialCaseState, computeClock ×2, nextCaseState))',
    unit: 'stages/s',
    perSecond: domain.perSecond,
    p50Ms: null,
    p99Ms: null,
    errors: 0,
    serverRssMb: null,
    note: `process RSS ${domain.rssMb} MB`,
  });
  const ratios: StageRatios = {
    serverVsPlainSql: http.perSecond / sqlPlain,
    serverMinimalVsPlainSql: httpMinimal.perSecond / sqlPlain,
    serverVsChainedSql: http.perSecond / sqlChained,
    serverVsBpmnPersisted: http.perSecond / bpmnPersisted.perSecond,
    plainSqlVsBpmnPersisted: sqlPlain / bpmnPersisted.perSecond,
    domainVsBpmnMemory: domain.perSecond / bpmnMemory.perSecond,
  };
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const notes = [
    `Stage lifecycle: our server completes ${http.perSecond.toFixed(1)} stages/s = ${pct(ratios.serverVsPlainSql!)} of the plain-SQL stage ceiling (target ≥ 25 %), ${pct(ratios.serverVsChainedSql!)} of plain SQL with a synchronous chain lock, ${ratios.serverVsBpmnPersisted!.toFixed(2)}× bpmn-engine persisted (target ≈ 3.7×; plain SQL is ${ratios.plainSqlVsBpmnPersisted!.toFixed(1)}× bpmn-engine persisted).`,
    `Stage lifecycle with Prefer: return=minimal (create, submit, the four decisions): ${httpMinimal.perSecond.toFixed(1)} stages/s = ${pct(ratios.serverMinimalVsPlainSql!)} of the plain-SQL stage ceiling.`,
    `Domain core in memory: ${ratios.domainVsBpmnMemory!.toFixed(0)}× bpmn-engine in memory (target ≥ 10×).`,
    `HTTP stage driver per request kind: ${JSON.stringify(http.byKind)}; ${String(http.errors)} failed stages.`,
  ];
  return { results, ratios, notes };
}

function writeReport(
  startedAt: Date,
  results: ScenarioResult[],
  ratios: Record<string, number>,
  notes: string[],
  sections: string[],
) {
  const day = startedAt.toISOString().slice(0, 10);
  const dir = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  const run = {
    startedAt: startedAt.toISOString(),
    machine,
    loadAverage: load,
    duration,
    connections,
    stageConcurrency,
    results,
    ratios,
    notes,
    sections,
  };
  // Several runs a day: the JSON keeps them all ({ runs: [...] }, newest last), the Markdown newest first.
  const jsonFile = path.join(dir, `${day}.json`);
  const mdFile = path.join(dir, `${day}.md`);
  let runs: unknown[] = [];
  if (fs.existsSync(jsonFile)) {
    const previous = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { runs?: unknown[] };
    runs = previous.runs ?? [previous];
  }
  fs.writeFileSync(jsonFile, `${JSON.stringify({ runs: [...runs, run] }, null, 2)}\n`);
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.perSecond.toFixed(1)} ${r.unit} | ${r.p50Ms ?? '—'} | ${r.p99Ms ?? '—'} | ${r.errors} | ${r.serverRssMb ?? '—'} |`,
  );
  const costed = results.filter((r) => r.cost);
  const dash = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  const costTable = costed.length
    ? `
### Cost per operation

Statements the server sent to the database (its \`yiwang_db_statements_total\`, background jobs included) and CPU ms of
the server process and of the PostgreSQL cluster, over the scenario, divided by the operations completed
(bench/support/cost.ts). The statement count is steady from run to run; CPU moves with the machine's load.

| scenario | operation | statements | server CPU ms | PostgreSQL CPU ms |
|---|---|---|---|---|
${costed
  .map(
    (r) =>
      `| ${r.name} | ${r.unit.replace(/\/s$/, '')} | ${dash(r.cost!.statementsPerOp)} | ${dash(r.cost!.serverCpuMsPerOp)} | ${dash(r.cost!.postgresCpuMsPerOp)} |`,
  )
  .join('\n')}
`
    : '';
  const md = `# Benchmark ${startedAt.toISOString()}

Machine: ${machine}; load average at the end ${load} (1/5/15 min; other work was running on the machine). PostgreSQL
on 127.0.0.1 (fsync on). ${connections} connections, ${duration} s per scenario; autocannon in the benchmark process, the
server in its own process, the HTTP stage driver and each peer in processes of their own.

| scenario | throughput | p50 ms | p99 ms | errors | server RSS MB (the dataset's scenarios: peak during the run) |
|---|---|---|---|---|---|
${rows.join('\n')}

${notes.map((n) => `- ${n}`).join('\n')}
${costTable}${sections.map((x) => `\n${x}\n`).join('')}`;
  const previousMd = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, 'utf8') : '';
  fs.writeFileSync(mdFile, previousMd ? `${md}\n---\n\n${previousMd.replace(/^# /m, '# Earlier run: ')}` : md);
  console.log(md);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
