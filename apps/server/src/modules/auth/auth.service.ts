import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { sm3Hex } from '../../lib/crypto.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { type DepartmentStep, users } from '../../db/schema/index.ts';

type UserRow = typeof users.$inferSelect;
import {
  checkPasswordStrength,
  hashPassword,
  isPasswordChangeDue,
  verifyAgainstDummy,
  verifyPassword,
} from './password.ts';
import * as repo from './session.repository.ts';
import * as unknownLogins from './unknown-logins.repository.ts';
import { removeTotp } from './second-factor.repository.ts';
import { issueSignInChallenge, needsSecondFactor, type SecondFactorChallenge } from './second-factor.service.ts';
import {
  openSession,
  recordSignInFailure,
  recordSignInRefusal,
  type OpenedSession,
  type SignInRequest,
} from './sign-in-session.ts';
import { findAccountByUsername, setPasswordHash } from '../users/users.service.ts';
import type { Tx } from '../../db/database.ts';

export const API_KEY_PREFIX = 'ywk_';
/** Refresh last_seen_at at most this often: the idle timeout needs minute precision, not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** A session, or — for an account with a second factor — the challenge its code must answer. */
export type LoginResult = ({ kind: 'session' } & OpenedSession) | ({ kind: 'challenge' } & SecondFactorChallenge);

/**
 * Signs in with username and password. 等保 2.0 §8.1.4.1 b (登录失败处理): after `maxFailedLogins` consecutive failures
 * the account is locked for `lockoutMinutes`, whichever IP the attempts come from; every attempt is audited. Unknown
 * usernames get the answers a wrong password gets, lock included (`unknownUserRefused`): the answers do not tell which
 * usernames exist.
 */
export async function login(
  ctx: AppContext,
  input: { username: string; password: string },
  request: SignInRequest,
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const user = await findAccountByUsername(ctx.db, input.username);
  const auditContext: AuditContext = {
    actorId: user?.id ?? null,
    actorUsername: user?.username ?? input.username.slice(0, 64),
    actorRole: user?.role ?? null,
    requestId: request.requestId,
    ip: request.ip,
  };
  // 等保 8.1.4.3 a: every sign-in attempt is audited, including those refused before the password is checked.
  const auditRefusal = (reason: string) => recordSignInRefusal(ctx, auditContext, user?.id ?? null, reason);
  if (!user) return unknownUserRefused(ctx, input, auditContext);
  if (user.lockedUntil && user.lockedUntil > now) {
    await auditRefusal('locked');
    throw new AppError('AUTH_ACCOUNT_LOCKED', { extra: { lockedUntil: user.lockedUntil.toISOString() } });
  }
  const isPasswordRight = await verifyPassword(user.passwordHash, input.password);
  if (!isPasswordRight) {
    const lockedUntil = await recordSignInFailure(ctx, user, auditContext, 'password');
    if (lockedUntil) throw new AppError('AUTH_ACCOUNT_LOCKED', { extra: { lockedUntil: lockedUntil.toISOString() } });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  // Checked after the password: only whoever holds it learns that the account is disabled (and why sign-in fails).
  // To anyone else a disabled account answers as every account, and every unknown name, answers a wrong password —
  // 401, locked after MAX_FAILED_LOGINS, after the same password verification — so the answers (and their timing)
  // do not tell which usernames exist (ADR 0004).
  if (user.status !== 'active') {
    await auditRefusal('disabled');
    throw new AppError('AUTH_ACCOUNT_DISABLED');
  }
  if (user.isDemo && ctx.config.nodeEnv === 'production') {
    await auditRefusal('demo_account_in_production');
    throw new AppError('AUTH_DEMO_ACCOUNT_REFUSED');
  }

  // 等保 8.1.4.1 d: a right password is only the first factor where the account has (or must have) a second one.
  if (needsSecondFactor(ctx.config, user)) {
    return { kind: 'challenge', ...(await issueSignInChallenge(ctx, user, auditContext, request)) };
  }
  const session = await runAuditedTransaction(ctx.db, ctx.clock, auditContext, (tx, recordAudit) =>
    openSession(ctx, tx, recordAudit, user, request),
  );
  return { kind: 'session', ...session };
}

/**
 * A sign-in under a username of no account. Answered as a wrong password would be — the same work (a password
 * verification against a dummy hash), 401, and after `maxFailedLogins` consecutive failures 423 with `lockedUntil` for
 * `lockoutMinutes` — counted per lower-cased name in unknown_login_attempts, as an account's failures are in users.
 * Before, an unknown name never locked, so a 423 told that the name was an account's.
 */
async function unknownUserRefused(
  ctx: AppContext,
  input: { username: string; password: string },
  auditContext: AuditContext,
): Promise<never> {
  const now = ctx.clock.now();
  const usernameKey = input.username.toLowerCase();
  const attempts = await unknownLogins.findUnknownLoginAttempts(ctx.db, usernameKey);
  if (attempts?.lockedUntil && attempts.lockedUntil > now) {
    await recordSignInRefusal(ctx, auditContext, null, 'locked');
    throw new AppError('AUTH_ACCOUNT_LOCKED', { extra: { lockedUntil: attempts.lockedUntil.toISOString() } });
  }
  await verifyAgainstDummy(input.password);
  const failures = (attempts?.failedCount ?? 0) + 1;
  const locks = failures >= ctx.config.maxFailedLogins;
  const lockedUntil = locks ? new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000) : null;
  await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    await unknownLogins.saveUnknownLoginAttempts(tx, {
      usernameKey,
      failedCount: locks ? 0 : failures,
      lockedUntil: lockedUntil ?? attempts?.lockedUntil ?? null,
      updatedAt: now,
    });
    await recordAudit({
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: null,
      after: { reason: 'unknown_user', failures },
    });
  });
  if (lockedUntil) throw new AppError('AUTH_ACCOUNT_LOCKED', { extra: { lockedUntil: lockedUntil.toISOString() } });
  throw new AppError('AUTH_INVALID_CREDENTIALS');
}

