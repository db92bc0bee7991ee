import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { loginChallenges, users } from '../../db/schema/index.ts';

export type ChallengeRow = typeof loginChallenges.$inferSelect;
type UserRow = typeof users.$inferSelect;

export async function insertChallenge(tx: Tx, row: typeof loginChallenges.$inferInsert): Promise<ChallengeRow> {
  const [created] = await tx.insert(loginChallenges).values(row).returning();
  if (!created) throw new Error('challenge insert returned nothing');
  return created;
}

export async function findChallengeWithUser(
  db: Db | Tx,
  tokenHash: string,
): Promise<{ challenge: ChallengeRow; user: UserRow } | undefined> {
  const [row] = await db
    .select({ challenge: loginChallenges, user: users })
    .from(loginChallenges)
    .innerJoin(users, eq(users.id, loginChallenges.userId))
    .where(eq(loginChallenges.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** Marks the challenge used; false when it already was (a concurrent request won). */
export async function consumeChallenge(tx: Tx, id: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(loginChallenges)
    .set({ consumedAt: at })
    .where(and(eq(loginChallenges.id, id), isNull(loginChallenges.consumedAt)))
    .returning({ id: loginChallenges.id });
  return rows.length === 1;
}

/** One more wrong code on the challenge; at `maxFailures` it is used up. */
export async function countChallengeFailure(tx: Tx, id: string, maxFailures: number, at: Date): Promise<void> {
  await tx
    .update(loginChallenges)
    .set({
      failedCount: sql`${loginChallenges.failedCount} + 1`,
      consumedAt: sql`CASE WHEN ${loginChallenges.failedCount} + 1 >= ${maxFailures} THEN ${at.toISOString()}::timestamptz ELSE ${loginChallenges.consumedAt} END`,
    })
    .where(eq(loginChallenges.id, id));
}

/**
 * Records the step of an accepted code, and for an enrolment the key, only if no code of that step or a later one was
 * accepted before (and, enrolling, only if the account has no key yet). False when the condition failed: the code was
 * already used, by this request's twin or an earlier sign-in (ASVS 6.5.1).
 */
export async function acceptTotpStep(
  tx: Tx,
  userId: string,
  step: number,
  enrol: { encryptedSecret: string; at: Date } | null,
): Promise<boolean> {
  const stepIsNew = or(isNull(users.totpLastStep), lt(users.totpLastStep, step));
  const rows = await tx
    .update(users)
    .set(
      enrol
        ? { totpLastStep: step, totpSecret: enrol.encryptedSecret, totpEnrolledAt: enrol.at, updatedAt: enrol.at }
        : { totpLastStep: step },
    )
    .where(and(eq(users.id, userId), stepIsNew, enrol ? isNull(users.totpSecret) : undefined))
    .returning({ id: users.id });
  return rows.length === 1;
}

/**
 * Removes the account's factor — by its holder, or reset by the security admin or the operator for a lost phone — and
 * ends its open challenges, so a code typed on a half-done sign-in cannot complete it afterwards.
 */
export async function removeTotp(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx
    .update(users)
    .set({ totpSecret: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: at })
    .where(eq(users.id, userId));
  await tx
    .update(loginChallenges)
    .set({ consumedAt: at })
    .where(and(eq(loginChallenges.userId, userId), isNull(loginChallenges.consumedAt)));
}

/** Hourly housekeeping: challenges expired more than a day ago (kept that long for an operator's questions). */
export async function purgeExpiredChallenges(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(loginChallenges)
    .where(lt(loginChallenges.expiresAt, new Date(now.getTime() - 86_400_000)))
    .returning({ id: loginChallenges.id });
  return rows.length;
}
