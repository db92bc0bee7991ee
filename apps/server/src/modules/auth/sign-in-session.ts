import type { AppContext } from '../../lib/app-context.ts';
import { randomToken, sm3Hex } from '../../lib/crypto.ts';
import type { users } from '../../db/schema/index.ts';
import { runAuditedTransaction, type AuditContext, type RecordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../../db/database.ts';
import { updateLoginState } from '../users/users.service.ts';
import * as repo from './session.repository.ts';

/**
 * The two ends of a sign-in shared by the password step (auth.service.ts) and the second-factor step
 * (second-factor.service.ts): opening the session once every factor is given, and counting a wrong one towards the
 * account's lock (等保 2.0 §8.1.4.1 b: 限制非法登录次数 — a wrong code counts as a wrong password does, so the six-digit
 * code cannot be guessed across many sign-ins).
 */
type UserRow = typeof users.$inferSelect;

export const SESSION_TOKEN_PREFIX = 'yws_';

export interface SignInRequest {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface OpenedSession {
  token: string;
  expiresAt: Date;
  userId: string;
}

/** Inside the caller's audited transaction: a new session, the failure count cleared, the `auth.login` audit row. */
export async function openSession(
  ctx: AppContext,
  tx: Tx,
  recordAudit: RecordAudit,
  user: UserRow,
  request: SignInRequest,
  auditAfter?: Record<string, unknown>,
): Promise<OpenedSession> {
  const now = ctx.clock.now();
  const token = randomToken(SESSION_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionAbsoluteHours * 3_600_000);
  const session = await repo.insertSession(tx, {
    tokenHash: sm3Hex(token),
    userId: user.id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 512) ?? null,
  });
  await updateLoginState(tx, user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
  await recordAudit({
    action: 'auth.login',
    targetType: 'session',
    targetId: session.id,
    ...(auditAfter ? { after: auditAfter } : {}),
  });
  return { token, expiresAt, userId: user.id };
}

/**
 * One more consecutive failure on the account, audited (`auth.login_failed` with `reason`, and `auth.account_locked`
 * when it reaches MAX_FAILED_LOGINS). `inTransaction` adds the caller's own writes (a challenge's count) to the same
 * transaction. Returns the lock's end when this failure locked the account.
 */
export async function recordSignInFailure(
  ctx: AppContext,
  user: UserRow,
  auditContext: AuditContext,
  reason: string,
  inTransaction?: (tx: Tx) => Promise<void>,
): Promise<Date | null> {
  const now = ctx.clock.now();
  const failures = user.failedLoginCount + 1;
  const locks = failures >= ctx.config.maxFailedLogins;
  const lockedUntil = locks ? new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000) : null;
  await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    await updateLoginState(tx, user.id, {
      failedLoginCount: locks ? 0 : failures,
      lockedUntil: lockedUntil ?? user.lockedUntil,
    });
    if (inTransaction) await inTransaction(tx);
    await recordAudit({
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user.id,
      after: { reason, failures },
    });
    if (lockedUntil) {
      await recordAudit({
        action: 'auth.account_locked',
        targetType: 'user',
        targetId: user.id,
        after: { lockedUntil: lockedUntil.toISOString() },
      });
    }
  });
  return lockedUntil;
}

/**
 * A sign-in refused before any factor was counted — the account locked or disabled, a demo account in production, a
 * challenge unknown or expired — audited as `auth.login_failed` with the reason (等保 8.1.4.3 a: every attempt).
 */
export async function recordSignInRefusal(
  ctx: AppContext,
  auditContext: AuditContext,
  userId: string | null,
  reason: string,
): Promise<void> {
  await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (_tx, recordAudit) => {
    await recordAudit({ action: 'auth.login_failed', targetType: 'user', targetId: userId, after: { reason } });
  });
}
