/**
 * `npm run bench:ab -- <git ref> [--scenario register|lookup|caseview|stage] [--rounds 5] [--seconds 8] [--pglite]
 * [--a-node-args "…"] [--b-node-args "…"]`: is the working tree faster than <ref>? (With ref HEAD and node args on one
 * side: does a Node/V8 setting cost CPU?)
 *
 * This machine's speed moves by 20–50 % between runs minutes apart (bench/README.md), more than most single changes
 * gain, so comparing two `npm run bench` reports cannot tell. Here both servers are measured in the same run, in
 * interleaved rounds (A B, then B A, …) so that a drift of the machine's speed falls on both: the working tree's bundle
 * (A) and the bundle built from <ref> in a temporary git worktree (B), each on a fresh PostgreSQL database of its own
 * (the ref may have other migrations), restarted every round — or, with `--pglite`, each on an embedded PGlite data
 * directory of its own (kept across the rounds, like the databases). Reported per round: throughput and the server's CPU ms
 * per operation (from /proc; the figure that moves least with the load generator sharing the cores); then the means
 * and the paired ratio A/B. Written to bench/results/ab-<date>.md (newest first).
 *
 * Scenarios: `register` — POST /api/projects with submit: true (a project registered and coded in one audited
 * transaction); `lookup` — GET /api/public/project-codes/{code} over 300 coded projects; `caseview` — GET
 * /api/cases/{id} (a department's case detail, the page its staff open most) over the 80 cases of 20 stage applications
 * of the bench catalogue, each read by its department's account; `stage` — the whole stage lifecycle with
 * `Prefer: return=minimal` (bench/stage/http-driver.ts from a process of its own, 20 stages in flight: create, submit,
 * accept, four parallel decisions), over coded projects registered before each round.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort } from './support/free-port.ts';
import { benchServerEnv, serverNodeArgs } from './support/server-bundle.ts';
import { projectBody } from './support/project-body.ts';
import { BENCH_DEPARTMENT_USERS, BENCH_STAGE, publishBenchCatalogue } from './stage/bench-catalogue.ts';
import { stopChild } from './support/stop-child.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const password = 'Bench@Pass2026';
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** The options that take a value (the ref is the one argument that is neither an option nor such a value). */
const VALUED_OPTIONS = new Set(['--scenario', '--rounds', '--seconds', '--a-node-args', '--b-node-args']);
const ref = process.argv.slice(2).find((arg, i, all) => !arg.startsWith('--') && !VALUED_OPTIONS.has(all[i - 1] ?? ''));
const scenario = option('scenario', 'register');
const rounds = Number(option('rounds', '5'));
const seconds = Number(option('seconds', '8'));
const onPglite = process.argv.includes('--pglite');
/** Node flags of one variant only (e.g. `--a-node-args "--max-semi-space-size=8"` with ref HEAD: a V8 setting alone). */
const nodeArgsOf = (variant: 'a' | 'b') => option(`${variant}-node-args`, '').split(' ').filter(Boolean);

