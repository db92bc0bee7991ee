import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { inRegionSubtree } from '../../db/region-subtree.ts';
import {
  decisionExpiryReminders,
  constructionInspections,
  constructionPhotos,
  constructionReports,
  licences,
  projectConstruction,
  projects,
  regions,
  stageApplications,
  users,
  type ConstructionStatus,
} from '../../db/schema/index.ts';

export type ReportRow = typeof constructionReports.$inferSelect;
export type ReportInsert = typeof constructionReports.$inferInsert;
export type SummaryRow = typeof projectConstruction.$inferSelect;
type Reader = Db | Tx;

export async function findSummary(db: Reader, projectId: string): Promise<SummaryRow | undefined> {
  const [row] = await db.select().from(projectConstruction).where(eq(projectConstruction.projectId, projectId));
  return row;
}

/** The summary row locked for the report's transaction (two reports of one project are applied one after the other). */
export async function lockSummary(tx: Tx, projectId: string): Promise<SummaryRow | undefined> {
  const [row] = await tx
    .select()
    .from(projectConstruction)
    .where(eq(projectConstruction.projectId, projectId))
    .for('update');
  return row;
}

/** The project row locked: a first 开工 report has no summary row to lock yet, so two racing ones serialise here. */
export async function lockProject(tx: Tx, projectId: string) {
  const [row] = await tx
    .select({ id: projects.id, status: projects.status, regionCode: projects.regionCode })
    .from(projects)
    .where(eq(projects.id, projectId))
    .for('update');
  return row;
}

export async function insertSummary(tx: Tx, row: typeof projectConstruction.$inferInsert): Promise<void> {
  await tx.insert(projectConstruction).values(row);
}

export async function updateSummary(
  tx: Tx,
  projectId: string,
  patch: Partial<typeof projectConstruction.$inferInsert>,
): Promise<void> {
  await tx.update(projectConstruction).set(patch).where(eq(projectConstruction.projectId, projectId));
}

export async function insertReport(tx: Tx, row: ReportInsert): Promise<ReportRow> {
  const [inserted] = await tx.insert(constructionReports).values(row).returning();
  return inserted!;
}

/** The project's reports, newest first, with the reporter's display name. */
export async function listReports(db: Reader, projectId: string) {
  return db
    .select({ report: constructionReports, reportedByName: users.displayName })
    .from(constructionReports)
    .innerJoin(users, eq(users.id, constructionReports.reportedBy))
    .where(eq(constructionReports.projectId, projectId))
    .orderBy(desc(constructionReports.reportedAt), desc(constructionReports.id));
}

/** Progress reports of the project (period ends and figures), oldest period first. */
export async function listProgress(db: Reader, projectId: string) {
  return db
    .select({
      periodEnd: constructionReports.periodEnd,
      percentComplete: constructionReports.percentComplete,
      investmentToDate: constructionReports.investmentToDate,
    })
    .from(constructionReports)
    .where(and(eq(constructionReports.projectId, projectId), eq(constructionReports.kind, 'progress')))
    .orderBy(asc(constructionReports.periodEnd));
}

/** The latest 停工 report's day (a 复工 cannot precede it). */
export async function latestSuspensionOn(db: Reader, projectId: string): Promise<string | null> {
  const [row] = await db
    .select({ on: constructionReports.occurredOn })
    .from(constructionReports)
    .where(and(eq(constructionReports.projectId, projectId), eq(constructionReports.kind, 'suspension')))
    .orderBy(desc(constructionReports.reportedAt))
    .limit(1);
  return row?.on ?? null;
}

/** The project's unrevoked licences of the types the 开工 check looks at (expired ones too: expiry is a finding). */
export async function findStartLicences(db: Reader, projectId: string) {
  return db
    .select({ licenceType: licences.licenceType, number: licences.number, validUntil: licences.validUntil })
    .from(licences)
    .where(
      and(
        eq(licences.projectId, projectId),
        inArray(licences.licenceType, ['projectDecision', 'constructionPermit']),
        isNull(licences.revokedAt),
      ),
    );
}

/** Whether one of the project's stage applications declared it small works (no 施工许可证 needed, 建筑法 art.8 ¶2). */
export async function declaredSmallWorks(db: Reader, projectId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(stageApplications)
    .where(and(eq(stageApplications.projectId, projectId), sql`'smallWorks' = ANY(${stageApplications.facts})`))
    .limit(1);
  return row !== undefined;
}

