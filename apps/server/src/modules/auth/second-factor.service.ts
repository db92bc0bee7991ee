import QRCode from 'qrcode';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppConfig } from '../../config/env.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { randomToken, sm3Hex } from '../../lib/crypto.ts';
import { fieldEncryptorFor } from '../../lib/field-encryption.ts';
import { generateTotpSecret, matchTotpStep, otpauthUri } from '../../lib/totp.ts';
import type { Role, users } from '../../db/schema/index.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { findAccountByUsername } from '../users/users.service.ts';
import { verifyPassword } from './password.ts';
import * as repo from './second-factor.repository.ts';
import {
  openSession,
  recordSignInFailure,
  recordSignInRefusal,
  type OpenedSession,
  type SignInRequest,
} from './sign-in-session.ts';

/**
 * The second sign-in factor (等保 2.0 §8.1.4.1 d 「两种或两种以上组合的鉴别技术，且其中一种至少使用密码技术」;
 * 密评 GB/T 39786 §8.4 a 动态口令; ASVS 6.3.2, 6.5.1, 6.5.5; ADR 0004): a TOTP code from an authenticator app.
 *
 * - At sign-in (POST /api/auth/login) a right password of an account with a factor, or of a staff account when
 *   `STAFF_SECOND_FACTOR=required`, opens no session: it answers a challenge, and POST /api/auth/login/second-factor
 *   completes it with a code. A staff account without a factor under `required` is shown a new key with the challenge
 *   (`enrol`) and enrols by giving its first code.
 * - Signed in, an account may set up a factor from 账户安全 (password again first, ASVS 7.5.1) and, where the policy
 *   allows, remove it (password and a code).
 * - The security admin resets the factor of an account that lost its phone (users.service.ts); the operator does it
 *   for the three admin accounts (`npm run admin:reset-second-factor`).
 */
type UserRow = typeof users.$inferSelect;

/** Staff and the three admins: the accounts 等保 asks a second factor of when the policy says `required`. */
export const STAFF_ROLES: readonly Role[] = [
  'window',
  'department',
  'supervisor',
  'sysAdmin',
  'secAdmin',
  'auditAdmin',
];
const CHALLENGE_PREFIX = 'ywc_';
const CHALLENGE_MINUTES = 5;
/** Wrong codes one challenge takes before it is used up (each also counts towards the account's lock). */
const CHALLENGE_MAX_FAILURES = 5;
/** The name an authenticator app shows for the entry. */
const TOTP_ISSUER = '一网 Yiwang';

export function secondFactorRequired(config: Pick<AppConfig, 'staffSecondFactor'>, role: Role): boolean {
  return config.staffSecondFactor === 'required' && STAFF_ROLES.includes(role);
}

/** Whether a right password opens a session at once, or must be followed by a code (or an enrolment). */
export function needsSecondFactor(config: Pick<AppConfig, 'staffSecondFactor'>, user: UserRow): boolean {
  return user.totpSecret !== null || secondFactorRequired(config, user.role);
}

/** A key shown to its holder to put into the authenticator app: typed, or scanned from the QR code. */
export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as an SVG QR code. */
  qrSvg: string;
}

export interface SecondFactorChallenge {
  secondFactor: 'totp' | 'enrol';
  challenge: string;
  challengeExpiresAt: Date;
  enrolment?: TotpEnrolment;
}

async function newEnrolment(accountName: string): Promise<TotpEnrolment> {
  const secret = generateTotpSecret();
  const uri = otpauthUri({ issuer: TOTP_ISSUER, accountName, secretBase32: secret });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri: uri, qrSvg };
}

async function createChallenge(
  ctx: AppContext,
  auditContext: AuditContext,
  user: UserRow,
  purpose: 'totp' | 'enrol' | 'setup',
  ip: string | null,
): Promise<SecondFactorChallenge> {
  const now = ctx.clock.now();
  const enrolment = purpose === 'totp' ? undefined : await newEnrolment(user.username);
  const token = randomToken(CHALLENGE_PREFIX);
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    const challenge = await repo.insertChallenge(tx, {
      tokenHash: sm3Hex(token),
      userId: user.id,
      purpose,
      pendingSecret: enrolment ? fieldEncryptorFor(ctx).encrypt(enrolment.secret) : null,
      createdAt: now,
      expiresAt,
      ip,
    });
    await recordAudit({
      action: 'auth.second_factor_challenged',
      targetType: 'user',
      targetId: user.id,
      after: { purpose, challengeId: challenge.id },
    });
  });
  return {
    secondFactor: purpose === 'totp' ? 'totp' : 'enrol',
    challenge: token,
    challengeExpiresAt: expiresAt,
    ...(enrolment ? { enrolment } : {}),
  };
}