interface Variant {
  label: string;
  /** Directory of main.mjs (two levels below its apps/server). */
  bundleDir: string;
  /** Node flags of this variant's server (besides the bench's own, support/server-bundle.ts). */
  nodeArgs: string[];
  /** PostgreSQL; undefined with --pglite. */
  databaseUrl: string | undefined;
  /** The server's DATA_DIR (with --pglite, its database). */
  dataDir: string;
  codes: string[];
  /** caseview: the cases to read, each with the token of its department's account. */
  cases: { id: string; token: string }[];
  measurements: { perSecond: number; cpuMsPerOp: number; p99Ms: number }[];
  /** stage: the catalogue's departments and their accounts' usernames, set up once per database. */
  stage?: { departmentOfMatter: Record<string, string> };
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

/**
 * node_modules for the worktree: the repository's packages, except our workspace packages, which must come from the
 * worktree itself (the bundle includes packages/domain, and the ref's is what is measured).
 */
function linkNodeModules(worktree: string): void {
  const source = path.join(repoRoot, 'node_modules');
  const target = path.join(worktree, 'node_modules');
  fs.mkdirSync(target);
  for (const entry of fs.readdirSync(source)) {
    if (entry === '@yiwang') continue;
    fs.symlinkSync(path.join(source, entry), path.join(target, entry));
  }
  fs.mkdirSync(path.join(target, '@yiwang'));
  for (const dir of ['packages', 'apps']) {
    const parent = path.join(worktree, dir);
    if (!fs.existsSync(parent)) continue;
    for (const name of fs.readdirSync(parent)) {
      fs.symlinkSync(path.join(parent, name), path.join(target, '@yiwang', name));
    }
  }
}

async function createDatabase(admin: pg.Client, name: string): Promise<string> {
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** utime + stime of a process, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startServer(variant: Variant): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...serverNodeArgs(), ...variant.nodeArgs, path.join(variant.bundleDir, 'main.mjs')],
    {
      env: benchServerEnv({
        databaseUrl: variant.databaseUrl,
        port,
        dataDir: variant.dataDir,
        password,
      }),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new Error(`server ${variant.label} did not start`);
}

async function login(base: string, username = 'applicant'): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

let counter = 0;

/** Runs the scenario for `duration` seconds; the operations that succeeded and the p99. */
async function drive(base: string, token: string, variant: Variant, duration: number) {
  let done = 0;
  const requests =
    scenario === 'caseview'
      ? [
          {
            method: 'GET',
            setupRequest: (request: autocannon.Request) => {
              const c = variant.cases[counter++ % variant.cases.length]!;
              return { ...request, path: `/api/cases/${c.id}`, headers: { authorization: `Bearer ${c.token}` } };
            },
            onResponse: (status: number) => {
              if (status === 200) done++;
            },
          },
        ]
      : scenario === 'lookup'
        ? [
            {
              method: 'GET',
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                path: `/api/public/project-codes/${variant.codes[counter++ % variant.codes.length]}`,
              }),
              onResponse: (status: number) => {
                if (status === 200) done++;
              },
            },
          ]
        : [
            {
              method: 'POST',
              path: '/api/projects',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: JSON.stringify({ ...projectBody(counter++), submit: true }),
              }),
              onResponse: (status: number) => {
                if (status === 201) done++;
              },
            },
          ];
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url: base, connections, duration, requests } as unknown as autocannon.Options, (error, outcome) =>
      error ? reject(error) : resolve(outcome),
    ),
  );
  return { done, p99Ms: result.latency.p99 };
}

