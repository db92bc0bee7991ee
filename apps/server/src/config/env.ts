import path from 'node:path';
import { PROGRESS_INTERVALS, type ProgressInterval } from '@yiwang/domain';

/** Validated runtime configuration. Every knob an operator may turn is here, with its default and its reason. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Embedded database, files and dev keys live here. */
  dataDir: string;
  /** PostgreSQL instead of the embedded PGlite when set. */
  databaseUrl: string | undefined;
  /**
   * Server-side prepared statements (db/statement-names.ts; default true). false for a connection pooler
   * in transaction mode that cannot carry them (PgBouncer before 1.21, or without max_prepared_statements).
   */
  databasePreparedStatements: boolean;
  /**
   * PostgreSQL: the point reads (session, lookup by code, project, enterprise) on one more connection, pipelined and shared
   * by every request (db/prepared.ts; default true). false keeps them on the pool.
   */
  databasePipelinedReads: boolean;
  /**
   * PostgreSQL: the shared pipelined connections on which the lists' short pages are read (db/page-reads.ts; default 2,
   * one per core of a two-core machine; 0 reads them on the pool like any other statement).
   */
  databaseSharedPageConnections: number;
  /**
   * Server processes sharing the port (node:cluster), PostgreSQL only: one Node process uses one core, so a machine with
   * more cores serves more with more workers (issue 6). The embedded PGlite allows one process. Default 1.
   */
  serverWorkers: number;
  /**
   * How far V8 lets the old generation grow past the live heap before its next full collection, in percent
   * (lib/heap-growth.ts; default 50; 0: V8's own, up to 300 % under heavy allocation). Issue 6 asks for a server RSS of
   * at most 230 MB under load over the full dataset; with V8's own growth it reached up to 308 MB, mostly garbage
   * (ADR 0008).
   */
  heapGrowingPercent: number;
  demoPassword: string;
  /** True when DEMO_PASSWORD was not set, so start-up prints the default (demo only). */
  demoPasswordIsDefault: boolean;
  logLevel: string;
  /** 等保 8.1.4.1 b: lock after N failures … */
  maxFailedLogins: number;
  /** … for this long. */
  lockoutMinutes: number;
  /** 等保 8.1.4.1 b: 登录连接超时自动退出 (idle timeout). */
  sessionIdleMinutes: number;
  /** ASVS 7.3.2: absolute session lifetime. */
  sessionAbsoluteHours: number;
  passwordMinLength: number;
  /**
   * 等保 2.0 §8.1.4.1 a 鉴别信息…定期更换: a password older than this many days must be changed before the session may do
   * anything else (0: never; default 90 in production, 0 elsewhere — ASVS 6.2.10 advises against rotation, the 等保
   * assessment checks for it: security-notes §1.7).
   */
  passwordMaxAgeDays: number;
  /**
   * A new password may not be the current one nor any of this many former ones (0: only the current one; default 5 in
   * production, 0 elsewhere).
   */
  passwordHistoryCount: number;
  /** A password the system admin set when opening an account must be changed at its first sign-in (production: true). */
  passwordInitialMustChange: boolean;
  /**
   * 等保 8.1.4.2 c: staff accounts (window, department, supervisor) not signed in for this many days are disabled by the
   * hourly sweep (0: never; default 180 in production, 0 elsewhere so the demo's accounts stay usable).
   */
  accountInactiveDays: number;
  /** Login attempts per IP per minute before 429 (ASVS 6.1.1). */
  authRateLimitPerMinute: number;
  /** Requests a minute one client address may make to each public route without signing in; 0: no limit. */
  publicRateLimitPerMinute: number;
  /**
   * 等保 2.0 §8.1.4.1 d: staff and admin accounts sign in with a second factor (TOTP). `required` (the default in
   * production): a staff account without one enrols at its next sign-in and cannot remove it. `optional` (the default
   * elsewhere, so the demo's accounts sign in with the password alone): any account may enrol from 账户安全, and an
   * enrolled one is always asked for its code. Enterprise, bank and intermediary accounts may always choose.
   */
  staffSecondFactor: 'required' | 'optional';
  auditCheckpointSeconds: number;
  /** How often the sealer chains committed audit rows (ADR 0003, update 3). */
  auditSealMilliseconds: number;
  /** Verification reports rows still unsealed this long after they were written (the sealer is not running). */
  auditUnsealedAlertSeconds: number;
  /** Hex SM2 private key for audit checkpoints; generated under DATA_DIR/keys when unset (not for production). */
  auditSigningKey: string | undefined;
  /** Directory of the built web UI; served on the same port when present. */
  webDistDir: string;
  /** Secure cookies (HTTPS). Defaults to on in production. */
  cookieSecure: boolean;
  /**
   * The platform's public origin (no trailing slash), for links that leave the platform: the QR mark of a project code
   * and the lookup URL printed on documents. Default http://localhost:PORT (demo); set it behind a proxy or domain.
   */
  publicBaseUrl: string;
  /** 行政许可法 art.32: a 补正 notice is due within this many working days of receipt (5; some places 2), else accepted. */
  correctionNoticeWorkingDays: number;
  /** A running case turns yellow when this many working days or fewer are left (issue 5 §5). */
  clockYellowWorkingDays: number;
  /**
   * 建设进度 reporting (DOMAIN.md §7, schedule [U]: monthly is common for 重大项目, some provinces annual): the period,
   * the day of the month after a period by which its report is due, and how many days before that the unit is reminded.
   */
  constructionProgressInterval: ProgressInterval;
  constructionProgressDueDay: number;
  constructionReminderDays: number;
  /**
   * A 核准 document must see construction start within its validity (条例673 art.12; an extension is requested 30
   * working days before expiry at the latest): its holder is reminded this many working days before the end when no
   * 开工 was reported (0: never). [U] — a local choice, 40 leaves two weeks before the art.12 deadline.
   */
  decisionExpiryReminderWorkingDays: number;
  /** How often the approval sweeps run (补正 auto-acceptance, clock warnings, 容缺 deadlines). */
  approvalSweepSeconds: number;
  /** How often the supervision deltas are folded into the dashboard aggregates (ADR 0006). */
  supervisionFoldSeconds: number;
  /**
   * How long a process keeps a computed supervisor dashboard per scope (ADR 0006); past half of it the next request
   * refreshes it in the background. 0: computed on every request. At most 4,000 ms (the figures' 5 s freshness bound).
   */
  supervisionDashboardCacheMilliseconds: number;
  /**
   * How long a process reuses the total of a staff search for the same filters and scope (issue 6): paging through a
   * result, and other users with the same filters, do not count again. 0: counted on every request.
   */
  searchCountCacheSeconds: number;
  /** Hex SM2 private key signing e-licences; generated under DATA_DIR/keys when unset (not for production). */
  licenceSigningKey: string | undefined;
  /** Former licence public keys still trusted by verification (key rotation, ADR 0005): uncompressed SM2, hex. */
  licenceTrustedPublicKeys: string[];
  /** Largest accepted upload, bytes. */
  uploadMaxBytes: number;
  /** SMS gateway (HTTP POST JSON {to, text}); unset → SMS go to the log/outbox channel only. */
  smsGatewayUrl: string | undefined;
  /** E-mail gateway (HTTP POST JSON {to, subject, text}); unset → e-mails go to the log/outbox channel only. */
  emailGatewayUrl: string | undefined;
  /**
   * TEST-ONLY, UNSAFE (UNSAFE_ACK_BEFORE_COMMIT=true; refused when NODE_ENV=production; off by default): creating a
   * project answers 2xx before its transaction commits (the commit follows ~300 ms later). It exists only so the crash
   * test (`npm run test:crash`) can prove that it detects acknowledged-but-lost submissions. Never turn it on elsewhere.
   */
  unsafeAckBeforeCommit: boolean;
}