export interface ListFilter {
  regionPath: string;
  status?: ConstructionStatus | undefined;
  /** Started on or before this period's end and no report for it or later: the latest past-due period is missing. */
  overdueForPeriodEnd?: string | undefined;
  withFindings?: boolean | undefined;
}

/** Projects in construction in the region subtree, the most recently changed first. */
export function listCondition(filter: ListFilter): SQL {
  const conditions: SQL[] = [inRegionSubtree(filter.regionPath)];
  if (filter.status) conditions.push(eq(projectConstruction.status, filter.status));
  if (filter.overdueForPeriodEnd) conditions.push(overdueCondition(filter.overdueForPeriodEnd));
  if (filter.withFindings) conditions.push(sql`cardinality(${projectConstruction.findings}) > 0`);
  return and(...conditions)!;
}

/** A running project (not completed) that started by the period's end and has no report for that period or later. */
export function overdueCondition(periodEnd: string): SQL {
  return and(
    inArray(projectConstruction.status, ['underConstruction', 'suspended']),
    sql`${projectConstruction.startedOn} <= ${periodEnd}`,
    or(
      isNull(projectConstruction.lastProgressPeriodEnd),
      sql`${projectConstruction.lastProgressPeriodEnd} < ${periodEnd}`,
    ),
  )!;
}

export async function listInScope(db: Reader, filter: ListFilter, page: { limit: number; offset: number }) {
  return db
    .select({
      summary: projectConstruction,
      projectName: projects.name,
      projectCode: projects.code,
      procedure: projects.procedure,
      totalInvestment: projects.totalInvestment,
      regionName: regions.name,
    })
    .from(projectConstruction)
    .innerJoin(regions, eq(regions.code, projectConstruction.regionCode))
    .innerJoin(projects, eq(projects.id, projectConstruction.projectId))
    .where(listCondition(filter))
    .orderBy(desc(projectConstruction.updatedAt), asc(projectConstruction.projectId))
    .limit(page.limit)
    .offset(page.offset);
}

/** Counts of the scope (the filter's region only): by status, overdue and with findings. */
export async function countInScope(db: Reader, regionPath: string, overduePeriodEnd: string) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      underConstruction: sql<number>`count(*) FILTER (WHERE ${projectConstruction.status} = 'underConstruction')::int`,
      suspended: sql<number>`count(*) FILTER (WHERE ${projectConstruction.status} = 'suspended')::int`,
      completed: sql<number>`count(*) FILTER (WHERE ${projectConstruction.status} = 'completed')::int`,
      overdue: sql<number>`count(*) FILTER (WHERE ${overdueCondition(overduePeriodEnd)})::int`,
      withFindings: sql<number>`count(*) FILTER (WHERE cardinality(${projectConstruction.findings}) > 0)::int`,
    })
    .from(projectConstruction)
    .innerJoin(regions, eq(regions.code, projectConstruction.regionCode))
    .where(listCondition({ regionPath }));
  return row!;
}

export async function countFiltered(db: Reader, filter: ListFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(projectConstruction)
    .innerJoin(regions, eq(regions.code, projectConstruction.regionCode))
    .where(listCondition(filter));
  return row?.n ?? 0;
}

// ── Sweep ────────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Running projects that owe the period ending `periodEnd` and were not yet told of it — by a reminder (`reminded`) or
 * an overdue notice (`overdueNotified`).
 */
export async function findOwingNotYetTold(
  db: Reader,
  periodEnd: string,
  told: 'reminded' | 'overdueNotified',
  limit: number,
): Promise<string[]> {
  const column =
    told === 'reminded' ? projectConstruction.remindedPeriodEnd : projectConstruction.overdueNotifiedPeriodEnd;
  const rows = await db
    .select({ id: projectConstruction.projectId })
    .from(projectConstruction)
    .where(and(overdueCondition(periodEnd), or(isNull(column), sql`${column} < ${periodEnd}`)))
    .limit(limit);
  return rows.map((r) => r.id);
}

// ── Inspections ──────────────────────────────────────────────────────────────────────────────────────────────────────

