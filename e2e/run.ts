/**
 * Browser journeys against the real server: builds the web if needed, starts apps/server on a free port with a fresh
 * data directory and a random demo password, drives Debian's Chromium through playwright-core, and runs every
 * e2e/journeys/*.journey.ts. Usage (repo root): `node --import tsx e2e/run.ts [name-filter]`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { findFreePort } from './support/free-port.ts';
import type { JourneyContext, JourneyModule } from './support/journey.ts';
import { startServer, type RunningServer } from './support/server-process.ts';
import { ensureWebBuilt } from './support/web-build.ts';

// Debian's Chromium; E2E_CHROMIUM_PATH points elsewhere (another distro, or a missing path to try the skip rule).
const CHROMIUM = process.env.E2E_CHROMIUM_PATH ?? '/usr/bin/chromium';
// stack-notes §4: flags that work headless as root in a container without a GPU or a large /dev/shm.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

const e2eDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(e2eDir);
const screenshotDir = join(e2eDir, 'screenshots');

/** Letters, digits and symbols of every class, so any reasonable password policy accepts it. */
function randomDemoPassword(): string {
  return `E2e-${randomBytes(9).toString('base64url')}-9a`;
}

async function loadJourneys(filter: string | undefined): Promise<JourneyModule[]> {
  const dir = join(e2eDir, 'journeys');
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.journey.ts'))
    .sort();
  const journeys: JourneyModule[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as Partial<JourneyModule>;
    if (typeof module.name !== 'string' || typeof module.run !== 'function') {
      throw new Error(`${file} must export \`name\` and \`run(ctx)\``);
    }
    if (!filter || module.name.includes(filter)) journeys.push({ name: module.name, run: module.run });
  }
  return journeys;
}

async function runJourney(journey: JourneyModule, browser: Browser, baseUrl: string, demoPassword: string) {
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let shot = 0;
  const dir = join(screenshotDir, journey.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const ctx: JourneyContext = {
    baseUrl,
    url: (path) => new URL(path, baseUrl).href,
    demoPassword,
    browser,
    newPage: async (options = {}) => {
      const context = await browser.newContext({
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 1366, height: 860 },
        // As a user who turned animations off: antd's dialogs appear at once (apps/web/src/app/providers.tsx), so a
        // click right after one opens is not swallowed by its entrance animation.
        reducedMotion: 'reduce',
        ...options,
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
    screenshot: async (page, step) => {
      shot += 1;
      const file = join(dir, `${String(shot).padStart(2, '0')}-${step.replace(/[^\w.-]+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return relative(repoRoot, file);
    },
    log: (message) => console.log(`  · ${message}`),
  };

  const started = Date.now();
  try {
    await journey.run(ctx);
    if (pageErrors.length > 0) throw new Error(`uncaught errors in the page:\n    ${pageErrors.join('\n    ')}`);
    console.log(`PASS ${journey.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    const page = contexts.at(-1)?.pages().at(-1);
    if (page) await ctx.screenshot(page, 'failure').catch(() => undefined);
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.log(`FAIL ${journey.name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${message}`);
    return false;
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.log('');
    console.log(`SKIPPED: browser journeys — ${CHROMIUM} not found`);
    console.log('');
    return process.env.CI === 'true' ? 1 : 0;
  }

  ensureWebBuilt(repoRoot);
  const journeys = await loadJourneys(process.argv[2]);
  if (journeys.length === 0) {
    console.log(`no journey matches ${JSON.stringify(process.argv[2])}`);
    return 1;
  }

  mkdirSync(screenshotDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'yiwang-e2e-'));
  const demoPassword = randomDemoPassword();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await startServer({
      repoRoot,
      port: await findFreePort(),
      dataDir,
      demoPassword,
      logFile: join(screenshotDir, 'server.log'),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    let failed = 0;
    for (const journey of journeys) {
      if (!(await runJourney(journey, browser, server.baseUrl, demoPassword))) failed += 1;
    }
    console.log(`${journeys.length - failed}/${journeys.length} journeys passed; screenshots in e2e/screenshots/`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    console.log(`FAIL e2e setup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main();