export const DEFAULT_DEMO_PASSWORD = 'Yiwang@2026';

export class ConfigError extends Error {}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

/** Reads and validates the environment; throws ConfigError with every problem named, so the process fails at boot. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const auditSigningKey = env.AUDIT_SIGNING_KEY || undefined;
  if (auditSigningKey && !/^[0-9a-fA-F]{64}$/.test(auditSigningKey)) {
    throw new ConfigError('AUDIT_SIGNING_KEY must be a 64-hex-digit SM2 private key');
  }
  if (nodeEnv === 'production' && !auditSigningKey) {
    throw new ConfigError('AUDIT_SIGNING_KEY is required in production (checkpoints must be signed by a managed key)');
  }
  const licenceSigningKey = env.LICENCE_SIGNING_KEY || undefined;
  if (licenceSigningKey && !/^[0-9a-fA-F]{64}$/.test(licenceSigningKey)) {
    throw new ConfigError('LICENCE_SIGNING_KEY must be a 64-hex-digit SM2 private key');
  }
  if (nodeEnv === 'production' && !licenceSigningKey) {
    throw new ConfigError('LICENCE_SIGNING_KEY is required in production (e-licences must be signed by a managed key)');
  }
  // ADR 0005, key rotation: the public keys of former licence keys, so that the licences they signed still verify.
  const licenceTrustedPublicKeys = (env.LICENCE_TRUSTED_PUBLIC_KEYS ?? '')
    .split(/[\s,]+/)
    .filter((key) => key !== '')
    .map((key) => key.toLowerCase());
  for (const key of licenceTrustedPublicKeys) {
    if (!/^04[0-9a-f]{128}$/.test(key)) {
      throw new ConfigError(
        'LICENCE_TRUSTED_PUBLIC_KEYS must list uncompressed SM2 public keys (04 and 128 hex digits), comma-separated',
      );
    }
  }
  const gatewayUrl = (name: string) => {
    const value = env[name] || undefined;
    if (value && !/^https?:\/\/\S+$/.test(value)) throw new ConfigError(`${name} must be an http(s) URL`);
    return value;
  };
  const prepared = env.DATABASE_PREPARED_STATEMENTS || 'true';
  if (prepared !== 'true' && prepared !== 'false') {
    throw new ConfigError(`DATABASE_PREPARED_STATEMENTS must be true or false, got "${prepared}"`);
  }
  const pipelinedReads = env.DATABASE_PIPELINED_READS || 'true';
  if (pipelinedReads !== 'true' && pipelinedReads !== 'false') {
    throw new ConfigError(`DATABASE_PIPELINED_READS must be true or false, got "${pipelinedReads}"`);
  }
  const unsafeAck = env.UNSAFE_ACK_BEFORE_COMMIT || 'false';
  if (unsafeAck !== 'true' && unsafeAck !== 'false') {
    throw new ConfigError(`UNSAFE_ACK_BEFORE_COMMIT must be true or false, got "${unsafeAck}"`);
  }
  const constructionProgressInterval = (env.CONSTRUCTION_PROGRESS_INTERVAL || 'monthly') as ProgressInterval;
  if (!(PROGRESS_INTERVALS as readonly string[]).includes(constructionProgressInterval)) {
    throw new ConfigError(
      `CONSTRUCTION_PROGRESS_INTERVAL must be ${PROGRESS_INTERVALS.join(', ')}, got "${constructionProgressInterval}"`,
    );
  }
  const staffSecondFactor = env.STAFF_SECOND_FACTOR || (nodeEnv === 'production' ? 'required' : 'optional');
  if (staffSecondFactor !== 'required' && staffSecondFactor !== 'optional') {
    throw new ConfigError(`STAFF_SECOND_FACTOR must be required or optional, got "${staffSecondFactor}"`);
  }
  if (unsafeAck === 'true' && nodeEnv === 'production') {
    throw new ConfigError('UNSAFE_ACK_BEFORE_COMMIT is a test-only mode that loses data; it is refused in production');
  }
  const passwordMinLength = readInt(env, 'PASSWORD_MIN_LENGTH', 8, 8, 128);
  const demoPassword = env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  if (demoPassword.length < passwordMinLength) {
    throw new ConfigError(`DEMO_PASSWORD must be at least ${passwordMinLength} characters`);
  }
  const repoRoot = path.resolve(import.meta.dirname, '../../../..');
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicBaseUrl)) {
    throw new ConfigError(`PUBLIC_BASE_URL must be an http(s) URL without query or fragment, got "${publicBaseUrl}"`);
  }
  return {
    nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.DATA_DIR || './data'),
    databaseUrl,
    databasePreparedStatements: prepared === 'true',
    databasePipelinedReads: pipelinedReads === 'true',
    databaseSharedPageConnections: readInt(env, 'DATABASE_SHARED_PAGE_CONNECTIONS', 2, 0, 16),
    serverWorkers: readServerWorkers(env, databaseUrl),
    heapGrowingPercent: readInt(env, 'HEAP_GROWING_PERCENT', 50, 0, 400),
    demoPassword,
    demoPasswordIsDefault: !env.DEMO_PASSWORD,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    maxFailedLogins: readInt(env, 'MAX_FAILED_LOGINS', 5, 1, 100),
    lockoutMinutes: readInt(env, 'LOCKOUT_MINUTES', 30, 1, 24 * 60),
    sessionIdleMinutes: readInt(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: readInt(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    passwordMinLength,
    authRateLimitPerMinute: readInt(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 30, 1, 100_000),
    publicRateLimitPerMinute: readInt(env, 'PUBLIC_RATE_LIMIT_PER_MINUTE', 300, 0, 100_000_000),
    staffSecondFactor,
    passwordMaxAgeDays: readInt(env, 'PASSWORD_MAX_AGE_DAYS', nodeEnv === 'production' ? 90 : 0, 0, 3650),
    passwordHistoryCount: readInt(env, 'PASSWORD_HISTORY_COUNT', nodeEnv === 'production' ? 5 : 0, 0, 24),
    accountInactiveDays: readInt(env, 'ACCOUNT_INACTIVE_DAYS', nodeEnv === 'production' ? 180 : 0, 0, 3650),
    passwordInitialMustChange: readBoolean(env, 'PASSWORD_INITIAL_MUST_CHANGE', nodeEnv === 'production'),
    auditCheckpointSeconds: readInt(env, 'AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400),
    auditSealMilliseconds: readInt(env, 'AUDIT_SEAL_MILLISECONDS', 200, 10, 60_000),
    auditUnsealedAlertSeconds: readInt(env, 'AUDIT_UNSEALED_ALERT_SECONDS', 60, 5, 86_400),
    auditSigningKey,
    webDistDir: path.resolve(cwd, env.WEB_DIST_DIR || path.join(repoRoot, 'apps/web/dist')),
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : nodeEnv === 'production',
    publicBaseUrl,
    correctionNoticeWorkingDays: readInt(env, 'CORRECTION_NOTICE_WORKING_DAYS', 5, 1, 30),
    clockYellowWorkingDays: readInt(env, 'CLOCK_YELLOW_WORKING_DAYS', 2, 0, 60),
    approvalSweepSeconds: readInt(env, 'APPROVAL_SWEEP_SECONDS', 60, 1, 86_400),
    constructionProgressInterval,
    constructionProgressDueDay: readInt(env, 'CONSTRUCTION_PROGRESS_DUE_DAY', 10, 1, 28),
    constructionReminderDays: readInt(env, 'CONSTRUCTION_REMINDER_DAYS', 5, 0, 27),
    decisionExpiryReminderWorkingDays: readInt(env, 'DECISION_EXPIRY_REMINDER_WORKING_DAYS', 40, 0, 250),
    supervisionFoldSeconds: readInt(env, 'SUPERVISION_FOLD_SECONDS', 1, 1, 60),
    supervisionDashboardCacheMilliseconds: readInt(env, 'SUPERVISION_DASHBOARD_CACHE_MILLISECONDS', 2000, 0, 4000),
    searchCountCacheSeconds: readInt(env, 'SEARCH_COUNT_CACHE_SECONDS', 30, 0, 3600),
    licenceSigningKey,
    licenceTrustedPublicKeys,
    uploadMaxBytes: readInt(env, 'UPLOAD_MAX_BYTES', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    smsGatewayUrl: gatewayUrl('SMS_GATEWAY_URL'),
    emailGatewayUrl: gatewayUrl('EMAIL_GATEWAY_URL'),
    unsafeAckBeforeCommit: unsafeAck === 'true',
  };
}

function readServerWorkers(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): number {
  const workers = readInt(env, 'SERVER_WORKERS', 1, 1, 64);
  if (workers > 1 && !databaseUrl) {
    throw new ConfigError(
      'SERVER_WORKERS > 1 需要 PostgreSQL（DATABASE_URL）：内嵌数据库只允许一个进程 / SERVER_WORKERS > 1 needs PostgreSQL (DATABASE_URL): the embedded database allows one process',
    );
  }
  return workers;
}
