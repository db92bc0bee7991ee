/**
 * `npm run bench`: the short benchmark. Starts the real server on a fresh PostgreSQL database (a second process), drives
 * it with autocannon from this process, runs pgbench on equivalent raw SQL in the same run, and writes
 * bench/results/<date>.{json,md}. Figures are ratios within one run on one machine; nothing here is asserted by tests.
 *
 * Scenarios (issue 6, growing as modules land):
 *  - register + 赋码: create a complete project draft, then submit it (赋码 + 备案, each one transaction with audit)
 *    — against pgbench doing "one ~1 KB insert + one audit insert" per transaction;
 *  - lookup by code (public verification) — against a pgbench point select by code.
 *
 * Environment: BENCH_DATABASE_URL (server to use, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_DURATION (seconds per scenario, default 10), BENCH_CONNECTIONS (default 50).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const repoRoot = path.resolve(import.meta.dirname, '..');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const password = 'Bench@Pass2026';

interface ScenarioResult {
  name: string;
  unit: string;
  perSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
  serverRssMb: number | null;
  note?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

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
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-bench-')),
      DEMO_PASSWORD: password,
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'warn',
    },
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

async function api<T>(base: string, method: string, url: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A complete 备案 project (about 1 KB of JSON), so submit 赋码s and files it at once. */
function projectBody(i: number) {
  return {
    name: `基准测试项目 ${i} 智能制造产业园建设工程`,
    regionCode: '330302',
    address: '温州市鹿城区瓯江路 100 号 产业园 A 区',
    scaleAndContent:
      '新建厂房 3 幢，总建筑面积 45000 平方米，购置数控加工中心、自动化装配线及配套检测设备 120 台（套），建设数字化车间与仓储物流系统，形成年产精密零部件 500 万件的生产能力。'.repeat(
        2,
      ),
    totalInvestment: 12000,
    fundSources: [
      { kind: 'selfRaised', amount: 8000 },
      { kind: 'bankLoan', amount: 4000 },
    ],
    plannedStart: '2027-03-01',
    plannedEnd: '2028-12-31',
    industryCode: 'C3484',
    projectType: '01',
    investmentNature: 'enterprise',
    flags: [],
    industrialPolicyStatement: true,
  };
}

function runAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function pgbench(databaseUrl: string, script: string, defines: Record<string, string> = {}): number {
  const file = path.join(os.tmpdir(), `yiwang-pgbench-${crypto.randomBytes(4).toString('hex')}.sql`);
  fs.writeFileSync(file, script);
  const url = new URL(databaseUrl);
  const args = [
    '-n',
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
    url.hostname,
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

async function main(): Promise<void> {
  const startedAt = new Date();
  const db = await createDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(db.url, port);
  const results: ScenarioResult[] = [];
  try {
    const { token } = await api<{ token: string }>(base, 'POST', '/api/auth/login', null, {
      username: 'applicant',
      password,
    });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // 1. register + 赋码: draft (one audited transaction), then submit (赋码 + 备案, one audited transaction).
    let counter = 0;
    let coded = 0;
    const write = await runAutocannon({
      url: base,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/api/projects',
          headers: auth,
          setupRequest: (request) => ({ ...request, body: JSON.stringify(projectBody(counter++)) }),
          onResponse: (status, body, context: { projectId?: string }) => {
            if (status === 201) context.projectId = (JSON.parse(body) as { id: string }).id;
          },
        },
        {
          method: 'POST',
          headers: { authorization: auth.authorization },
          setupRequest: (request, context: { projectId?: string }) =>
            context.projectId ? { ...request, path: `/api/projects/${context.projectId}/submit` } : undefined,
          onResponse: (status) => {
            if (status === 200) coded += 1;
          },
        },
      ],
    } as autocannon.Options);
    results.push({
      name: 'register + 赋码 (draft, then submit: 2 requests, 2 audited transactions)',
      unit: 'projects coded/s',
      perSecond: coded / duration,
      p50Ms: write.latency.p50,
      p99Ms: write.latency.p99,
      errors: write.errors + write.non2xx,
      serverRssMb: rssMb(server.pid),
    });

    // pgbench: the equivalent raw work per project — two transactions of "~1 KB row + audit row".
    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    await raw.query(`CREATE TABLE bench_rows (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz DEFAULT now());
      CREATE TABLE bench_audit (seq bigserial PRIMARY KEY, action text, target text, hash text, at timestamptz DEFAULT now())`);
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
    });

    // 2. lookup by code (public verification) vs a pgbench point select by code.
    const { items } = await api<{ items: { code: string | null }[] }>(base, 'GET', '/api/projects?pageSize=5', token);
    const code = items.find((p) => p.code)?.code;
    if (!code) throw new Error('no coded project to look up');
    const lookup = await runAutocannon({ url: `${base}/api/public/project-codes/${code}`, connections, duration });
    results.push({
      name: 'lookup by code (GET /api/public/project-codes/{code})',
      unit: 'requests/s',
      perSecond: lookup.requests.average,
      p50Ms: lookup.latency.p50,
      p99Ms: lookup.latency.p99,
      errors: lookup.errors + lookup.non2xx,
      serverRssMb: rssMb(server.pid),
    });
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
    });
    await raw.end();

    const writeRatio = (results[0]!.perSecond * 2) / rawTps; // two transactions per coded project
    const lookupRatio = results[2]!.perSecond / selectTps;
    writeReport(startedAt, results, { writeRatio, lookupRatio });
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await db.drop();
  }
}

function writeReport(startedAt: Date, results: ScenarioResult[], ratios: { writeRatio: number; lookupRatio: number }) {
  const day = startedAt.toISOString().slice(0, 10);
  const dir = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  const json = { startedAt: startedAt.toISOString(), machine, duration, connections, results, ratios };
  fs.writeFileSync(path.join(dir, `${day}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.perSecond.toFixed(1)} ${r.unit} | ${r.p50Ms ?? '—'} | ${r.p99Ms ?? '—'} | ${r.errors} | ${r.serverRssMb ?? '—'} |`,
  );
  const md = `# Benchmark ${startedAt.toISOString()}

Machine: ${machine}. PostgreSQL on 127.0.0.1 (fsync on). ${connections} connections, ${duration} s per scenario; autocannon
in the benchmark process, the server in its own process.

| scenario | throughput | p50 ms | p99 ms | errors | server RSS MB |
|---|---|---|---|---|---|
${rows.join('\n')}

- Write path: the app completes ${(ratios.writeRatio * 100).toFixed(0)} % of the transactions pgbench does for the same
  "1 KB row + audit row" work (each coded project is two audited transactions). Target ≥ 50 %.
- Lookup by code: ${(ratios.lookupRatio * 100).toFixed(0)} % of a pgbench point select. Target ≥ 50 %.
`;
  fs.writeFileSync(path.join(dir, `${day}.md`), md);
  console.log(md);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
