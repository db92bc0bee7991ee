import cluster from 'node:cluster';
import { buildApp } from './app.ts';
import { createAppContext } from './bootstrap.ts';
import type { AppConfig } from './config/env.ts';
import type { EmbeddedPostgres } from './db/embedded-postgres.ts';
import type { AppContext } from './lib/app-context.ts';
import { seedDemoData } from './seed/demo-seed.ts';
import { hasAnyAccount } from './modules/users/admin-provisioning.service.ts';
import { ensureDefaultCatalogue } from './modules/catalogue/catalogue.service.ts';

/** Set by the primary on the workers it forks (SERVER_WORKERS > 1); worker 0 runs the background tasks. */
const WORKER_INDEX_ENV = 'YIWANG_WORKER_INDEX';

/**
 * The server process (loaded by main.ts once the configuration is valid): open + migrate the database, seed demo data
 * (not in production), serve UI + API.
 * With SERVER_WORKERS > 1 (PostgreSQL only) a primary process does the one-time work (migrations, signing keys, seed)
 * and then forks that many workers sharing the port; worker 0 also runs the background tasks (audit sealer and
 * checkpoints, approval sweeps, aggregate folds — each also guarded by an advisory lock, so a second runner would do no
 * harm). In-process caches hold only immutable or short-lived reference data, so workers need no coordination.
 * `embedded`: the embedded PGlite, already starting (main.ts), when there is no DATABASE_URL.
 */
export async function runServer(
  config: AppConfig,
  startedAt: number,
  embedded: Promise<EmbeddedPostgres> | undefined,
): Promise<void> {
  if (config.serverWorkers > 1 && cluster.isPrimary) return runPrimary(config, startedAt);
  const workerIndex = process.env[WORKER_INDEX_ENV];
  const ctx = await createAppContext(config, undefined, { embedded });
  const app = await buildApp(ctx, { startBackgroundTasks: workerIndex === undefined || workerIndex === '0' });
  handleShutdownSignals(async () => {
    app.log.info('shutting down');
    await app.close();
    await ctx.database.close();
  });
  if (workerIndex === undefined) await prepareDatabase(ctx, (message) => app.log.info(message));
  await app.listen({ port: config.port, host: config.host });
  if (workerIndex === undefined) announce(config, ctx, app.server.address(), startedAt);
}

/** One-time start-up work on the database: demo data (not in production) and the default catalogue. */
async function prepareDatabase(ctx: AppContext, log: (message: string) => void): Promise<void> {
  if (ctx.config.nodeEnv !== 'production' && (await seedDemoData(ctx))) log('demo data seeded');
  // Every deployment starts with the default catalogue as its first published version (admins then edit drafts).
  if (await ensureDefaultCatalogue(ctx)) log('default matter catalogue published');
  if (ctx.config.nodeEnv === 'production' && !(await hasAnyAccount(ctx))) {
    log('no accounts yet: create the admin accounts with `npm run admin:create` (docs/runbooks/operations.md)');
  }
}

async function runPrimary(config: AppConfig, startedAt: number): Promise<void> {
  // Migrations, signing keys (generated under DATA_DIR/keys in development) and the seed, once, before any worker.
  const ctx = await createAppContext(config);
  await prepareDatabase(ctx, (message) => console.log(message));
  await ctx.database.close();
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`worker ${index} exited (${signal ?? code}); starting a new one`);
      setTimeout(() => fork(index), 1000).unref();
    });
    return worker;
  };
  const workers = Array.from({ length: config.serverWorkers }, (_, index) => fork(index));
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('listening', resolve))));
  announce(config, ctx, { port: config.port }, startedAt, config.serverWorkers);
  handleShutdownSignals(async () => {
    stopping = true;
    const exits = Object.values(cluster.workers ?? {}).map(
      (worker) => new Promise((resolve) => (worker?.isDead() ? resolve(null) : worker?.once('exit', resolve))),
    );
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    await Promise.all(exits);
  });
}

function handleShutdownSignals(close: () => Promise<void>): void {
  let shuttingDown = false;
  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await close();
      process.exit(0);
    } catch (error) {
      console.error('shutdown failed', error);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

function announce(config: AppConfig, ctx: AppContext, listening: unknown, startedAt: number, workers = 1): void {
  const address = `http://localhost:${(listening as { port: number }).port}`;
  const processes = workers > 1 ? `, ${workers} workers` : '';
  const lines = [
    `一网 Yiwang is running at ${address}  (database: ${ctx.database.kind}${processes}, started in ${Date.now() - startedAt} ms)`,
    `API docs: ${address}/api/docs`,
  ];
  if (config.nodeEnv !== 'production') {
    lines.push(
      `Demo accounts: applicant, agent, window, department, supervisor, bank, intermediary, sysAdmin, secAdmin, auditAdmin;`,
      `  county departments: <place>-<department>, e.g. lucheng-fgw, ouhai-zjj, stzone-xzsp (README)`,
      `Demo password: ${config.demoPasswordIsDefault ? config.demoPassword : '(from DEMO_PASSWORD)'}  — demo only`,
    );
  }
  console.log(lines.join('\n'));
}
