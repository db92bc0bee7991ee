import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { concurrently } from '../../db/concurrently.ts';
import type { Db, Tx } from '../../db/database.ts';
import { inRegionSubtree } from '../../db/region-subtree.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { containsText } from '../../lib/text-contains.ts';
import {
  applicationMaterials,
  cases,
  correctionNotices,
  creditGrades,
  departments,
  enterprises,
  projectCodes,
  projects,
  regions,
  stageApplications,
  users,
  verificationTasks,
  type ApplicationStatus,
} from '../../db/schema/index.ts';

export type ApplicationRow = typeof stageApplications.$inferSelect;
export type ApplicationMaterialRow = typeof applicationMaterials.$inferSelect;
export type CorrectionNoticeRow = typeof correctionNotices.$inferSelect;
export type CreditGradeRow = typeof creditGrades.$inferSelect;
export type VerificationTaskRow = typeof verificationTasks.$inferSelect;

// ── applications ──

export async function findApplication(db: Db | Tx, id: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(stageApplications).where(eq(stageApplications.id, id));
  return row;
}

/** The same read outside a transaction, prepared (db/prepared.ts): every view of an application and step on it loads it. */
export async function findApplicationById(db: Db, id: string): Promise<ApplicationRow | undefined> {
  const query = preparedQuery(db, 'application_by_id', (d, name) =>
    d
      .select()
      .from(stageApplications)
      .where(eq(stageApplications.id, sql.placeholder('id')))
      .prepare(name),
  );
  const [row] = await query.execute({ id });
  return row;
}

export async function lockApplication(tx: Tx, id: string): Promise<ApplicationRow | undefined> {
  const [row] = await tx.select().from(stageApplications).where(eq(stageApplications.id, id)).for('update');
  return row;
}

/**
 * The application locked and, written behind the lock in the same send, its material rows: PostgreSQL runs the read
 * once the lock is held, so no change to the draft's materials can slip between them.
 */
export async function lockApplicationWithMaterials(
  tx: Tx,
  id: string,
): Promise<{ locked: ApplicationRow | undefined; materials: ApplicationMaterialRow[] }> {
  const lock = tx.select().from(stageApplications).where(eq(stageApplications.id, id)).for('update').execute();
  const materials = materialsOf(tx, id).execute();
  const [[locked], rows] = await concurrently([lock, materials]);
  return { locked, materials: rows };
}

/** The insert of an application, returning its row; not sent yet (awaiting it sends it; or `sendWithCommit`). */
export function applicationInsert(tx: Tx, row: typeof stageApplications.$inferInsert) {
  return tx.insert(stageApplications).values(row).returning();
}

/** The update of an application, returning its row; not sent yet (awaiting it sends it; or `sendWithCommit`). */
export function applicationUpdate(tx: Tx, id: string, patch: Partial<typeof stageApplications.$inferInsert>) {
  return tx.update(stageApplications).set(patch).where(eq(stageApplications.id, id)).returning();
}

export async function updateApplication(
  tx: Tx,
  id: string,
  patch: Partial<typeof stageApplications.$inferInsert>,
): Promise<ApplicationRow> {
  const [row] = await applicationUpdate(tx, id, patch);
  return row!;
}

export async function findApplicationsOfProject(db: Db | Tx, projectId: string): Promise<ApplicationRow[]> {
  return db
    .select()
    .from(stageApplications)
    .where(eq(stageApplications.projectId, projectId))
    .orderBy(desc(stageApplications.createdAt));
}

// ── materials ──

export async function findMaterials(db: Db | Tx, applicationId: string): Promise<ApplicationMaterialRow[]> {
  return materialsOf(db, applicationId);
}

function materialsOf(db: Db | Tx, applicationId: string) {
  return db
    .select()
    .from(applicationMaterials)
    .where(eq(applicationMaterials.applicationId, applicationId))
    .orderBy(asc(applicationMaterials.materialCode));
}

export type MaterialInsert = typeof applicationMaterials.$inferInsert;

/** The insert of a new application's material rows (none or one statement), not sent yet. */
export function materialsInsert(tx: Tx, rows: MaterialInsert[]) {
  return rows.length ? [tx.insert(applicationMaterials).values(rows)] : [];
}

/** The insert or update of one material row, not sent yet. */
export function materialUpsert(tx: Tx, row: MaterialInsert) {
  return tx
    .insert(applicationMaterials)
    .values(row)
    .onConflictDoUpdate({
      target: [applicationMaterials.applicationId, applicationMaterials.materialCode],
      set: {
        provision: row.provision,
        status: row.status,
        projectMaterialId: row.projectMaterialId ?? null,
        licenceId: row.licenceId ?? null,
        commitmentText: row.commitmentText ?? null,
        updatedAt: row.updatedAt,
      },
    });
}

