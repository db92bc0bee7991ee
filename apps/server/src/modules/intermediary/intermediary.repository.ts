import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import {
  intermediaryEngagements,
  intermediaryServices,
  projects,
  users,
  type IntermediaryServiceType,
} from '../../db/schema/index.ts';

type Reader = Db | Tx;
export type ServiceRow = typeof intermediaryServices.$inferSelect;
export type EngagementRow = typeof intermediaryEngagements.$inferSelect;

/** The agency's evaluation: average rating and number of rated engagements of the service. */
const ratingOf = sql<
  string | null
>`(SELECT avg(e.rating)::numeric(3,2)::text FROM ${intermediaryEngagements} e WHERE e.service_id = ${intermediaryServices.id} AND e.rating IS NOT NULL)`;
const ratedCountOf = sql<number>`(SELECT count(*)::int FROM ${intermediaryEngagements} e WHERE e.service_id = ${intermediaryServices.id} AND e.rating IS NOT NULL)`;

const serviceColumns = {
  service: intermediaryServices,
  agencyName: users.displayName,
  averageRating: ratingOf,
  ratedCount: ratedCountOf,
};

export async function insertService(tx: Tx, row: typeof intermediaryServices.$inferInsert): Promise<ServiceRow> {
  const [inserted] = await tx.insert(intermediaryServices).values(row).returning();
  return inserted!;
}

export async function findService(db: Reader, id: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(intermediaryServices).where(eq(intermediaryServices.id, id));
  return row;
}

export async function withdrawService(tx: Tx, id: string, at: Date): Promise<ServiceRow | undefined> {
  const [row] = await tx
    .update(intermediaryServices)
    .set({ status: 'withdrawn', updatedAt: at })
    .where(and(eq(intermediaryServices.id, id), eq(intermediaryServices.status, 'active')))
    .returning();
  return row;
}

export async function listAgencyServices(db: Reader, agencyUserId: string) {
  return db
    .select(serviceColumns)
    .from(intermediaryServices)
    .innerJoin(users, eq(users.id, intermediaryServices.agencyUserId))
    .where(eq(intermediaryServices.agencyUserId, agencyUserId))
    .orderBy(desc(intermediaryServices.createdAt));
}

/** Active services, best rated first (unrated last), then newest; of one type when given. */
export async function listActiveServices(db: Reader, type: IntermediaryServiceType | null, limit: number) {
  return db
    .select(serviceColumns)
    .from(intermediaryServices)
    .innerJoin(users, eq(users.id, intermediaryServices.agencyUserId))
    .where(
      and(eq(intermediaryServices.status, 'active'), type ? eq(intermediaryServices.serviceType, type) : undefined),
    )
    .orderBy(sql`${ratingOf} DESC NULLS LAST`, desc(intermediaryServices.createdAt))
    .limit(limit);
}

export async function insertEngagement(tx: Tx, row: typeof intermediaryEngagements.$inferInsert) {
  const [inserted] = await tx.insert(intermediaryEngagements).values(row).returning();
  return inserted!;
}

export async function findEngagement(db: Reader, id: string): Promise<EngagementRow | undefined> {
  const [row] = await db.select().from(intermediaryEngagements).where(eq(intermediaryEngagements.id, id));
  return row;
}

export async function lockEngagement(tx: Tx, id: string): Promise<EngagementRow | undefined> {
  const [row] = await tx.select().from(intermediaryEngagements).where(eq(intermediaryEngagements.id, id)).for('update');
  return row;
}

export async function updateEngagement(
  tx: Tx,
  id: string,
  patch: Partial<typeof intermediaryEngagements.$inferInsert>,
) {
  await tx.update(intermediaryEngagements).set(patch).where(eq(intermediaryEngagements.id, id));
}

const engagementColumns = {
  engagement: intermediaryEngagements,
  serviceName: intermediaryServices.name,
  serviceType: intermediaryServices.serviceType,
  promisedDays: intermediaryServices.promisedDays,
  agencyName: users.displayName,
  projectName: projects.name,
  projectCode: projects.code,
};

function engagementsWhere(where: ReturnType<typeof eq>) {
  return (db: Reader) =>
    db
      .select(engagementColumns)
      .from(intermediaryEngagements)
      .innerJoin(intermediaryServices, eq(intermediaryServices.id, intermediaryEngagements.serviceId))
      .innerJoin(users, eq(users.id, intermediaryEngagements.agencyUserId))
      .innerJoin(projects, eq(projects.id, intermediaryEngagements.projectId))
      .where(where)
      .orderBy(desc(intermediaryEngagements.requestedAt));
}

export const listProjectEngagements = (db: Reader, projectId: string) =>
  engagementsWhere(eq(intermediaryEngagements.projectId, projectId))(db);

export const listAgencyEngagements = (db: Reader, agencyUserId: string) =>
  engagementsWhere(eq(intermediaryEngagements.agencyUserId, agencyUserId))(db);