/** The password was right: ask for the code, or for an enrolment when the account has no factor yet. */
export function issueSignInChallenge(
  ctx: AppContext,
  user: UserRow,
  auditContext: AuditContext,
  request: SignInRequest,
): Promise<SecondFactorChallenge> {
  return createChallenge(ctx, auditContext, user, user.totpSecret ? 'totp' : 'enrol', request.ip);
}

/** An open challenge of `purpose`, or null (unknown, used, expired, or another kind). */
async function findOpenChallenge(ctx: AppContext, token: string, purposes: readonly repo.ChallengeRow['purpose'][]) {
  const found = await repo.findChallengeWithUser(ctx.db, sm3Hex(token));
  if (!found) return null;
  const { challenge } = found;
  if (challenge.consumedAt || challenge.expiresAt <= ctx.clock.now() || !purposes.includes(challenge.purpose)) {
    return null;
  }
  return found;
}

/** The key a challenge checks codes against: the one being enrolled, or the account's own. */
function challengeSecret(ctx: AppContext, challenge: repo.ChallengeRow, user: UserRow): string | null {
  const encrypted = challenge.purpose === 'totp' ? user.totpSecret : challenge.pendingSecret;
  return encrypted ? fieldEncryptorFor(ctx).decrypt(encrypted) : null;
}

/** Thrown inside the transaction when the code's step was used meanwhile; the transaction rolls back. */
class CodeAlreadyUsed extends Error {}

/**
 * Completes a sign-in with the code. A wrong code, or one already used, counts as a failed sign-in (the account locks
 * at MAX_FAILED_LOGINS); an unknown, used or expired challenge answers AUTH_CHALLENGE_EXPIRED (sign in again).
 */
export async function completeSignIn(
  ctx: AppContext,
  input: { challenge: string; code: string },
  request: SignInRequest,
): Promise<OpenedSession> {
  const now = ctx.clock.now();
  const found = await findOpenChallenge(ctx, input.challenge, ['totp', 'enrol']);
  const auditContext: AuditContext = {
    actorId: found?.user.id ?? null,
    actorUsername: found?.user.username ?? null,
    actorRole: found?.user.role ?? null,
    requestId: request.requestId,
    ip: request.ip,
  };
  const secret = found ? challengeSecret(ctx, found.challenge, found.user) : null;
  if (!found || !secret) {
    await recordSignInRefusal(ctx, auditContext, found?.user.id ?? null, 'challenge_invalid');
    throw new AppError('AUTH_CHALLENGE_EXPIRED');
  }
  const { challenge, user } = found;
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordSignInRefusal(ctx, auditContext, user.id, 'locked');
    throw new AppError('AUTH_ACCOUNT_LOCKED', { extra: { lockedUntil: user.lockedUntil.toISOString() } });
  }
  if (user.status !== 'active') {
    await recordSignInRefusal(ctx, auditContext, user.id, 'disabled');
    throw new AppError('AUTH_ACCOUNT_DISABLED');
  }
  const step = matchTotpStep(secret, input.code, now);
  if (step !== null) {
    try {
      return await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
        const enrolling = challenge.purpose === 'enrol';
        const enrol = enrolling ? { encryptedSecret: challenge.pendingSecret!, at: now } : null;
        if (!(await repo.acceptTotpStep(tx, user.id, step, enrol))) throw new CodeAlreadyUsed();
        if (!(await repo.consumeChallenge(tx, challenge.id, now))) throw new AppError('AUTH_CHALLENGE_EXPIRED');
        if (enrolling) {
          await recordAudit({ action: 'auth.second_factor_enrolled', targetType: 'user', targetId: user.id });
        }
        return openSession(ctx, tx, recordAudit, user, request, { secondFactor: 'totp' });
      });
    } catch (error) {
      if (!(error instanceof CodeAlreadyUsed)) throw error;
    }
  }
  const lockedUntil = await recordSignInFailure(ctx, user, auditContext, 'second_factor', (tx) =>
    repo.countChallengeFailure(tx, challenge.id, CHALLENGE_MAX_FAILURES, now),
  );
  if (lockedUntil) throw new AppError('AUTH_ACCOUNT_LOCKED', { extra: { lockedUntil: lockedUntil.toISOString() } });
  throw new AppError('AUTH_SECOND_FACTOR_INVALID');
}