/** The delete of the application's material rows of `codes` (none or one statement), not sent yet. */
export function materialsDelete(tx: Tx, applicationId: string, codes: string[]) {
  return codes.length
    ? [
        tx
          .delete(applicationMaterials)
          .where(
            and(
              eq(applicationMaterials.applicationId, applicationId),
              inArray(applicationMaterials.materialCode, codes),
            ),
          ),
      ]
    : [];
}

export async function updateMaterial(
  tx: Tx,
  applicationId: string,
  materialCode: string,
  patch: Partial<typeof applicationMaterials.$inferInsert>,
): Promise<void> {
  await materialUpdate(tx, applicationId, materialCode, patch);
}

/** The update of one material row, not sent yet. */
export function materialUpdate(
  tx: Tx,
  applicationId: string,
  materialCode: string,
  patch: Partial<typeof applicationMaterials.$inferInsert>,
) {
  return tx
    .update(applicationMaterials)
    .set(patch)
    .where(
      and(eq(applicationMaterials.applicationId, applicationId), eq(applicationMaterials.materialCode, materialCode)),
    );
}

// ── correction notices ──

export async function findNotices(db: Db | Tx, applicationId: string): Promise<CorrectionNoticeRow[]> {
  return db
    .select()
    .from(correctionNotices)
    .where(eq(correctionNotices.applicationId, applicationId))
    .orderBy(asc(correctionNotices.issuedAt));
}

export async function findOpenNotice(db: Db | Tx, applicationId: string): Promise<CorrectionNoticeRow | undefined> {
  const [row] = await db
    .select()
    .from(correctionNotices)
    .where(and(eq(correctionNotices.applicationId, applicationId), isNull(correctionNotices.supplementedAt)))
    .orderBy(desc(correctionNotices.issuedAt))
    .limit(1);
  return row;
}

export async function insertNotice(tx: Tx, row: typeof correctionNotices.$inferInsert): Promise<CorrectionNoticeRow> {
  const [inserted] = await tx.insert(correctionNotices).values(row).returning();
  return inserted!;
}

export async function markNoticeSupplemented(tx: Tx, id: string, at: Date, on: string): Promise<void> {
  await tx
    .update(correctionNotices)
    .set({ supplementedAt: at, supplementedOn: on })
    .where(eq(correctionNotices.id, id));
}

// ── reads of the shared record (projects, codes, enterprises, users, regions, catalogue versions, cases) ──

/** Whether the project's code is registered here and active (not voided). */
export async function isCodeActive(db: Db | Tx, projectId: string, code: string): Promise<boolean> {
  const [row] = await db
    .select({ code: projectCodes.code })
    .from(projectCodes)
    .where(and(eq(projectCodes.code, code), eq(projectCodes.projectId, projectId), eq(projectCodes.status, 'active')));
  return row !== undefined;
}

export async function findProjectHeader(db: Db | Tx, projectId: string) {
  const [row] = await db
    .select({
      id: projects.id,
      code: projects.code,
      name: projects.name,
      enterpriseId: projects.enterpriseId,
      createdBy: projects.createdBy,
      enterpriseName: enterprises.name,
      enterpriseCreditCode: enterprises.creditCode,
    })
    .from(projects)
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .where(eq(projects.id, projectId));
  return row;
}

/** The codes from the root down to `code` (regions.path). */
export async function regionChain(db: Db | Tx, code: string): Promise<string[]> {
  const [row] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, code));
  return row ? row.path.split('/') : [code];
}

export async function regionPath(db: Db | Tx, code: string): Promise<string | undefined> {
  const [row] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, code));
  return row?.path;
}

export async function regionNames(db: Db | Tx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Active window accounts of the region or any of its ancestors: they receive the applications of the region. */
/**
 * The active window accounts of a region and of its ancestors. One statement: the region's path (root first) read
 * inside it, the region alone when it is not in the table.
 */
export async function findWindowUserIds(db: Db | Tx, regionCode: string): Promise<string[]> {
  const chain = sql`COALESCE((SELECT string_to_array(${regions.path}, '/') FROM ${regions} WHERE ${regions.code} = ${regionCode}), ARRAY[${regionCode}::text])`;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'window'), eq(users.status, 'active'), sql`${users.regionCode} = ANY(${chain})`));
  return rows.map((r) => r.id);
}

