/**
 * `npm run bench:screens -- [--database yiwang_bench_1m] [--label text] [--slow 100]`: every screen of every role, as
 * its user opens it, on a generated dataset (bench:dataset). The server (the `npm start` bundle, serving the built web
 * app) runs on the dataset; Debian's Chromium (/usr/bin/chromium) signs each bench account in, opens each entry of
 * its menu (read from the page, so a new screen is visited without being listed here) and the first record each
 * list links to (a case, a project, an application), twice: the first pass meets cold caches and statements, the
 * second what a user meets all day. Every API request a screen makes is timed (the browser's own timing: request
 * sent → last byte); the requests slower than `--slow` ms in the second pass, and every answer that is not 2xx, are
 * listed, beside each screen's load. Appended to bench/results/screens-<date>.md.
 *
 * The benches measure the routes they know; this one measures the screens, so it finds the request a screen makes that
 * nobody thought to measure: in the twenty-second session, 我的项目 of the bench's applicant (2.5 s at 1M projects,
 * migration 0027). One request at a time, so the figures are latencies, not throughput.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ensureWebBuilt } from '../../e2e/support/web-build.ts';
import { waitUntilDatabaseQuiet } from './bench-dataset.ts';
import { BENCH_PASSWORD } from './generate.ts';
import { startBenchServer } from './scenarios.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const database = arg('database', 'yiwang_bench_1m');
const label = arg('label', 'working tree');
const slowMs = Number(arg('slow', '100'));
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = Object.assign(new URL(base), { pathname: `/${database}` }).toString();

/** The generated dataset's accounts, one per role (bench/dataset/generate.ts: the demo accounts and bench-supervisor). */
const ACCOUNTS = [
  'applicant',
  'window',
  'department',
  'bench-supervisor',
  'bank',
  'intermediary',
  'sysAdmin',
  'secAdmin',
  'auditAdmin',
];
/** The record pages a list links to: a case, a project, a stage application. */
const DETAIL = /^\/(department\/cases|projects|applications|window\/applications)\/[0-9a-f-]{36}$/;

interface ApiCall {
  account: string;
  screen: string;
  method: string;
  path: string;
  status: number;
  ms: number;
}
interface ScreenLoad {
  account: string;
  screen: string;
  ms: number;
}

/** Ids in a path become :id, so the two passes' requests pair up and the table reads by route. */
const routeOf = (url: string) =>
  new URL(url).pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id') +
  new URL(url).search.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');

async function visitAll(page: Page, origin: string, account: string, calls: ApiCall[], loads: ScreenLoad[]) {
  let screen = '(sign-in)';
  page.on('requestfinished', (request) => {
    if (!request.url().startsWith(`${origin}/api/`)) return;
    const timing = request.timing();
    void request.response().then((response) =>
      calls.push({
        account,
        screen,
        method: request.method(),
        path: routeOf(request.url()),
        status: response?.status() ?? 0,
        ms: Math.round(timing.responseEnd),
      }),
    );
  });
  await page.goto(`${origin}/login`);
  await page.getByTestId('login-username').fill(account);
  await page.getByTestId('login-password').fill(BENCH_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.waitForLoadState('networkidle');
  // The menu renders once the account is known: wait for it, or an account would be skipped without a word.
  await page.locator('.role-menu [data-menu-id]').first().waitFor({ state: 'visible' });
  const menu = await page.$$eval('.role-menu [data-menu-id]', (items) =>
    items.map((item) => {
      const id = item.getAttribute('data-menu-id') ?? '';
      return id.slice(id.indexOf('/'));
    }),
  );
  const open = async (target: string) => {
    screen = routeOf(`${origin}${target}`);
    const started = performance.now();
    await page.goto(`${origin}${target}`);
    await page.waitForLoadState('networkidle');
    // networkidle waits 500 ms without a request after the last one.
    loads.push({ account, screen, ms: Math.max(0, Math.round(performance.now() - started - 500)) });
  };
  for (const entry of menu) {
    await open(entry);
    const details = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    const detail = details.find((href) => DETAIL.test(href));
    if (detail) await open(detail);
  }
}

async function pass(origin: string): Promise<{ calls: ApiCall[]; loads: ScreenLoad[] }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const calls: ApiCall[] = [];
  const loads: ScreenLoad[] = [];
  try {
    for (const account of ACCOUNTS) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await visitAll(await context.newPage(), origin, account, calls, loads);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { calls, loads };
}

ensureWebBuilt(repoRoot);
const server = await startBenchServer({ databaseUrl });
const lines: string[] = [];
try {
  const settledMs = await waitUntilDatabaseQuiet(databaseUrl, server.child.pid);
  const cold = await pass(server.base);
  const warm = await pass(server.base);
  const key = (c: { account: string; screen: string; path?: string }) => `${c.account} ${c.screen} ${c.path ?? ''}`;
  const coldMs = new Map(cold.calls.map((c) => [key(c), c.ms]));
  const coldLoad = new Map(cold.loads.map((l) => [key(l), l.ms]));
  // Before sign-in the app asks who is signed in: its 401 is the expected answer.
  const failed = [...cold.calls, ...warm.calls].filter(
    (c) => (c.status < 200 || c.status >= 300) && !(c.status === 401 && c.path === '/api/auth/me'),
  );
  const slow = warm.calls.filter((c) => c.ms >= slowMs).sort((a, b) => b.ms - a.ms);
  const slowest = [...warm.calls].sort((a, b) => b.ms - a.ms)[0];
  lines.push(
    `## ${new Date().toISOString()} — ${label} (${database}; server settled after ${Math.round(settledMs / 1000)} s)`,
    '',
    `${warm.loads.length} screens of ${ACCOUNTS.length} accounts, ${warm.calls.length} API requests in the second pass;` +
      ` the slowest ${slowest ? `${slowest.ms} ms (${slowest.method} ${slowest.path}, ${slowest.account})` : '—'};` +
      ` ${slow.length} at ${slowMs} ms or more; ${failed.length} answers not 2xx.`,
    '',
    `| account | screen | load ms (first pass / second) | slowest request (second pass) | ms |`,
    '|---|---|---|---|---|',
  );
  for (const load of warm.loads) {
    const theirs = warm.calls.filter((c) => c.account === load.account && c.screen === load.screen);
    const top = theirs.sort((a, b) => b.ms - a.ms)[0];
    lines.push(
      `| ${load.account} | ${load.screen} | ${coldLoad.get(key(load)) ?? '—'} / ${load.ms} | ${top ? `${top.method} ${top.path}` : '—'} | ${top?.ms ?? '—'} |`,
    );
  }
  if (slow.length) {
    lines.push('', `Requests of ${slowMs} ms or more (second pass; first pass in brackets):`, '');
    for (const c of slow)
      lines.push(`- ${c.ms} ms (${coldMs.get(key(c)) ?? '—'}) ${c.method} ${c.path} — ${c.account} on ${c.screen}`);
  }
  if (failed.length) {
    lines.push('', 'Answers not 2xx:', '');
    for (const c of failed) lines.push(`- ${c.status} ${c.method} ${c.path} — ${c.account} on ${c.screen}`);
  }
  lines.push('');
  console.log(lines.join('\n'));
} finally {
  await server.stop();
}
const file = path.join(repoRoot, `bench/results/screens-${new Date().toISOString().slice(0, 10)}.md`);
const header = fs.existsSync(file) ? '' : '# Screens on the bench dataset (npm run bench:screens)\n\n';
fs.appendFileSync(file, header + lines.join('\n') + '\n');
console.log(`appended to ${path.relative(repoRoot, file)}`);
