import path from 'node:path';
import type { AppConfig } from './config/env.ts';
import { migrateDatabase, openDatabase } from './db/database.ts';
import type { EmbeddedPostgres } from './db/embedded-postgres.ts';
import type { AppContext } from './lib/app-context.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { createAuditSigner } from './modules/audit/audit-signer.ts';
import { createLicenceSigner } from './modules/licences/licence-signer.ts';

/**
 * Opens and migrates the database and assembles the services' context. Shared by the server, the CLIs and tests.
 * `embedded`: an embedded PGlite the caller has already started for `config.dataDir` (main.ts).
 */
export async function createAppContext(
  config: AppConfig,
  clock: Clock = systemClock,
  options: { embedded?: Promise<EmbeddedPostgres> | undefined } = {},
): Promise<AppContext> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    preparedStatements: config.databasePreparedStatements,
    pipelinedPointReads: config.databasePipelinedReads,
    sharedPageConnections: config.databaseSharedPageConnections,
    embedded: options.embedded,
  });
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const auditSigner = createAuditSigner({
    privateKey: config.auditSigningKey,
    keyDir: path.join(config.dataDir, 'keys'),
  });
  const licenceSigner = createLicenceSigner({
    privateKey: config.licenceSigningKey,
    keyDir: path.join(config.dataDir, 'keys'),
    trustedPublicKeys: config.licenceTrustedPublicKeys,
  });
  return { config, database, db: database.db, clock, auditSigner, licenceSigner };
}