export async function findDepartmentsOfKind(db: Db | Tx, kind: string, regionCodes: string[]) {
  if (regionCodes.length === 0) return [];
  return db
    .select({ id: departments.id, name: departments.name, regionCode: departments.regionCode })
    .from(departments)
    .where(and(eq(departments.kind, kind), inArray(departments.regionCode, regionCodes)));
}

export async function findUserDepartmentName(db: Db | Tx, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: departments.name })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, userId));
  return row?.name;
}

export async function findEnterprise(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ id: enterprises.id, name: enterprises.name, regionCode: enterprises.regionCode })
    .from(enterprises)
    .where(eq(enterprises.id, id));
  return row;
}

/** The cases of an application (read-only view for the applicant and the window). */
export async function findCasesOfApplication(db: Db | Tx, applicationId: string) {
  return db
    .select({
      id: cases.id,
      caseNumber: cases.caseNumber,
      matterCode: cases.matterCode,
      matterName: cases.matterName,
      departmentId: cases.departmentId,
      departmentName: departments.name,
      status: cases.status,
      currentStep: cases.currentStep,
      steps: cases.steps,
      deadline: cases.deadline,
      decision: cases.decision,
      decidedOn: cases.decidedOn,
    })
    .from(cases)
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(eq(cases.applicationId, applicationId))
    .orderBy(asc(cases.caseNumber));
}

export async function findCase(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ id: cases.id, departmentId: cases.departmentId, applicationId: cases.applicationId })
    .from(cases)
    .where(eq(cases.id, id));
  return row;
}

// ── window inbox ──

export interface InboxFilter {
  regionPath: string;
  statuses: ApplicationStatus[];
  q?: string | undefined;
}

function inboxConditions(filter: InboxFilter): SQL | undefined {
  const conditions: SQL[] = [
    // Literal states, not parameters: a generic plan can then prove them within stage_applications_window_order_idx's
    // (migration 0025) and walk it. They are ApplicationStatus values, checked here all the same.
    sql`${stageApplications.status} IN (${sql.raw(filter.statuses.map(statusLiteral).join(', '))})`,
    inRegionSubtree(filter.regionPath),
  ];
  if (filter.q) {
    const q = filter.q;
    conditions.push(or(...[projects.name, projects.code, enterprises.name].map((column) => containsText(column, q)))!);
  }
  return and(...conditions);
}

/** The window list's order: 绿色通道 (credit green channel) first, then the oldest submitted. */
const inboxOrder = (t: { priority: AnyColumn; submittedAt: AnyColumn; id: AnyColumn }) => [
  desc(t.priority),
  sql`${t.submittedAt} ASC NULLS LAST`,
  asc(t.id),
];

/**
 * A page of the window's list. The page is chosen first, from the applications alone (off
 * stage_applications_window_order_idx, migrations 0025 and 0026: an index-only walk that tests the region on the way);
 * only its rows are then joined to their projects and enterprises. Joined before choosing, as it was, a deep page
 * joined every row it skipped (page 50 of a city: 1,000), and the generic plan PostgreSQL switched to after five runs
 * joined all the region's 13,284 and sorted them (200 ms at 1M projects, against 3 ms now under either plan). A name
 * search (`q`) tests the project and enterprise names while choosing, so it joins them there.
 */
export function inboxPageQuery(db: Db | Tx, filter: InboxFilter, page: { limit: number; offset: number }) {
  let chosen = db
    .select({
      id: stageApplications.id,
      priority: stageApplications.priority,
      submittedAt: stageApplications.submittedAt,
    })
    .from(stageApplications)
    .innerJoin(regions, eq(regions.code, stageApplications.regionCode))
    .$dynamic();
  if (filter.q) {
    chosen = chosen
      .innerJoin(projects, eq(projects.id, stageApplications.projectId))
      .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId));
  }
  const chosenPage = chosen
    .where(inboxConditions(filter))
    .orderBy(...inboxOrder(stageApplications))
    .limit(page.limit)
    .offset(page.offset)
    .as('page');
  return (
    db
      .select({
        application: stageApplications,
        projectCode: projects.code,
        projectName: projects.name,
        enterpriseName: enterprises.name,
        missingMaterialCount: sql<number>`(SELECT count(*)::int FROM ${applicationMaterials} m
        WHERE m.application_id = ${stageApplications.id} AND m.status = 'missing')`,
      })
      .from(chosenPage)
      .innerJoin(stageApplications, eq(stageApplications.id, chosenPage.id))
      .innerJoin(projects, eq(projects.id, stageApplications.projectId))
      .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
      // In the chosen page's own columns: the joins keep its order, so the page's rows need no sort of their own.
      .orderBy(...inboxOrder(chosenPage))
  );
}

