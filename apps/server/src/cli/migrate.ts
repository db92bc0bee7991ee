import { loadConfig } from '../config/env.ts';
import { migrateDatabase, openDatabase } from '../db/database.ts';

/** `npm run db:migrate`: applies the committed SQL migrations to DATABASE_URL or the embedded database. */
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  preparedStatements: config.databasePreparedStatements,
});
try {
  await migrateDatabase(database);
  console.log(`migrations applied (${database.kind})`);
} finally {
  await database.close();
}
