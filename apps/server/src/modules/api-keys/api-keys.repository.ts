import { desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { apiKeys, users } from '../../db/schema/index.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function findApiKeys(db: Db) {
  return db
    .select({ apiKey: apiKeys, username: users.username, regionCode: users.regionCode })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function findApiKey(db: Db, id: string) {
  const [row] = await db
    .select({ apiKey: apiKeys, username: users.username, regionCode: users.regionCode })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.id, id));
  return row;
}

export async function insertApiKey(tx: Tx, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [created] = await tx.insert(apiKeys).values(row).returning();
  if (!created) throw new Error('api key insert returned nothing');
  return created;
}

export async function setRevoked(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id));
}