export async function findInbox(db: Db | Tx, filter: InboxFilter, page: { limit: number; offset: number }) {
  const where = inboxConditions(filter);
  const rows = await inboxPageQuery(db, filter, page);
  // The project and the enterprise are joined for q only: without it the count is an index-only scan of
  // stage_applications_inbox_idx (state, region) — a city's 13,284 in ~2 ms at 1M projects, 130 ms through the joins.
  let counted = db
    .select({ n: sql<number>`count(*)::int` })
    .from(stageApplications)
    .$dynamic();
  if (filter.q) {
    counted = counted
      .innerJoin(projects, eq(projects.id, stageApplications.projectId))
      .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId));
  }
  const [total] = await counted.innerJoin(regions, eq(regions.code, stageApplications.regionCode)).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** An application state as an SQL literal (findInbox); anything but a plain word is refused. */
function statusLiteral(status: ApplicationStatus): string {
  if (!/^[A-Za-z]+$/.test(status)) throw new Error(`not an application status: ${status}`);
  return `'${status}'`;
}

// ── sweeps ──

export async function findOverdueSubmitted(db: Db | Tx, today: string): Promise<string[]> {
  const rows = await db
    .select({ id: stageApplications.id })
    .from(stageApplications)
    .where(and(eq(stageApplications.status, 'submitted'), lt(stageApplications.correctionDueOn, today)));
  return rows.map((r) => r.id);
}

export async function findLapsedTolerance(db: Db | Tx, today: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: stageApplications.id })
    .from(stageApplications)
    .innerJoin(applicationMaterials, eq(applicationMaterials.applicationId, stageApplications.id))
    .where(
      and(
        eq(stageApplications.status, 'accepted'),
        lt(stageApplications.toleranceDueOn, today),
        eq(applicationMaterials.status, 'tolerated'),
      ),
    );
  return rows.map((r) => r.id);
}

// ── credit grades ──

export async function findCreditGrades(db: Db | Tx, enterpriseId: string): Promise<CreditGradeRow[]> {
  return db
    .select()
    .from(creditGrades)
    .where(eq(creditGrades.enterpriseId, enterpriseId))
    .orderBy(desc(creditGrades.recordedAt));
}

export async function insertCreditGrade(tx: Tx, row: typeof creditGrades.$inferInsert): Promise<CreditGradeRow> {
  const [inserted] = await tx.insert(creditGrades).values(row).returning();
  return inserted!;
}

// ── verification tasks ──

export async function insertVerificationTasks(tx: Tx, rows: (typeof verificationTasks.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(verificationTasks).values(rows);
}

export async function findVerificationTasks(
  db: Db | Tx,
  filter: {
    id?: string;
    departmentId?: string;
    regionPath?: string;
    status?: 'open' | 'passed' | 'failed' | undefined;
  },
) {
  const conditions: SQL[] = [];
  if (filter.id) conditions.push(eq(verificationTasks.id, filter.id));
  if (filter.departmentId) conditions.push(eq(cases.departmentId, filter.departmentId));
  if (filter.regionPath) {
    conditions.push(inRegionSubtree(filter.regionPath));
  }
  if (filter.status) conditions.push(eq(verificationTasks.status, filter.status));
  return db
    .select({
      task: verificationTasks,
      caseNumber: cases.caseNumber,
      matterCode: cases.matterCode,
      matterName: cases.matterName,
      departmentId: cases.departmentId,
      projectCode: projects.code,
      projectName: projects.name,
      enterpriseName: enterprises.name,
    })
    .from(verificationTasks)
    .innerJoin(stageApplications, eq(stageApplications.id, verificationTasks.applicationId))
    .innerJoin(regions, eq(regions.code, stageApplications.regionCode))
    .innerJoin(projects, eq(projects.id, stageApplications.projectId))
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .leftJoin(cases, eq(cases.id, verificationTasks.caseId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(verificationTasks.dueOn), asc(verificationTasks.createdAt));
}

export async function lockVerificationTask(tx: Tx, id: string): Promise<VerificationTaskRow | undefined> {
  const [row] = await tx.select().from(verificationTasks).where(eq(verificationTasks.id, id)).for('update');
  return row;
}

export async function updateVerificationTask(
  tx: Tx,
  id: string,
  patch: Partial<typeof verificationTasks.$inferInsert>,
): Promise<void> {
  await tx.update(verificationTasks).set(patch).where(eq(verificationTasks.id, id));
}
