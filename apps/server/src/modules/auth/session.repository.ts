import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { apiKeys, passwordHistory, sessions, users } from '../../db/schema/index.ts';

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function insertSession(tx: Tx, row: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [created] = await tx.insert(sessions).values(row).returning();
  if (!created) throw new Error('session insert returned nothing');
  return created;
}

/** Every authenticated request's first query: prepared (db/prepared.ts). */
export async function findSessionWithUser(db: Db, tokenHash: string) {
  const query = preparedQuery(db, 'session_with_user', (d, name) =>
    d
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
      .prepare(name),
  );
  const [row] = await query.execute({ tokenHash });
  return row;
}

export async function touchSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(db: Db | Tx, sessionId: string, at: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeSessionsOfUser(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function findApiKeyWithUser(db: Db, keyHash: string) {
  const query = preparedQuery(db, 'api_key_with_user', (d, name) =>
    d
      .select({ apiKey: apiKeys, user: users })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(eq(apiKeys.keyHash, sql.placeholder('keyHash')))
      .prepare(name),
  );
  const [row] = await query.execute({ keyHash });
  return row;
}

export async function touchApiKey(db: Db, apiKeyId: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, apiKeyId));
}

/** Ends every session of the account but `keepSessionId`; how many it ended. */
export async function revokeOtherSessions(
  tx: Tx,
  userId: string,
  keepSessionId: string | null,
  at: Date,
): Promise<number> {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (keepSessionId) conditions.push(ne(sessions.id, keepSessionId));
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(...conditions))
    .returning({ id: sessions.id });
  return rows.length;
}

/**
 * The account's sessions still alive at `now` — not revoked, not past their absolute expiry, used within the idle
 * timeout — most recently used first (账户安全 → 登录设备; ASVS 7.5.2).
 */
export async function findLiveSessions(db: Db, userId: string, now: Date, idleMs: number) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - idleMs)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt))
    .limit(50);
}

/** Ends one session of the account; false when it is not the account's or already ended. */
export async function revokeSessionOfUser(tx: Tx, userId: string, sessionId: string, at: Date): Promise<boolean> {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length === 1;
}

/** The account's former password hashes, newest first (at most `limit`). */
export async function findPasswordHistory(db: Db, userId: string, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const rows = await db
    .select({ passwordHash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.replacedAt))
    .limit(limit);
  return rows.map((row) => row.passwordHash);
}

/** Keeps the replaced hash, then drops all but the newest `keep` of the account's history. */
export async function recordReplacedPassword(
  tx: Tx,
  userId: string,
  passwordHash: string,
  at: Date,
  keep: number,
): Promise<void> {
  if (keep <= 0) return;
  await tx.insert(passwordHistory).values({ userId, passwordHash, replacedAt: at });
  await tx.execute(sql`
    DELETE FROM ${passwordHistory} WHERE ${passwordHistory.userId} = ${userId} AND ${passwordHistory.id} NOT IN (
      SELECT ${passwordHistory.id} FROM ${passwordHistory} WHERE ${passwordHistory.userId} = ${userId}
      ORDER BY ${passwordHistory.replacedAt} DESC LIMIT ${keep})`);
}