/** Hourly housekeeping (app.ts): failures under unknown usernames untouched for 30 days, their lock passed. */
export async function purgeUnknownLoginAttempts(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<number> {
  return unknownLogins.purgeUnknownLoginAttempts(ctx.db, ctx.clock.now());
}

export async function logout(ctx: AppContext, actor: Actor, auditContext: AuditContext): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    await repo.revokeSession(tx, sessionId, ctx.clock.now());
    await recordAudit({ action: 'auth.logout', targetType: 'session', targetId: sessionId });
  });
}

/** Ends every session of an account (disabled, password reset) inside the caller's transaction. */
export async function revokeUserSessions(tx: Tx, userId: string, at: Date): Promise<void> {
  await repo.revokeSessionsOfUser(tx, userId, at);
}

/**
 * A lost authenticator, reset by the security admin or the operator, inside the caller's audited transaction: the key,
 * the half-done sign-ins waiting for its codes and every session of the account end.
 */
export async function resetSecondFactorOf(tx: Tx, userId: string, at: Date): Promise<void> {
  await removeTotp(tx, userId, at);
  await repo.revokeSessionsOfUser(tx, userId, at);
}

function toActor(
  user: UserRow,
  via: Actor['via'],
  ids: { sessionId: string | null; apiKeyId: string | null },
  passwordChangeDue = false,
): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentSteps: user.departmentSteps as DepartmentStep[],
    regionCode: user.regionCode,
    departmentId: user.departmentId,
    via,
    ...ids,
    passwordChangeDue,
  };
}

/**
 * Resolves a bearer credential — a session token or an API key — to the acting account. Expired, idle, revoked
 * credentials and disabled accounts are refused (ASVS 7.4.2: disabling an account kills its sessions).
 */
export async function authenticateToken(ctx: AppContext, token: string, via: 'session' | 'bearer'): Promise<Actor> {
  const now = ctx.clock.now();
  if (token.startsWith(API_KEY_PREFIX)) return authenticateApiKey(ctx, token);
  const found = await repo.findSessionWithUser(ctx.db, sm3Hex(token));
  if (!found || found.session.revokedAt) throw new AppError('AUTH_REQUIRED');
  const { session, user } = found;
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleMs) {
    await repo.revokeSession(ctx.db, session.id, now);
    throw new AppError('AUTH_SESSION_EXPIRED');
  }
  if (user.status !== 'active') throw new AppError('AUTH_ACCOUNT_DISABLED');
  if (user.isDemo && ctx.config.nodeEnv === 'production') throw new AppError('AUTH_DEMO_ACCOUNT_REFUSED');
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS)
    await repo.touchSession(ctx.db, session.id, now);
  const passwordChangeDue = isPasswordChangeDue(user, ctx.config.passwordMaxAgeDays, now);
  return toActor(user, via, { sessionId: session.id, apiKeyId: null }, passwordChangeDue);
}

