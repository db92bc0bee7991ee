import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { enterprises, regions, users } from '../../db/schema/index.ts';

export type EnterpriseRow = typeof enterprises.$inferSelect;

export async function findEnterpriseByCreditCode(db: Db | Tx, creditCode: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.creditCode, creditCode));
  return row;
}

export async function findEnterpriseWithRegion(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ enterprise: enterprises, regionName: regions.name })
    .from(enterprises)
    .innerJoin(regions, eq(regions.code, enterprises.regionCode))
    .where(eq(enterprises.id, id));
  return row;
}

export async function insertEnterprise(tx: Tx, row: typeof enterprises.$inferInsert): Promise<EnterpriseRow> {
  const [created] = await tx.insert(enterprises).values(row).returning();
  if (!created) throw new Error('enterprise insert returned nothing');
  return created;
}

/** The applicant account created with its enterprise (same transaction as the enterprise row and the audit rows). */
export async function insertApplicantAccount(tx: Tx, row: typeof users.$inferInsert) {
  const [created] = await tx.insert(users).values(row).returning({
    id: users.id,
    username: users.username,
    displayName: users.displayName,
    role: users.role,
    regionCode: users.regionCode,
    enterpriseId: users.enterpriseId,
    createdAt: users.createdAt,
  });
  if (!created) throw new Error('user insert returned nothing');
  return created;
}

/** The enterprise an account belongs to (users.enterprise_id), or null. */
export async function findEnterpriseIdOfUser(db: Db | Tx, userId: string): Promise<string | null> {
  const [row] = await db.select({ enterpriseId: users.enterpriseId }).from(users).where(eq(users.id, userId));
  return row?.enterpriseId ?? null;
}
