import { ConfigError, loadConfig, type AppConfig } from './config/env.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres.ts';
import { applyHeapGrowingPercent } from './lib/heap-growth.ts';

/**
 * `npm start`: validate the configuration, then run the server (server.ts).
 *
 * This module imports only what it needs before the server's own modules load: with no DATABASE_URL, the embedded
 * PGlite starts in its worker thread first (embedded-postgres.ts), and its ~0.7 s of start-up (WASM, opening the data
 * directory) runs on the second core while this thread loads the server's modules (~1 s) — issue 6: PGlite cold start
 * ≤ 3 s.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`配置错误 / configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  applyHeapGrowingPercent(config.heapGrowingPercent);
  let embedded: Promise<EmbeddedPostgres> | undefined;
  if (!config.databaseUrl) {
    embedded = startEmbeddedPostgres(config.dataDir);
    // Awaited (and its failure reported) by the server once its modules have loaded.
    embedded.catch(() => {});
  }
  const { runServer } = await import('./server.ts');
  await runServer(config, startedAt, embedded);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
