/**
 * Scenarios over a generated dataset (issue 6 §2): the real server on the dataset (its own process), driven with
 * autocannon from this process — lookup by code with random codes of the dataset, staff search with realistic filter
 * mixes as a provincial supervisor (bench-supervisor, created by the generator), the supervisor dashboard (skipped with
 * a "not available" line when the route answers 404), the lists staff open every day (staff-lists.ts), and register +
 * 赋码 on top of the dataset. The search mixes' plans: search-plans.ts.
 */
import type { OperationCost } from '../support/cost.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { BENCH_PASSWORD } from './generate.ts';
import { freePort } from '../support/free-port.ts';
import { benchServerEnv, serverCommand } from '../support/server-bundle.ts';
import { stopChild } from '../support/stop-child.ts';
import { rssMb, startMemorySampler } from '../support/memory-sampler.ts';
import { STAFF_LISTS, type StaffList } from './staff-lists.ts';

export interface ScenarioResult {
  name: string;
  unit: string;
  perSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
  serverRssMb: number | null;
  /** Statements and CPU per operation (bench/support/cost.ts), where measured. */
  cost?: OperationCost;
  note?: string;
}

export interface BenchServer {
  child: ChildProcess;
  base: string;
  /** Process spawn → first 200 from /api/health. */
  coldStartMs: number;
  stop(): Promise<void>;
}

/** Starts the server on a dataset: PostgreSQL (`databaseUrl`) or a PGlite data dir (`dataDir`, no DATABASE_URL). */
export async function startBenchServer(target: { databaseUrl?: string; dataDir?: string }): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = target.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-'));
  const started = performance.now();
  const server = serverCommand();
  const child = spawn(server.command, server.args, {
    cwd: server.cwd,
    env: benchServerEnv({ databaseUrl: target.databaseUrl, port, dataDir, password: BENCH_PASSWORD }),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) {
        return { child, base, coldStartMs: Math.round(performance.now() - started), stop };
      }
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('server did not start on the dataset');
}

