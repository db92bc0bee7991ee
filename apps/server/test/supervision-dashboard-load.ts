/**
 * Load check of GET /api/supervision/dashboard (issue 6: p99 ≤ 20 ms at province scope, 50 connections) — not part of
 * the test suite; run by hand against a dataset made by the bench generator (it has the provincial supervisor
 * `bench-supervisor`):
 *
 *   node --import tsx apps/server/test/supervision-dashboard-load.ts postgres://postgres@127.0.0.1:5432/<db> \
 *     [connections=50] [seconds=20] [settleSeconds=45]
 *
 * Starts the real server on the database (as bench/dataset/scenarios.ts does; the environment passes through, e.g.
 * SUPERVISION_DASHBOARD_CACHE_MILLISECONDS), waits `settleSeconds` for the start-up work (migrations, the first warning
 * sweep pass) to finish, then runs autocannon at province, city and county scope and prints p50 / p99 / requests per
 * second and the response size.
 */
import autocannon from 'autocannon';
import { BENCH_PASSWORD } from '../../../bench/dataset/generate.ts';
import { startBenchServer } from '../../../bench/dataset/scenarios.ts';
import { rssMb } from '../../../bench/support/memory-sampler.ts';

const databaseUrl = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/yiwang_sup_perf';
const connections = Number(process.argv[3] ?? 50);
const seconds = Number(process.argv[4] ?? 20);
const settleSeconds = Number(process.argv[5] ?? 45);

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (e, r) => (e ? reject(e) : resolve(r))));
}

async function main() {
  const server = await startBenchServer({ databaseUrl });
  try {
    console.log(`server up in ${server.coldStartMs} ms; settling ${settleSeconds} s`);
    await new Promise((r) => setTimeout(r, settleSeconds * 1000));
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-supervisor', password: BENCH_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const get = async (query: string) => {
      const response = await fetch(`${server.base}/api/supervision/dashboard${query}`, { headers });
      if (!response.ok) throw new Error(`dashboard ${query}: ${response.status} ${await response.text()}`);
      const text = await response.text();
      return { body: JSON.parse(text) as { regions: { regionCode: string; own: boolean }[] }, bytes: text.length };
    };
    const province = await get('');
    const city = province.body.regions.find((r) => !r.own)!.regionCode;
    const county = (await get(`?regionCode=${city}`)).body.regions.find((r) => !r.own)!.regionCode;
    // The floor on this machine: an unauthenticated and an authenticated request that do next to nothing.
    for (const [label, path, withAuth] of [
      ['health', '/api/health', false],
      ['auth/me', '/api/auth/me', true],
    ] as const) {
      const r = await run({
        url: `${server.base}${path}`,
        ...(withAuth ? { headers } : {}),
        connections,
        duration: 10,
      });
      console.log(`${label}: p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.average.toFixed(0)} req/s`);
    }
    for (const [label, query] of [
      ['province', ''],
      ['province (all departments)', '?departmentLimit=100000'],
      ['city', `?regionCode=${city}`],
      ['county', `?regionCode=${county}`],
    ] as const) {
      const { bytes } = await get(query);
      await run({ url: `${server.base}/api/supervision/dashboard${query}`, headers, connections, duration: 3 });
      const r = await run({
        url: `${server.base}/api/supervision/dashboard${query}`,
        headers,
        connections,
        duration: seconds,
      });
      console.log(
        `${label}${query}: p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
          `${r.requests.average.toFixed(0)} req/s, ${r.non2xx} non-2xx, ${r.errors} errors, ${bytes} bytes, ` +
          `server RSS ${rssMb(server.child.pid) ?? '?'} MB`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
