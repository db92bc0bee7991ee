import { and, eq, lt, or, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { unknownLoginAttempts } from '../../db/schema/index.ts';

export type UnknownLoginAttempts = typeof unknownLoginAttempts.$inferSelect;

/** How long a row of failures under an unknown name is kept after its last attempt (and after its lock has passed). */
export const UNKNOWN_LOGIN_RETENTION_DAYS = 30;

export async function findUnknownLoginAttempts(db: Db, usernameKey: string): Promise<UnknownLoginAttempts | undefined> {
  const [row] = await db.select().from(unknownLoginAttempts).where(eq(unknownLoginAttempts.usernameKey, usernameKey));
  return row;
}

export async function saveUnknownLoginAttempts(tx: Tx, row: UnknownLoginAttempts): Promise<void> {
  await tx
    .insert(unknownLoginAttempts)
    .values(row)
    .onConflictDoUpdate({
      target: unknownLoginAttempts.usernameKey,
      set: { failedCount: row.failedCount, lockedUntil: row.lockedUntil, updatedAt: row.updatedAt },
    });
}

/** Rows not touched for UNKNOWN_LOGIN_RETENTION_DAYS whose lock (if any) has passed; returns how many went. */
export async function purgeUnknownLoginAttempts(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - UNKNOWN_LOGIN_RETENTION_DAYS * 86_400_000);
  const gone = await db
    .delete(unknownLoginAttempts)
    .where(
      and(
        lt(unknownLoginAttempts.updatedAt, before),
        or(isNull(unknownLoginAttempts.lockedUntil), lt(unknownLoginAttempts.lockedUntil, now)),
      ),
    )
    .returning({ key: unknownLoginAttempts.usernameKey });
  return gone.length;
}