export async function insertInspection(tx: Tx, row: typeof constructionInspections.$inferInsert) {
  const [inserted] = await tx.insert(constructionInspections).values(row).returning();
  return inserted!;
}

/** The project's checks, newest first, with the inspector's name. */
export async function listInspections(db: Reader, projectId: string) {
  return db
    .select({ inspection: constructionInspections, inspectorName: users.displayName })
    .from(constructionInspections)
    .innerJoin(users, eq(users.id, constructionInspections.inspectorId))
    .where(eq(constructionInspections.projectId, projectId))
    .orderBy(desc(constructionInspections.inspectedOn), desc(constructionInspections.recordedAt));
}

// ── Photos ───────────────────────────────────────────────────────────────────────────────────────────────────────────

export type PhotoRow = typeof constructionPhotos.$inferSelect;

export async function insertPhoto(tx: Tx, row: typeof constructionPhotos.$inferInsert): Promise<PhotoRow> {
  const [inserted] = await tx.insert(constructionPhotos).values(row).returning();
  return inserted!;
}

export async function findPhoto(db: Reader, id: string): Promise<PhotoRow | undefined> {
  const [row] = await db.select().from(constructionPhotos).where(eq(constructionPhotos.id, id));
  return row;
}

/** Attaches the project's unattached photos `ids` to the report, locked; answers how many were attached. */
export async function attachPhotos(tx: Tx, projectId: string, reportId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await tx
    .update(constructionPhotos)
    .set({ reportId })
    .where(
      and(
        inArray(constructionPhotos.id, ids),
        eq(constructionPhotos.projectId, projectId),
        isNull(constructionPhotos.reportId),
      ),
    )
    .returning({ id: constructionPhotos.id });
  return rows.length;
}

/** The attached photos of the project's reports (id, name, report), oldest first. */
export async function listAttachedPhotos(db: Reader, projectId: string) {
  return db
    .select({ id: constructionPhotos.id, reportId: constructionPhotos.reportId, fileName: constructionPhotos.fileName })
    .from(constructionPhotos)
    .where(and(eq(constructionPhotos.projectId, projectId), sql`${constructionPhotos.reportId} IS NOT NULL`))
    .orderBy(asc(constructionPhotos.uploadedAt), asc(constructionPhotos.id));
}

// ── 核准 validity (条例673 art.12) ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Unrevoked 核准 documents ending after `today` and by `lastDay` whose project has not reported 开工 and whose holder
 * was not reminded for this end (licences_decision_expiry_idx: a range of the expiring decisions only).
 */
export async function findDecisionsExpiringUnstarted(db: Reader, today: string, lastDay: string, limit: number) {
  return db
    .select({
      licenceId: licences.id,
      projectId: licences.projectId,
      number: licences.number,
      validUntil: licences.validUntil,
      extensionsUsed: licences.extensionsUsed,
    })
    .from(licences)
    .where(
      and(
        eq(licences.licenceType, 'projectDecision'),
        isNull(licences.revokedAt),
        sql`${licences.validUntil} IS NOT NULL`,
        sql`${licences.validUntil} > ${today}`,
        sql`${licences.validUntil} <= ${lastDay}`,
        sql`NOT EXISTS (SELECT 1 FROM ${projectConstruction} WHERE ${projectConstruction.projectId} = ${licences.projectId})`,
        sql`NOT EXISTS (SELECT 1 FROM ${decisionExpiryReminders} WHERE ${decisionExpiryReminders.licenceId} = ${licences.id} AND ${decisionExpiryReminders.validUntil} = ${licences.validUntil})`,
      ),
    )
    .limit(limit);
}

/** Records the reminder of a licence's end; false when it was already recorded (another process sent it). */
export async function recordDecisionReminder(
  tx: Tx,
  row: typeof decisionExpiryReminders.$inferInsert,
): Promise<boolean> {
  const inserted = await tx
    .insert(decisionExpiryReminders)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: decisionExpiryReminders.licenceId });
  return inserted.length === 1;
}

export async function findProjectName(db: Reader, projectId: string) {
  const [row] = await db
    .select({ name: projects.name, code: projects.code, regionPath: regions.path })
    .from(projects)
    .leftJoin(regions, eq(regions.code, projects.regionCode))
    .where(eq(projects.id, projectId));
  return row;
}
