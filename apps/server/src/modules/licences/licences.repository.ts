import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import {
  cases,
  departments,
  enterprises,
  licences,
  projects,
  regions,
  stageApplications,
  users,
} from '../../db/schema/index.ts';

export type LicenceRow = typeof licences.$inferSelect;

/**
 * What issuing needs about a decided case. A read of the cases, applications, projects and catalogue tables, which other
 * modules own: done here against the schema (not through their repositories) because the seam runs inside the caller's
 * transaction and those modules' read services take `ctx.db` (one pooled connection: using it inside `tx` deadlocks).
 */
export async function findCaseForIssue(tx: Tx, caseId: string) {
  const [row] = await tx
    .select({
      caseId: cases.id,
      matterCode: cases.matterCode,
      matterName: cases.matterName,
      decision: cases.decision,
      decidedBy: cases.decidedBy,
      departmentId: cases.departmentId,
      departmentName: departments.name,
      departmentRegionCode: departments.regionCode,
      applicationId: stageApplications.id,
      applicationCreatedBy: stageApplications.createdBy,
      catalogueVersion: stageApplications.catalogueVersion,
      projectId: projects.id,
      projectCode: projects.code,
      projectName: projects.name,
      projectRegionCode: projects.regionCode,
      address: projects.address,
      scaleAndContent: projects.scaleAndContent,
      totalInvestment: projects.totalInvestment,
      enterpriseId: enterprises.id,
      enterpriseName: enterprises.name,
      creditCode: enterprises.creditCode,
    })
    .from(cases)
    .innerJoin(stageApplications, eq(stageApplications.id, cases.applicationId))
    .innerJoin(projects, eq(projects.id, cases.projectId))
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(eq(cases.id, caseId));
  return row;
}

/** The case's department (for the revoke/extend permission), or undefined for a licence without a case. */
export async function findCaseDepartment(db: Db | Tx, caseId: string) {
  const [row] = await db
    .select({ departmentId: cases.departmentId, matterCode: cases.matterCode })
    .from(cases)
    .where(eq(cases.id, caseId));
  return row;
}

/** Region names from the top of the path down to `code` (e.g. [浙江省, 温州市]), for the site line of the content. */
export async function regionChainNames(db: Db | Tx, code: string): Promise<string[]> {
  // One statement: the region's path (root first, itself last) and the names of the regions on it.
  const of = db.select({ path: regions.path }).from(regions).where(eq(regions.code, code)).as('of');
  const rows = await db
    .select({ code: regions.code, name: regions.name, path: of.path })
    .from(regions)
    .innerJoin(of, sql`${regions.code} = ANY(string_to_array(${of.path}, '/'))`);
  if (rows.length === 0) return [];
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return rows[0]!.path.split('/').map((c) => names.get(c) ?? '');
}

/** Active applicant accounts of the enterprise (the holder's people to notify). */
export async function applicantUserIds(db: Db | Tx, enterpriseId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.enterpriseId, enterpriseId), eq(users.role, 'applicant'), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

export async function findUserForAudit(db: Db | Tx, id: string) {
  const [row] = await db.select({ username: users.username, role: users.role }).from(users).where(eq(users.id, id));
  return row;
}

export async function numberExists(db: Db | Tx, number: string): Promise<boolean> {
  const [row] = await db.select({ id: licences.id }).from(licences).where(eq(licences.number, number));
  return row !== undefined;
}

/** The insert of a licence, not sent yet (awaiting it sends it; or `sendWithCommit`). */
export function licenceInsert(tx: Tx, values: typeof licences.$inferInsert) {
  return tx.insert(licences).values(values);
}

export async function findByNumber(db: Db | Tx, number: string): Promise<LicenceRow | undefined> {
  const [row] = await db.select().from(licences).where(eq(licences.number, number));
  return row;
}

export async function findByCase(db: Db | Tx, caseId: string): Promise<LicenceRow | undefined> {
  const [row] = await db.select().from(licences).where(eq(licences.caseId, caseId));
  return row;
}

export async function listByProject(db: Db | Tx, projectId: string): Promise<LicenceRow[]> {
  return db
    .select()
    .from(licences)
    .where(eq(licences.projectId, projectId))
    .orderBy(asc(licences.issuedAt), asc(licences.number));
}

/** Not revoked (expiry is decided by the caller on its day). */
export async function listUnrevokedByProject(db: Db | Tx, projectId: string): Promise<LicenceRow[]> {
  return db
    .select()
    .from(licences)
    .where(and(eq(licences.projectId, projectId), isNull(licences.revokedOn)))
    .orderBy(asc(licences.issuedAt));
}

/** Revocation columns only: the trigger of migration 0008 refuses any change to the signed data. */
export async function markRevoked(
  tx: Tx,
  id: string,
  fields: { revokedAt: Date; revokedOn: string; revokedReason: string; revokedBy: string | null },
): Promise<LicenceRow> {
  const [row] = await tx.update(licences).set(fields).where(eq(licences.id, id)).returning();
  return row!;
}

export async function markExtended(
  tx: Tx,
  id: string,
  fields: { validUntil: string; extensionsUsed: number },
): Promise<LicenceRow> {
  const [row] = await tx.update(licences).set(fields).where(eq(licences.id, id)).returning();
  return row!;
}