export async function authenticateApiKey(ctx: AppContext, key: string): Promise<Actor> {
  const now = ctx.clock.now();
  const found = await repo.findApiKeyWithUser(ctx.db, sm3Hex(key));
  if (!found || found.apiKey.revokedAt || (found.apiKey.expiresAt && found.apiKey.expiresAt <= now)) {
    throw new AppError('AUTH_REQUIRED');
  }
  if (found.user.status !== 'active') throw new AppError('AUTH_ACCOUNT_DISABLED');
  const lastUsed = found.apiKey.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - lastUsed > TOUCH_INTERVAL_MS) await repo.touchApiKey(ctx.db, found.apiKey.id, now);
  return toActor(found.user, 'apiKey', { sessionId: null, apiKeyId: found.apiKey.id });
}

/**
 * Changes the actor's own password: the current one must be given, the new one must meet the policy and differ, and
 * every other session of the account ends (a stolen session does not survive a password change).
 */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await findAccountByUsername(ctx.db, actor.username);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw AppError.invalidField('currentPassword', '当前密码不正确', 'current password is wrong');
  }
  const weak = await checkPasswordStrength(
    input.newPassword,
    { minLength: ctx.config.passwordMinLength },
    user.username,
  );
  if (weak) throw AppError.invalidField('newPassword', weak.message, weak.messageEn);
  if (input.newPassword === input.currentPassword) {
    throw AppError.invalidField('newPassword', '新密码不能与当前密码相同', 'must differ from the current password');
  }
  // 等保 8.1.4.1 a: not one of the last PASSWORD_HISTORY_COUNT either (a verification per former hash, ~50 ms each).
  const keep = ctx.config.passwordHistoryCount;
  for (const former of await repo.findPasswordHistory(ctx.db, user.id, keep)) {
    if (await verifyPassword(former, input.newPassword)) {
      throw AppError.invalidField(
        'newPassword',
        `新密码不能与最近 ${keep} 次使用过的密码相同`,
        `must differ from your last ${keep} passwords`,
      );
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const now = ctx.clock.now();
    await repo.recordReplacedPassword(tx, user.id, user.passwordHash, now, keep);
    await setPasswordHash(tx, user.id, passwordHash, now);
    await repo.revokeOtherSessions(tx, user.id, actor.sessionId, now);
    await recordAudit({ action: 'auth.password_changed', targetType: 'user', targetId: user.id });
  });
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** 账户安全 → 登录设备: the account's live sessions, so its holder can see where it is signed in (ASVS 7.5.2). */
export async function listOwnSessions(ctx: AppContext, actor: Actor): Promise<SessionView[]> {
  const rows = await repo.findLiveSessions(ctx.db, actor.id, ctx.clock.now(), ctx.config.sessionIdleMinutes * 60_000);
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    ip: row.ip,
    userAgent: row.userAgent,
    current: row.id === actor.sessionId,
  }));
}

/** Signs one of the account's own sessions out (a browser left signed in elsewhere); 404 for any other session. */
export async function revokeOwnSession(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  sessionId: string,
): Promise<void> {
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    if (!(await repo.revokeSessionOfUser(tx, actor.id, sessionId, ctx.clock.now()))) throw new AppError('NOT_FOUND');
    await recordAudit({ action: 'auth.session_revoked', targetType: 'session', targetId: sessionId });
  });
}

/** Signs every other session of the account out, keeping this one; how many ended. */
export async function revokeOtherOwnSessions(ctx: AppContext, actor: Actor, audit: AuditContext): Promise<number> {
  return runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const ended = await repo.revokeOtherSessions(tx, actor.id, actor.sessionId, ctx.clock.now());
    await recordAudit({ action: 'auth.sessions_revoked', targetType: 'user', targetId: actor.id, after: { ended } });
    return ended;
  });
}
