import { buildApp } from './app.ts';
import { createAppContext } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config/env.ts';
import { seedDemoData } from './seed/demo-seed.ts';
import { hasAnyAccount } from './modules/users/admin-provisioning.service.ts';
import { ensureDefaultCatalogue } from './modules/catalogue/catalogue.service.ts';

/** `npm start`: validate config, open + migrate the database, seed demo data (not in production), serve UI + API. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`配置错误 / configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const ctx = await createAppContext(config);
  const app = await buildApp(ctx, { startBackgroundTasks: true });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await ctx.database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (config.nodeEnv !== 'production' && (await seedDemoData(ctx))) {
    app.log.info('demo data seeded');
  }
  // Every deployment starts with the default catalogue as its first published version (admins then edit drafts).
  if (await ensureDefaultCatalogue(ctx)) app.log.info('default matter catalogue published');
  if (config.nodeEnv === 'production' && !(await hasAnyAccount(ctx))) {
    app.log.warn(
      'no accounts yet: create the admin accounts with `npm run admin:create` (docs/runbooks/operations.md)',
    );
  }
  await app.listen({ port: config.port, host: config.host });
  const address = `http://localhost:${(app.server.address() as { port: number }).port}`;
  const lines = [
    `一网 Yiwang is running at ${address}  (database: ${ctx.database.kind}, started in ${Date.now() - startedAt} ms)`,
    `API docs: ${address}/api/docs`,
  ];
  if (config.nodeEnv !== 'production') {
    lines.push(
      `Demo accounts: applicant, agent, window, department, supervisor, bank, intermediary, sysAdmin, secAdmin, auditAdmin`,
      `Demo password: ${config.demoPasswordIsDefault ? config.demoPassword : '(from DEMO_PASSWORD)'}  — demo only`,
    );
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
