import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { enterpriseAgents, enterprises, regions, users } from '../../db/schema/index.ts';

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
/** The account's enterprise with its name, in one query (the projects module's register path). */
/** The applicant's enterprise, read before every project registration: a prepared point read (db/prepared.ts). */
export async function findEnterpriseOfUser(db: Db, userId: string): Promise<{ id: string; name: string } | null> {
  const query = preparedQuery(db, 'enterprise_of_user', (d, name) =>
    d
      .select({ id: enterprises.id, name: enterprises.name })
      .from(users)
      .innerJoin(enterprises, eq(enterprises.id, users.enterpriseId))
      .where(eq(users.id, sql.placeholder('userId')))
      .prepare(name),
  );
  const [row] = await query.execute({ userId });
  return row ?? null;
}

export async function findEnterpriseIdOfUser(db: Db | Tx, userId: string): Promise<string | null> {
  const [row] = await db.select({ enterpriseId: users.enterpriseId }).from(users).where(eq(users.id, userId));
  return row?.enterpriseId ?? null;
}

/** Live authorisations (代办委托) of an enterprise, with the agent's account. */
export async function findAgentsOfEnterprise(db: Db, enterpriseId: string) {
  return db
    .select({
      agentId: users.id,
      username: users.username,
      displayName: users.displayName,
      authorisedAt: enterpriseAgents.authorisedAt,
    })
    .from(enterpriseAgents)
    .innerJoin(users, eq(users.id, enterpriseAgents.agentUserId))
    .where(and(eq(enterpriseAgents.enterpriseId, enterpriseId), isNull(enterpriseAgents.revokedAt)))
    .orderBy(asc(enterpriseAgents.authorisedAt), asc(users.username));
}

/** Enterprises that currently authorise an agent account. */
export async function findEnterprisesOfAgent(db: Db, agentUserId: string) {
  return db
    .select({
      enterpriseId: enterprises.id,
      creditCode: enterprises.creditCode,
      name: enterprises.name,
      regionCode: enterprises.regionCode,
      regionName: regions.name,
      authorisedAt: enterpriseAgents.authorisedAt,
    })
    .from(enterpriseAgents)
    .innerJoin(enterprises, eq(enterprises.id, enterpriseAgents.enterpriseId))
    .innerJoin(regions, eq(regions.code, enterprises.regionCode))
    .where(and(eq(enterpriseAgents.agentUserId, agentUserId), isNull(enterpriseAgents.revokedAt)))
    .orderBy(asc(enterprises.name));
}

export async function findLiveAuthorisation(db: Db | Tx, enterpriseId: string, agentUserId: string) {
  const [row] = await db
    .select()
    .from(enterpriseAgents)
    .where(
      and(
        eq(enterpriseAgents.enterpriseId, enterpriseId),
        eq(enterpriseAgents.agentUserId, agentUserId),
        isNull(enterpriseAgents.revokedAt),
      ),
    );
  return row;
}

export async function insertAuthorisation(tx: Tx, row: typeof enterpriseAgents.$inferInsert) {
  const [created] = await tx.insert(enterpriseAgents).values(row).returning();
  if (!created) throw new Error('authorisation insert returned nothing');
  return created;
}

export async function revokeAuthorisation(tx: Tx, id: string, by: string, at: Date): Promise<void> {
  await tx.update(enterpriseAgents).set({ revokedAt: at, revokedBy: by }).where(eq(enterpriseAgents.id, id));
}
