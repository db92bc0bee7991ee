import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enterprises } from './enterprises.ts';
import { departments, regions } from './organisations.ts';

export const ROLES = [
  'applicant',
  'agent',
  'window',
  'department',
  'supervisor',
  'bank',
  'intermediary',
  'sysAdmin',
  'secAdmin',
  'auditAdmin',
] as const;
export type Role = (typeof ROLES)[number];

/** Internal steps of a department's handling of a matter: 承办 → 审核 → 签发. */
export const DEPARTMENT_STEPS = ['undertake', 'review', 'sign'] as const;
export type DepartmentStep = (typeof DEPARTMENT_STEPS)[number];

/**
 * One role per account: 等保 2.0 §8.1.5 三员分立 forbids one account holding two of the three admin roles, and the
 * simplest schema that makes that impossible is a single-valued role column.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    departmentSteps: text('department_steps')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    departmentId: uuid('department_id').references(() => departments.id),
    /** The 项目单位 an applicant account belongs to (set by enterprise self-registration); null for everyone else. */
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    isDemo: boolean('is_demo').notNull().default(false),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The password was set by someone else (the system admin opening the account) and must be changed at the next
     * sign-in before anything else (PASSWORD_INITIAL_MUST_CHANGE; 等保 8.1.4.1 a). Cleared by the holder's own change.
     */
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /**
     * Second sign-in factor (等保 §8.1.4.1 d): the TOTP key, SM4-encrypted (lib/field-encryption.ts); null until the
     * account enrols. `totp_last_step` is the time step of the last code accepted: a code at or before it is refused,
     * so each code works once (ASVS 6.5.1), also when two requests race (the update is conditional on it).
     */
    totpSecret: text('totp_secret'),
    totpEnrolledAt: timestamp('totp_enrolled_at', { withTimezone: true }),
    totpLastStep: integer('totp_last_step'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_lower_uq').on(sql`lower(${t.username})`),
    index('users_region_idx').on(t.regionCode),
    index('users_enterprise_idx').on(t.enterpriseId),
  ],
);

/**
 * Server-side sessions. Only the SM3 hash of the bearer token is stored, so a database dump does not hand out live
 * sessions. Idle and absolute timeouts are enforced on every request (等保 8.1.4.1 b: 登录连接超时自动退出).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('sessions_token_hash_uq').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

/** API keys for machine clients (department systems, the upstream platform). A key acts as its owner account. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash), index('api_keys_user_idx').on(t.userId)],
);

/**
 * The hashes of an account's former passwords, newest first, so a change cannot go back to one of the last
 * PASSWORD_HISTORY_COUNT (等保 8.1.4.1 a 定期更换: a rotation that allows the same password again rotates nothing).
 * Only argon2id hashes, as the current one; older entries are deleted as new ones come.
 */
export const passwordHistory = pgTable(
  'password_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    passwordHash: text('password_hash').notNull(),
    replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('password_history_user_idx').on(t.userId, t.replacedAt.desc().nullsFirst())],
);

/**
 * A sign-in half done: the password was right and the account must now give its second factor (`totp`), or enrol one
 * (`enrol`: the key it is shown waits here, encrypted, until a code from it proves the app holds it). Also used by a
 * signed-in account setting up its factor from 账户安全 (`setup`). Only the SM3 hash of the challenge token is stored;
 * a challenge lives five minutes and is used once.
 */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose', { enum: ['totp', 'enrol', 'setup'] }).notNull(),
    pendingSecret: text('pending_secret'),
    failedCount: integer('failed_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    ip: text('ip'),
  },
  (t) => [
    uniqueIndex('login_challenges_token_hash_uq').on(t.tokenHash),
    index('login_challenges_user_idx').on(t.userId),
  ],
);

/**
 * Failed sign-ins under usernames that belong to no account, counted as an account's are (users.failed_login_count,
 * locked_until), so that the answers — 401, then 423 with `lockedUntil` after `MAX_FAILED_LOGINS` failures — do not
 * tell which usernames exist. Keyed by the lower-cased name (usernames are unique case-insensitively). Rows whose lock
 * has passed are purged hourly with the idempotency keys.
 */
export const unknownLoginAttempts = pgTable('unknown_login_attempts', {
  usernameKey: text('username_key').primaryKey(),
  failedCount: integer('failed_count').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