/** A JSON call of the setup (not timed); a non-2xx answer stops the run. */
async function apiCall<T>(base: string, method: string, url: string, bearer: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`setup ${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** `count` projects registered and coded in one request each (16 at a time), in `regionCode`. */
async function registerCodedProjects(
  base: string,
  token: string,
  count: number,
  regionCode?: string,
): Promise<{ id: string; code: string }[]> {
  const projects: { id: string; code: string }[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (started < count) {
        started += 1;
        projects.push(
          await apiCall<{ id: string; code: string }>(base, 'POST', '/api/projects', token, {
            ...projectBody(counter++, regionCode),
            submit: true,
          }),
        );
      }
    }),
  );
  return projects;
}

/** caseview setup (once per database): the bench catalogue published, 20 coded projects applied for and accepted. */
async function casesFor(base: string, token: string): Promise<{ id: string; token: string }[]> {
  const call = <T>(method: string, url: string, bearer: string, body?: unknown) =>
    apiCall<T>(base, method, url, bearer, body);
  const departmentOfMatter = await publishBenchCatalogue(base, await login(base, 'sysAdmin'));
  const window = await login(base, 'window');
  const tokenOf: Record<string, string> = {};
  for (const [kind, username] of Object.entries(BENCH_DEPARTMENT_USERS)) tokenOf[kind] = await login(base, username);
  const cases: { id: string; token: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const project = await call<{ id: string }>('POST', '/api/projects', token, {
      ...projectBody(counter++, '330300'),
      submit: true,
    });
    const application = await call<{ id: string }>('POST', `/api/projects/${project.id}/applications`, token, {
      stageCode: BENCH_STAGE,
      facts: [],
    });
    await call('POST', `/api/applications/${application.id}/submit`, token);
    const accepted = await call<{ cases: { id: string; matterCode: string }[] }>(
      'POST',
      `/api/applications/${application.id}/accept`,
      window,
      { mode: 'normal', opinion: '材料齐全，予以受理' },
    );
    for (const c of accepted.cases) cases.push({ id: c.id, token: tokenOf[departmentOfMatter[c.matterCode]!]! });
  }
  return cases;
}

async function measure(variant: Variant): Promise<void> {
  const { child, base } = await startServer(variant);
  try {
    const token = await login(base);
    if (scenario === 'lookup' && variant.codes.length === 0)
      variant.codes = (await registerCodedProjects(base, token, 300)).map((project) => project.code);
    if (scenario === 'caseview' && variant.cases.length === 0) variant.cases = await casesFor(base, token);
    if (scenario === 'stage') {
      await measureStages(variant, base, token, child.pid!);
      return;
    }
    await drive(base, token, variant, 2); // warm-up: JIT, statement caches, first compilations
    const before = cpuMs(child.pid!);
    const { done, p99Ms } = await drive(base, token, variant, seconds);
    const used = cpuMs(child.pid!) - before;
    const m = { perSecond: done / seconds, cpuMsPerOp: done ? used / done : NaN, p99Ms };
    variant.measurements.push(m);
    console.log(
      `${variant.label}: ${m.perSecond.toFixed(1)} /s, ${m.cpuMsPerOp.toFixed(3)} server CPU ms/op, p99 ${p99Ms} ms`,
    );
  } finally {
    await stopChild(child);
  }
}

/**
 * stage: registers the round's coded projects (not timed), then runs the HTTP stage driver for a 2 s warm-up and for
 * `seconds`, measuring the server's CPU over the second run.
 */
async function measureStages(variant: Variant, base: string, token: string, pid: number): Promise<void> {
  if (!variant.stage)
    variant.stage = { departmentOfMatter: await publishBenchCatalogue(base, await login(base, 'sysAdmin')) };
  const tokens: Record<string, string> = { applicant: token, window: await login(base, 'window') };
  for (const [kind, username] of Object.entries(BENCH_DEPARTMENT_USERS)) tokens[kind] = await login(base, username);
  const register = async (count: number) =>
    (await registerCodedProjects(base, token, count, '330300')).map((project) => project.id);
  const run = async (runSeconds: number, projectIds: string[]) => {
    const file = path.join(os.tmpdir(), `yiwang-ab-stage-${process.pid}-${counter}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        base,
        seconds: runSeconds,
        concurrency: 20,
        projectIds,
        tokens,
        departmentOfMatter: variant.stage!.departmentOfMatter,
        stageCode: BENCH_STAGE,
        preferMinimal: true,
      }),
    );
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/stage/http-driver.ts', file], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    fs.rmSync(file, { force: true });
    if (result.status !== 0) throw new Error(`stage driver failed: ${result.stderr || result.stdout}`);
    return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { stages: number; p99Ms: number; errors: number };
  };
  await run(2, await register(200));
  const projectIds = await register(Math.ceil(seconds * 80));
  const before = cpuMs(pid);
  const outcome = await run(seconds, projectIds);
  const used = cpuMs(pid) - before;
  const m = {
    perSecond: outcome.stages / seconds,
    cpuMsPerOp: outcome.stages ? used / outcome.stages : NaN,
    p99Ms: outcome.p99Ms,
  };
  variant.measurements.push(m);
  console.log(
    `${variant.label}: ${m.perSecond.toFixed(1)} stages/s, ${m.cpuMsPerOp.toFixed(3)} server CPU ms/stage, p99 ${m.p99Ms} ms, ${outcome.errors} errors`,
  );
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function report(a: Variant, b: Variant, startedAt: Date): string {
  const cpuRatios = a.measurements.map((m, i) => m.cpuMsPerOp / b.measurements[i]!.cpuMsPerOp);
  const rateRatios = a.measurements.map((m, i) => m.perSecond / b.measurements[i]!.perSecond);
  const cheaper = cpuRatios.filter((r) => r < 1).length;
  const row = (v: Variant) =>
    `| ${v.label} | ${v.measurements.map((m) => `${m.perSecond.toFixed(0)} /s, ${m.cpuMsPerOp.toFixed(2)} ms`).join(' · ')} | ${mean(v.measurements.map((m) => m.perSecond)).toFixed(1)} | ${mean(v.measurements.map((m) => m.cpuMsPerOp)).toFixed(3)} |`;
  return [
    `# A/B ${startedAt.toISOString()} — ${scenario}${onPglite ? ' on PGlite' : ''}, ${rounds} rounds × ${seconds} s, ${connections} connections`,
    '',
    `A = working tree, B = ${ref}. Each round restarts both servers, in alternating order; server CPU from /proc.`,
    '',
    '| variant | rounds (throughput, server CPU ms/op) | mean /s | mean CPU ms/op |',
    '|---|---|---|---|',
    row(a),
    row(b),
    '',
    `- Server CPU per operation, A/B: median ${median(cpuRatios).toFixed(3)} (per round: ${cpuRatios.map((r) => r.toFixed(2)).join(', ')}); A cheaper in ${cheaper} of ${rounds} rounds.`,
    `- Throughput, A/B: median ${median(rateRatios).toFixed(3)} (per round: ${rateRatios.map((r) => r.toFixed(2)).join(', ')}).`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  if (!ref || !['register', 'lookup', 'caseview', 'stage'].includes(scenario) || !(rounds > 0) || !(seconds > 0)) {
    console.error(
      'usage: npm run bench:ab -- <git ref> [--scenario register|lookup|caseview|stage] [--rounds 5] [--seconds 8] [--pglite]',
    );
    process.exit(2);
  }
  const startedAt = new Date();
  const worktree = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-ab-ref-'));
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const suffix = `${Date.now()}_${process.pid}`;
  const databases = [`yiwang_ab_a_${suffix}`, `yiwang_ab_b_${suffix}`];
  const dataDirs = ['a', 'b'].map((v) => fs.mkdtempSync(path.join(os.tmpdir(), `yiwang-ab-${v}-`)));
  try {
    console.log(`building A (working tree) and B (${ref}, worktree ${worktree})`);
    run(process.execPath, ['scripts/build-server.mjs'], repoRoot);
    run('git', ['worktree', 'add', '--detach', worktree, ref], repoRoot);
    linkNodeModules(worktree);
    run(process.execPath, ['scripts/build-server.mjs'], worktree);
    const a: Variant = {
      label: ['A (working tree', ...nodeArgsOf('a')].join(', ') + ')',
      bundleDir: path.join(repoRoot, 'apps/server/dist/server'),
      nodeArgs: nodeArgsOf('a'),
      databaseUrl: onPglite ? undefined : await createDatabase(admin, databases[0]!),
      dataDir: dataDirs[0]!,
      codes: [],
      cases: [],
      measurements: [],
    };
    const b: Variant = {
      label: [`B (${ref}`, ...nodeArgsOf('b')].join(', ') + ')',
      bundleDir: path.join(worktree, 'apps/server/dist/server'),
      nodeArgs: nodeArgsOf('b'),
      databaseUrl: onPglite ? undefined : await createDatabase(admin, databases[1]!),
      dataDir: dataDirs[1]!,
      codes: [],
      cases: [],
      measurements: [],
    };
    for (let round = 0; round < rounds; round++) {
      for (const variant of round % 2 === 0 ? [a, b] : [b, a]) await measure(variant);
    }
    const text = report(a, b, startedAt);
    console.log(`\n${text}`);
    const file = path.join(repoRoot, `bench/results/ab-${startedAt.toISOString().slice(0, 10)}.md`);
    const earlier = fs.existsSync(file) ? `\n---\n\n${fs.readFileSync(file, 'utf8')}` : '';
    fs.writeFileSync(file, `${text}${earlier}`);
    console.log(`written to ${path.relative(repoRoot, file)}`);
  } finally {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: repoRoot });
    fs.rmSync(worktree, { recursive: true, force: true });
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