async function login(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Signs each account in once (login above) and returns its bearer header, for the staff lists' accounts. */
export function staffSessions(base: string) {
  const headers = new Map<string, Promise<Record<string, string>>>();
  return (account: StaffList['account']): Promise<Record<string, string>> => {
    let signedIn = headers.get(account);
    if (!signedIn) {
      signedIn = login(base, account).then((token) => ({ authorization: `Bearer ${token}` }));
      headers.set(account, signedIn);
    }
    return signedIn;
  };
}

/** An autocannon run with the server's peak RSS during it (null when it could not be read). */
type MeasuredRun = autocannon.Result & { peakRssMb: number | null };

function runCannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A search filter mix: query parameters as a supervisor's screen sends them. */
export interface SearchMix {
  label: string;
  params: Record<string, string>;
}

export const SEARCH_MIXES: SearchMix[] = [
  { label: 'no filter, newest first (the list page)', params: { sort: '-createdAt' } },
  { label: 'city subtree 330100 + status filed', params: { regionCode: '330100', status: 'filed' } },
  { label: 'county 330782 + sort by name', params: { regionCode: '330782', sort: 'name' } },
  {
    label: 'industry C + investment 1,000–50,000 万元, largest first',
    params: { industryCode: 'C', investmentMin: '1000', investmentMax: '50000', sort: '-totalInvestment' },
  },
  {
    label: 'procedure ratification + created 2025-01-01…2025-06-30, oldest first',
    params: { procedure: 'ratification', createdFrom: '2025-01-01', createdTo: '2025-06-30', sort: 'createdAt' },
  },
  { label: 'name q=光伏 (2 characters)', params: { q: '光伏' } },
  { label: 'name q=数据中心 + city subtree 330300', params: { q: '数据中心', regionCode: '330300' } },
  { label: 'flag provincialKey + status coded', params: { flag: 'provincialKey', status: 'coded' } },
  { label: 'city 330200, page 50', params: { regionCode: '330200', page: '50' } },
  { label: 'city 330100 + sort by name', params: { regionCode: '330100', sort: 'name' } },
  { label: 'province, sort by name', params: { sort: 'name' } },
];

export const searchPath = (mix: SearchMix) => `/api/projects/search?${new URLSearchParams(mix.params).toString()}`;

/** Random codes of the dataset, drawn through the search API (the server holds a PGlite dir alone). */
async function sampleCodes(base: string, token: string, n: number): Promise<string[]> {
  const codes = new Set<string>();
  for (let page = 1; codes.size < n && page <= 40; page++) {
    const sort = ['-createdAt', 'createdAt', 'name', '-totalInvestment'][page % 4]!;
    // Pages spread over the first 10,000 results (the search API pages no further — a real limit, not a bench one).
    const pageNumber = 1 + ((page * 7) % 100);
    const response = await fetch(`${base}/api/projects/search?pageSize=100&page=${pageNumber}&sort=${sort}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`search for codes: ${response.status} ${await response.text()}`);
    for (const item of ((await response.json()) as { items: { code: string | null }[] }).items) {
      if (item.code) codes.add(item.code);
    }
  }
  if (codes.size === 0) throw new Error('no codes in the dataset');
  return [...codes];
}

export interface DatasetRunOptions {
  server: BenchServer;
  label: string;
  seconds: number;
  connections: number;
  /** Which scenarios: core = lookup, two search mixes, mixed search, register + 赋码; all = every mix and the dashboard. */
  set: 'core' | 'all';
  registerScenario: (base: string, token: string, pid: number | undefined, seconds: number) => Promise<ScenarioResult>;
}

/** Runs the dataset scenarios against a started server; returns results keyed by a short route id too. */
export async function runDatasetScenarios(
  o: DatasetRunOptions,
): Promise<{ results: ScenarioResult[]; byKey: Record<string, ScenarioResult> }> {
  const { base, child } = o.server;
  const results: ScenarioResult[] = [];
  const byKey: Record<string, ScenarioResult> = {};
  const supervisor = await login(base, 'bench-supervisor');
  const auth = { authorization: `Bearer ${supervisor}` };
  const push = (key: string, r: ScenarioResult) => {
    results.push(r);
    byKey[key] = r;
    console.log(
      `${r.name}: ${r.perSecond.toFixed(1)} ${r.unit}, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors}`,
    );
  };
  // The server's peak RSS during each run (issue 6: RSS under load with the full dataset), not what is left at its end.
  const runAutocannon = async (options: autocannon.Options): Promise<MeasuredRun> => {
    const sampler = startMemorySampler({ base, pid: child.pid });
    const result = await runCannon(options);
    return { ...result, peakRssMb: (await sampler.stop())?.peakRssMb ?? null };
  };
  const fromCannon = (name: string, unit: string, result: MeasuredRun, note?: string): ScenarioResult => ({
    name: `${o.label}: ${name}`,
    unit,
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    serverRssMb: result.peakRssMb ?? rssMb(child.pid),
    ...(note ? { note } : {}),
  });

  // Lookup by code: random codes of the dataset.
  const codes = await sampleCodes(base, supervisor, 2000);
  let next = 0;
  const lookup = await runAutocannon({
    url: base,
    connections: o.connections,
    duration: o.seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: `/api/public/project-codes/${codes[next++ % codes.length]!}`,
        }),
      },
    ],
  } as autocannon.Options);
  push(
    'lookup',
    fromCannon(
      `lookup by code, ${codes.length} random codes (GET /api/public/project-codes/{code})`,
      'requests/s',
      lookup,
    ),
  );

  // Search: each mix alone, then all mixes interleaved.
  const mixes = o.set === 'all' ? SEARCH_MIXES : [SEARCH_MIXES[1]!, SEARCH_MIXES[6]!];
  const perMix = o.set === 'all' ? Math.max(5, Math.round(o.seconds / 3)) : o.seconds;
  for (const [i, mix] of mixes.entries()) {
    const result = await runAutocannon({
      url: `${base}${searchPath(mix)}`,
      headers: auth,
      connections: o.connections,
      duration: perMix,
    });
    push(
      `search:${SEARCH_MIXES.indexOf(mix)}`,
      fromCannon(`search — ${mix.label}`, 'requests/s', result, `${perMix} s`),
    );
    void i;
  }
  let m = 0;
  const mixed = await runAutocannon({
    url: base,
    connections: o.connections,
    duration: o.seconds,
    headers: auth,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: searchPath(SEARCH_MIXES[m++ % SEARCH_MIXES.length]!) }),
      },
    ],
  } as autocannon.Options);
  push('search:mixed', fromCannon(`search — all ${SEARCH_MIXES.length} mixes interleaved`, 'requests/s', mixed));

  // Supervisor dashboard (another module; skipped when the route is not there).
  if (o.set === 'all') {
    const probe = await fetch(`${base}/api/supervision/dashboard`, { headers: auth });
    if (probe.status === 404) {
      console.log(`${o.label}: supervisor dashboard — not available (GET /api/supervision/dashboard answered 404)`);
      push('dashboard', {
        name: `${o.label}: supervisor dashboard (GET /api/supervision/dashboard) — not available (404), skipped`,
        unit: 'requests/s',
        perSecond: 0,
        p50Ms: null,
        p99Ms: null,
        errors: 0,
        serverRssMb: null,
      });
    } else {
      // As a browser asks for it: with Accept-Encoding: gzip, the route sends its kept gzip copy (~10 KB instead of
      // ~42 KB for the province; ADR 0006). In alternated 15 s runs on the 1M dataset: 8,728–9,247 requests/s, p99
      // 14–16 ms, against 7,053–7,517 and 16–21 ms without the header.
      const dashboard = await runAutocannon({
        url: `${base}/api/supervision/dashboard`,
        headers: { ...auth, 'accept-encoding': 'gzip' },
        connections: o.connections,
        duration: o.seconds,
      });
      push(
        'dashboard',
        fromCannon(
          'supervisor dashboard, province (GET /api/supervision/dashboard, Accept-Encoding: gzip as a browser sends)',
          'requests/s',
          dashboard,
          `first answer ${probe.status}`,
        ),
      );
    }
  }

  // The lists staff open every day (staff-lists.ts), each alone, read by the account whose screen shows it.
  if (o.set === 'all') {
    const session = staffSessions(base);
    for (const [i, list] of STAFF_LISTS.entries()) {
      const result = await runAutocannon({
        url: `${base}${list.path}`,
        headers: await session(list.account),
        connections: o.connections,
        duration: perMix,
      });
      push(`list:${i}`, fromCannon(`staff list — ${list.label}`, 'requests/s', result, `${perMix} s`));
    }
  }

  // Register + 赋码 on top of the dataset (run.ts's scenario).
  const applicant = await login(base, 'applicant');
  const register = await o.registerScenario(base, applicant, child.pid, o.seconds);
  push('register', { ...register, name: `${o.label}: ${register.name}` });
  return { results, byKey };
}
