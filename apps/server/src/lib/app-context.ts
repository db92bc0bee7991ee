import type { AppConfig } from '../config/env.ts';
import type { Database, Db } from '../db/database.ts';
import type { AuditSigner } from '../modules/audit/audit-signer.ts';
import type { LicenceSigner } from '../modules/licences/licence-signer.ts';
import type { Clock } from './clock.ts';

/** What every service needs, built once at start-up and passed explicitly (no module-level singletons). */
export interface AppContext {
  config: AppConfig;
  database: Database;
  db: Db;
  clock: Clock;
  auditSigner: AuditSigner;
  licenceSigner: LicenceSigner;
}