export interface SecondFactorStatus {
  enrolled: boolean;
  enrolledAt: string | null;
  /** The policy asks this account for a factor: it cannot remove it. */
  required: boolean;
}

async function ownAccount(ctx: AppContext, actor: Actor): Promise<UserRow> {
  const user = await findAccountByUsername(ctx.db, actor.username);
  if (!user) throw new AppError('AUTH_REQUIRED');
  return user;
}

export async function secondFactorStatus(ctx: AppContext, actor: Actor): Promise<SecondFactorStatus> {
  const user = await ownAccount(ctx, actor);
  return {
    enrolled: user.totpSecret !== null,
    enrolledAt: user.totpEnrolledAt?.toISOString() ?? null,
    required: secondFactorRequired(ctx.config, user.role),
  };
}

async function requirePassword(user: UserRow, password: string): Promise<void> {
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw AppError.invalidField('currentPassword', '当前密码不正确', 'current password is wrong');
  }
}

/** 账户安全 → 绑定: the password again (ASVS 7.5.1), then a new key to scan; confirmed by its first code. */
export async function startSetup(
  ctx: AppContext,
  actor: Actor,
  auditContext: AuditContext,
  input: { currentPassword: string },
): Promise<SecondFactorChallenge> {
  const user = await ownAccount(ctx, actor);
  await requirePassword(user, input.currentPassword);
  if (user.totpSecret) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED');
  return createChallenge(ctx, auditContext, user, 'setup', auditContext.ip);
}

const wrongCode = () =>
  AppError.invalidField('code', '动态口令不正确或已使用过', 'the code is wrong or was already used');

export async function confirmSetup(
  ctx: AppContext,
  actor: Actor,
  auditContext: AuditContext,
  input: { challenge: string; code: string },
): Promise<SecondFactorStatus> {
  const now = ctx.clock.now();
  const found = await findOpenChallenge(ctx, input.challenge, ['setup']);
  if (!found || found.user.id !== actor.id) {
    throw AppError.invalidField('challenge', '绑定已超时，请重新开始', 'the setup expired; start again');
  }
  const { challenge } = found;
  const step = matchTotpStep(challengeSecret(ctx, challenge, found.user)!, input.code, now);
  if (step === null) {
    await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
      await repo.countChallengeFailure(tx, challenge.id, CHALLENGE_MAX_FAILURES, now);
      await recordAudit({
        action: 'auth.second_factor_failed',
        targetType: 'user',
        targetId: actor.id,
        after: { purpose: 'setup' },
      });
    });
    throw wrongCode();
  }
  await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    const enrol = { encryptedSecret: challenge.pendingSecret!, at: now };
    if (!(await repo.acceptTotpStep(tx, actor.id, step, enrol))) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED');
    if (!(await repo.consumeChallenge(tx, challenge.id, now))) {
      throw AppError.invalidField('challenge', '绑定已超时，请重新开始', 'the setup expired; start again');
    }
    await recordAudit({ action: 'auth.second_factor_enrolled', targetType: 'user', targetId: actor.id });
  });
  return secondFactorStatus(ctx, actor);
}

/** 账户安全 → 解除: only where the policy does not require a factor; the password and a fresh code. */
export async function removeOwnSecondFactor(
  ctx: AppContext,
  actor: Actor,
  auditContext: AuditContext,
  input: { currentPassword: string; code: string },
): Promise<SecondFactorStatus> {
  const now = ctx.clock.now();
  const user = await ownAccount(ctx, actor);
  if (secondFactorRequired(ctx.config, user.role)) throw new AppError('SECOND_FACTOR_REQUIRED_BY_POLICY');
  if (!user.totpSecret) throw new AppError('SECOND_FACTOR_NOT_ENROLLED');
  await requirePassword(user, input.currentPassword);
  const step = matchTotpStep(fieldEncryptorFor(ctx).decrypt(user.totpSecret), input.code, now);
  await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    if (step === null || !(await repo.acceptTotpStep(tx, user.id, step, null))) throw wrongCode();
    await repo.removeTotp(tx, user.id, now);
    await recordAudit({ action: 'auth.second_factor_removed', targetType: 'user', targetId: user.id });
  });
  return secondFactorStatus(ctx, actor);
}

/** Hourly housekeeping (app.ts). */
export function purgeExpiredChallenges(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<number> {
  return repo.purgeExpiredChallenges(ctx.db, ctx.clock.now());
}
