import { and, asc, count, desc, eq, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import {
  enterprises,
  projectCodes,
  projects,
  ratificationCatalogue,
  regions,
  type ProjectStatus,
} from '../../db/schema/index.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type ProjectInsert = typeof projects.$inferInsert;

const projectWithNames = { project: projects, regionName: regions.name, enterpriseName: enterprises.name };

export async function findProjectWithNames(db: Db | Tx, id: string) {
  const [row] = await db
    .select(projectWithNames)
    .from(projects)
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .leftJoin(regions, eq(regions.code, projects.regionCode))
    .where(eq(projects.id, id));
  return row;
}

/** A project locked for this transaction (submission: two concurrent submits of one draft get one code). */
export async function lockProject(tx: Tx, id: string): Promise<ProjectRow | undefined> {
  const [row] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
  return row;
}

/** The projects of an owner: those of its enterprise, and those the account created (agents). */
export async function findOwnProjects(
  db: Db,
  owner: { userId: string; enterpriseId: string | null },
  filter: { status?: ProjectStatus | undefined },
  page: { limit: number; offset: number },
) {
  const ownership = owner.enterpriseId
    ? or(eq(projects.enterpriseId, owner.enterpriseId), eq(projects.createdBy, owner.userId))!
    : eq(projects.createdBy, owner.userId);
  const conditions: SQL[] = [ownership];
  if (filter.status) conditions.push(eq(projects.status, filter.status));
  const where = and(...conditions);
  const rows = await db
    .select(projectWithNames)
    .from(projects)
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .leftJoin(regions, eq(regions.code, projects.regionCode))
    .where(where)
    .orderBy(desc(projects.updatedAt), asc(projects.id))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(projects).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function insertProject(tx: Tx, row: ProjectInsert): Promise<ProjectRow> {
  const [created] = await tx.insert(projects).values(row).returning();
  if (!created) throw new Error('project insert returned nothing');
  return created;
}

export async function updateProject(tx: Tx, id: string, patch: Partial<ProjectInsert>): Promise<void> {
  await tx.update(projects).set(patch).where(eq(projects.id, id));
}

/**
 * Records an issued code unless it already exists (issued before — possibly to a voided project). Returns whether it
 * was recorded. ON CONFLICT DO NOTHING waits for a concurrent inserter of the same code and then skips, without
 * aborting the transaction.
 */
export async function insertProjectCodeIfFree(
  tx: Tx,
  row: { code: string; projectId: string; issuer: string; issuedAt: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(projectCodes)
    .values(row)
    .onConflictDoNothing({ target: projectCodes.code })
    .returning({ code: projectCodes.code });
  return inserted.length === 1;
}

export async function findRatificationCatalogue(db: Db | Tx) {
  return db
    .select({
      industryPrefix: ratificationCatalogue.industryPrefix,
      category: ratificationCatalogue.category,
      description: ratificationCatalogue.description,
    })
    .from(ratificationCatalogue)
    .orderBy(asc(ratificationCatalogue.industryPrefix));
}

/** The public face of a registered code (no personal data, no enterprise contact). */
export async function findPublicProjectByCode(db: Db, code: string) {
  const [row] = await db
    .select({
      code: projectCodes.code,
      name: projects.name,
      status: projects.status,
      regionCode: projects.regionCode,
      regionName: regions.name,
      procedure: projects.procedure,
      filedAt: projects.filedAt,
    })
    .from(projectCodes)
    .innerJoin(projects, eq(projects.id, projectCodes.projectId))
    .leftJoin(regions, eq(regions.code, projects.regionCode))
    .where(eq(projectCodes.code, code));
  return row;
}

/** Postgres `numeric` arrives as a string; amounts are kept to two decimals. */
export const numericToNumber = (value: string | null): number | null => (value === null ? null : Number(value));
