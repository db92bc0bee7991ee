import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { idempotencyKeys, type IdempotentChange } from '../../db/schema/index.ts';

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

export async function findKey(db: Db | Tx, actorId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)))
    .limit(1);
  return row;
}

/**
 * Claims the key inside the caller's transaction. A concurrent transaction holding the same key makes this wait on the
 * primary key until it ends; if it committed, nothing is inserted and `false` is returned.
 */
export async function claimKey(tx: Tx, row: typeof idempotencyKeys.$inferInsert): Promise<boolean> {
  const inserted = await tx
    .insert(idempotencyKeys)
    .values(row)
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return inserted.length === 1;
}

/** The claimed key's `changes`, not sent yet: its transaction sends it with its COMMIT (audit.service.ts). */
export function keyChangesUpdate(tx: Tx, actorId: string, key: string, changes: IdempotentChange[]) {
  return tx
    .update(idempotencyKeys)
    .set({ changes })
    .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)));
}

export async function recordResponse(
  db: Db,
  actorId: string,
  key: string,
  response: { statusCode: number; responseBody: unknown; responseHeaders: Record<string, string> },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set(response)
    .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.statusCode)));
}

export async function deleteKeysCreatedBefore(db: Db, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
