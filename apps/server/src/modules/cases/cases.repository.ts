/**
 * Queries of the cases module (办件). Reads of the organisation tables (departments, regions, users) and of the project
 * record are plain lookups by key for display and routing, as other modules do; the application itself is reached only
 * through the applications service.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import { concurrently } from '../../db/concurrently.ts';
import { cappedCountQuery, cappedTotal } from '../../lib/capped-total.ts';
import type { Db, Tx } from '../../db/database.ts';
import {
  caseActions,
  caseClockEntries,
  caseConsultations,
  cases,
  caseSignatures,
  caseSpecialProcedures,
  departments,
  enterprises,
  licences,
  projects,
  regions,
  stageApplications,
  users,
} from '../../db/schema/index.ts';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type ClockEntryRow = typeof caseClockEntries.$inferSelect;
export type CaseActionInsert = typeof caseActions.$inferInsert;
export type SpecialProcedureRow = typeof caseSpecialProcedures.$inferSelect;
export type ConsultationRow = typeof caseConsultations.$inferSelect;

type Reader = Db | Tx;

/**
 * For each department kind, the department of that kind in `regionCode`, or in the nearest ancestor region that has one
 * (a development zone often has no 住建 or 自然资源 of its own: the city's handles its cases); absent when none up to the
 * root. Two statements for any number of kinds: the region's path, then the departments of those kinds along it.
 */
export async function findDepartmentsForKinds(
  db: Reader,
  regionCode: string,
  kinds: string[],
): Promise<Map<string, { id: string; name: string; regionCode: string }>> {
  const found = new Map<string, { id: string; name: string; regionCode: string }>();
  if (kinds.length === 0) return found;
  // One statement: the region's path (root first, itself last) and the departments of those kinds on it.
  const of = db.select({ path: regions.path }).from(regions).where(eq(regions.code, regionCode)).as('of');
  const rows = await db
    .select({
      id: departments.id,
      name: departments.name,
      regionCode: departments.regionCode,
      kind: departments.kind,
      path: of.path,
    })
    .from(departments)
    .innerJoin(of, sql`${departments.regionCode} = ANY(string_to_array(${of.path}, '/'))`)
    .where(inArray(departments.kind, [...new Set(kinds)]));
  if (rows.length === 0) return found;
  const ancestors = rows[0]!.path.split('/');
  // Nearest first: the deeper the region in the path, the nearer.
  rows.sort((a, b) => ancestors.indexOf(b.regionCode) - ancestors.indexOf(a.regionCode));
  for (const { kind, path: _path, ...department } of rows) if (!found.has(kind)) found.set(kind, department);
  return found;
}

/** The path of a region (the data scope of a staff account is the subtree under it). */
export async function findDepartmentRegionPath(db: Reader, regionCode: string): Promise<string | undefined> {
  const [row] = await db.select({ path: regions.path }).from(regions).where(eq(regions.code, regionCode));
  return row?.path;
}

export async function findDepartment(db: Reader, id: string) {
  const [row] = await db
    .select({
      id: departments.id,
      name: departments.name,
      kind: departments.kind,
      regionCode: departments.regionCode,
      regionPath: regions.path,
    })
    .from(departments)
    .innerJoin(regions, eq(regions.code, departments.regionCode))
    .where(eq(departments.id, id));
  return row;
}

/** Active department users of `departmentId` holding `step` (or any step when `step` is null). */
export async function findDepartmentUserIds(
  db: Reader,
  departmentId: string,
  step: 'undertake' | 'review' | 'sign' | null,
): Promise<string[]> {
  const conditions: SQL[] = [
    eq(users.departmentId, departmentId),
    eq(users.role, 'department'),
    eq(users.status, 'active'),
  ];
  if (step) conditions.push(sql`${step} = ANY(${users.departmentSteps})`);
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(...conditions));
  return rows.map((r) => r.id);
}

/**
 * The active accounts of several departments with their step permissions, in one statement; `holders` picks those of
 * one department holding a step's permission (as findDepartmentUserIds does for one).
 */
export async function findUsersOfDepartments(db: Reader, departmentIds: string[]) {
  const rows =
    departmentIds.length === 0
      ? []
      : await db
          .select({ id: users.id, departmentId: users.departmentId, steps: users.departmentSteps })
          .from(users)
          .where(
            and(
              inArray(users.departmentId, [...new Set(departmentIds)]),
              eq(users.role, 'department'),
              eq(users.status, 'active'),
            ),
          );
  return {
    holders: (departmentId: string, step: 'undertake' | 'review' | 'sign' | null): string[] =>
      rows
        .filter((r) => r.departmentId === departmentId && (step === null || (r.steps as string[]).includes(step)))
        .map((r) => r.id),
  };
}

/** Active users of a department holding a step permission, with their names (转办 candidates). */
export async function findDepartmentUsers(
  db: Reader,
  departmentId: string,
  step: 'undertake' | 'review' | 'sign',
): Promise<{ id: string; displayName: string }[]> {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(
      and(
        eq(users.departmentId, departmentId),
        eq(users.role, 'department'),
        eq(users.status, 'active'),
        sql`${step} = ANY(${users.departmentSteps})`,
      ),
    )
    .orderBy(asc(users.displayName));
}

export async function findUser(db: Reader, id: string) {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      departmentId: users.departmentId,
      status: users.status,
      displayName: users.displayName,
    })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

/** Supervisors whose scope (region subtree) covers the region at `regionPath`. */
export async function findSupervisorIdsCovering(db: Reader, regionPath: string): Promise<string[]> {
  const ancestors = regionPath.split('/');
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'supervisor'), eq(users.status, 'active'), inArray(users.regionCode, ancestors)));
  return rows.map((r) => r.id);
}

export async function findProjectByCode(db: Reader, code: string) {
  const [row] = await db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.code, code));
  return row;
}

/**
 * New cases (ids made by the caller) with their clock ledgers' first entries and their history's first rows: the three
 * inserts are handed to the connection in this order before any answer is awaited, so they leave in one send and
 * PostgreSQL checks each entry's and row's case against the cases inserted just before (writes-per-tick.ts).
 */
export async function insertCasesWithFirstRows(
  tx: Tx,
  rows: (CaseInsert & { id: string })[],
  clockEntries: (typeof caseClockEntries.$inferInsert)[],
  actions: CaseActionInsert[],
): Promise<CaseRow[]> {
  const inserted = tx.insert(cases).values(rows).returning().execute();
  const entries = clockEntries.length ? tx.insert(caseClockEntries).values(clockEntries).execute() : null;
  const history = actions.length ? tx.insert(caseActions).values(actions).execute() : null;
  const [caseRows] = await concurrently([inserted, entries, history]);
  return caseRows;
}

export async function updateCase(tx: Tx, id: string, patch: Partial<CaseInsert>): Promise<void> {
  await caseUpdate(tx, id, patch);
}

/** The update of one case, not sent yet (awaiting it sends it; or `sendWithCommit`). */
export function caseUpdate(tx: Tx, id: string, patch: Partial<CaseInsert>) {
  return tx.update(cases).set(patch).where(eq(cases.id, id));
}

export async function findCase(db: Reader, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export async function lockCase(tx: Tx, id: string): Promise<CaseRow | undefined> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  return row;
}

/**
 * Locks every case of an application, in id order (no deadlock between two deciders). Taken first by every decision
 * transaction, it serialises the deciders of one application, so exactly one of them sees all cases decided.
 */
export async function lockCasesOfApplication(tx: Tx, applicationId: string): Promise<CaseRow[]> {
  return tx.select().from(cases).where(eq(cases.applicationId, applicationId)).orderBy(asc(cases.id)).for('update');
}

/**
 * `lockCasesOfApplication` reached from one of its cases: the application is found by the same statement (a subquery),
 * so a decision needs no read of its case before it takes the locks. Each row carries the application's catalogue
 * version (a scalar subquery: read, not locked), which says whether the decided matter issues a licence. Empty when the
 * case does not exist.
 */
export async function lockCasesOfApplicationOfCase(
  tx: Tx,
  caseId: string,
): Promise<(CaseRow & { catalogueVersion: string })[]> {
  return tx
    .select({
      ...getTableColumns(cases),
      catalogueVersion: sql<string>`(SELECT ${stageApplications.catalogueVersion} FROM ${stageApplications} WHERE ${stageApplications.id} = ${cases.applicationId})`,
    })
    .from(cases)
    .where(sql`${cases.applicationId} = (SELECT c.application_id FROM ${cases} c WHERE c.id = ${caseId})`)
    .orderBy(asc(cases.id))
    .for('update');
}

export async function findCasesOfApplication(db: Reader, applicationId: string): Promise<CaseRow[]> {
  return db.select().from(cases).where(eq(cases.applicationId, applicationId)).orderBy(asc(cases.caseNumber));
}

export async function findCaseByApplicationMatter(db: Reader, applicationId: string, matterCode: string) {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.applicationId, applicationId), eq(cases.matterCode, matterCode)));
  return row;
}

/** Open cases (for the clock sweep), oldest deadline first. */
export async function findOpenCaseIds(db: Reader): Promise<string[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(inArray(cases.status, ['pending', 'inProgress', 'suspended']))
    .orderBy(asc(cases.deadline));
  return rows.map((r) => r.id);
}

/**
 * The open cases whose warning level can have changed since the last sweep stored it, judged from the stored deadline
 * (ADR 0007): not yet yellow and due before `yellowBefore` (at most CLOCK_YELLOW_WORKING_DAYS working days left today),
 * not yet red and past the deadline, or red and not yet escalated. A superset of the cases the sweep must act on, as
 * long as the stored deadlines were computed with the calendar in force (the sweep does a full pass when it changes).
 * Reads only index ranges that hold due cases (migration 0013), whatever the number of open or overdue cases.
 */
export async function findDueCaseIds(db: Reader, input: { today: string; yellowBefore: string }): Promise<string[]> {
  // One range per level (UNION ALL), each a range scan of the partial index cases_warning_due_idx (migration 0013),
  // whose predicate every branch repeats; red cases already escalated are not in it at all.
  const due = sql`status IN ('pending', 'inProgress', 'suspended') AND (clock_level <> 'red' OR escalated_at IS NULL)`;
  const result = await db.execute<{ id: string }>(sql`
    SELECT id, deadline FROM cases WHERE ${due} AND clock_level = 'normal' AND deadline < ${input.yellowBefore}::date
    UNION ALL
    SELECT id, deadline FROM cases WHERE ${due} AND clock_level = 'yellow' AND deadline < ${input.today}::date
    UNION ALL
    SELECT id, deadline FROM cases WHERE ${due} AND clock_level = 'red'
    ORDER BY deadline, id`);
  return result.rows.map((r) => r.id);
}

/** Cases by id, in one query (order not kept). */
export async function findCasesByIds(db: Reader, ids: string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(cases).where(inArray(cases.id, ids));
}

/** A fingerprint of the calendar overrides: stored deadlines were computed with the calendar of the same fingerprint. */
export async function calendarOverridesFingerprint(db: Reader): Promise<string> {
  const result = await db.execute<{ f: string | null }>(
    sql`SELECT string_agg(day::text || ':' || kind, ',' ORDER BY day) AS f FROM calendar_overrides`,
  );
  return result.rows[0]?.f ?? '';
}

// ── Clock ledger ──

export async function findClockEntries(db: Reader, caseId: string): Promise<ClockEntryRow[]> {
  return db
    .select()
    .from(caseClockEntries)
    .where(eq(caseClockEntries.caseId, caseId))
    .orderBy(asc(caseClockEntries.seq));
}

/** The ledgers of many cases in one query (inbox pages), ordered by case and sequence. */
export async function findClockEntriesOfCases(db: Reader, caseIds: string[]): Promise<ClockEntryRow[]> {
  if (caseIds.length === 0) return [];
  return db
    .select()
    .from(caseClockEntries)
    .where(inArray(caseClockEntries.caseId, caseIds))
    .orderBy(asc(caseClockEntries.caseId), asc(caseClockEntries.seq));
}

export async function insertClockEntries(tx: Tx, rows: (typeof caseClockEntries.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(caseClockEntries).values(rows);
}

// ── Actions, procedures, consultations, signatures ──

export async function insertActions(tx: Tx, rows: CaseActionInsert[]): Promise<void> {
  if (rows.length) await insertAction(tx, rows[0]!, ...rows.slice(1));
}

/** The insert of one or more history rows, not sent yet (awaiting it sends it; or hand it to `sendWithCommit`). */
export function insertAction(tx: Tx, row: CaseActionInsert, ...more: CaseActionInsert[]) {
  return tx.insert(caseActions).values([row, ...more]);
}

export async function findActions(db: Reader, caseId: string) {
  return db
    .select({
      kind: caseActions.kind,
      fromStep: caseActions.fromStep,
      toStep: caseActions.toStep,
      opinion: caseActions.opinion,
      data: caseActions.data,
      actorName: users.displayName,
      departmentName: departments.name,
      at: caseActions.at,
    })
    .from(caseActions)
    .leftJoin(users, eq(users.id, caseActions.actorId))
    .leftJoin(departments, eq(departments.id, caseActions.actorDepartmentId))
    .where(eq(caseActions.caseId, caseId))
    .orderBy(asc(caseActions.id));
}

export async function findActionsOfCases(db: Reader, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({
      caseId: caseActions.caseId,
      kind: caseActions.kind,
      fromStep: caseActions.fromStep,
      toStep: caseActions.toStep,
      opinion: caseActions.opinion,
      departmentName: departments.name,
      at: caseActions.at,
    })
    .from(caseActions)
    .leftJoin(departments, eq(departments.id, caseActions.actorDepartmentId))
    .where(inArray(caseActions.caseId, caseIds))
    .orderBy(asc(caseActions.id));
}

export async function insertSpecialProcedure(
  tx: Tx,
  row: typeof caseSpecialProcedures.$inferInsert,
): Promise<SpecialProcedureRow> {
  const [inserted] = await tx.insert(caseSpecialProcedures).values(row).returning();
  return inserted!;
}

export async function findSpecialProcedures(db: Reader, caseId: string): Promise<SpecialProcedureRow[]> {
  return db
    .select()
    .from(caseSpecialProcedures)
    .where(eq(caseSpecialProcedures.caseId, caseId))
    .orderBy(asc(caseSpecialProcedures.startedOn));
}

export async function findOpenSpecialProcedure(db: Reader, caseId: string, procedureId: string) {
  const [row] = await db
    .select()
    .from(caseSpecialProcedures)
    .where(
      and(
        eq(caseSpecialProcedures.caseId, caseId),
        eq(caseSpecialProcedures.id, procedureId),
        isNull(caseSpecialProcedures.endedOn),
      ),
    );
  return row;
}

export async function endSpecialProcedure(tx: Tx, id: string, endedOn: string, result: string): Promise<void> {
  await tx.update(caseSpecialProcedures).set({ endedOn, result }).where(eq(caseSpecialProcedures.id, id));
}

export async function insertConsultation(tx: Tx, row: typeof caseConsultations.$inferInsert): Promise<ConsultationRow> {
  const [inserted] = await tx.insert(caseConsultations).values(row).returning();
  return inserted!;
}

export async function lockConsultation(tx: Tx, id: string): Promise<ConsultationRow | undefined> {
  const [row] = await tx.select().from(caseConsultations).where(eq(caseConsultations.id, id)).for('update');
  return row;
}

export async function updateConsultation(tx: Tx, id: string, patch: Partial<ConsultationRow>): Promise<void> {
  await tx.update(caseConsultations).set(patch).where(eq(caseConsultations.id, id));
}

const consultationColumns = {
  id: caseConsultations.id,
  caseId: caseConsultations.caseId,
  caseNumber: cases.caseNumber,
  matterName: cases.matterName,
  toDepartmentId: caseConsultations.toDepartmentId,
  toDepartmentName: departments.name,
  question: caseConsultations.question,
  requestedAt: caseConsultations.requestedAt,
  reply: caseConsultations.reply,
  repliedAt: caseConsultations.repliedAt,
};

export async function findConsultationsOfCase(db: Reader, caseId: string) {
  return db
    .select(consultationColumns)
    .from(caseConsultations)
    .innerJoin(cases, eq(cases.id, caseConsultations.caseId))
    .innerJoin(departments, eq(departments.id, caseConsultations.toDepartmentId))
    .where(eq(caseConsultations.caseId, caseId))
    .orderBy(asc(caseConsultations.requestedAt));
}

export async function findConsultationsTo(db: Reader, departmentId: string, openOnly: boolean) {
  const conditions: SQL[] = [eq(caseConsultations.toDepartmentId, departmentId)];
  if (openOnly) conditions.push(isNull(caseConsultations.repliedAt));
  return db
    .select(consultationColumns)
    .from(caseConsultations)
    .innerJoin(cases, eq(cases.id, caseConsultations.caseId))
    .innerJoin(departments, eq(departments.id, caseConsultations.toDepartmentId))
    .where(and(...conditions))
    .orderBy(asc(caseConsultations.requestedAt));
}

export async function insertSignature(tx: Tx, row: typeof caseSignatures.$inferInsert): Promise<boolean> {
  const inserted = await tx
    .insert(caseSignatures)
    .values(row)
    .onConflictDoNothing()
    .returning({ caseId: caseSignatures.caseId });
  return inserted.length > 0;
}

export async function deleteSignatures(tx: Tx, caseId: string, stepCodes: string[]): Promise<void> {
  if (stepCodes.length === 0) return;
  await tx
    .delete(caseSignatures)
    .where(and(eq(caseSignatures.caseId, caseId), inArray(caseSignatures.stepCode, stepCodes)));
}

export async function findSignatures(db: Reader, caseId: string) {
  return db
    .select({
      stepCode: caseSignatures.stepCode,
      departmentKind: caseSignatures.departmentKind,
      signerName: users.displayName,
      opinion: caseSignatures.opinion,
      signedAt: caseSignatures.signedAt,
    })
    .from(caseSignatures)
    .innerJoin(users, eq(users.id, caseSignatures.signedBy))
    .where(eq(caseSignatures.caseId, caseId))
    .orderBy(asc(caseSignatures.signedAt));
}

export async function findLicenceNumberOfCase(db: Reader, caseId: string): Promise<string | null> {
  const [row] = await db.select({ number: licences.number }).from(licences).where(eq(licences.caseId, caseId));
  return row?.number ?? null;
}

export async function findLicenceNumbersOfCases(db: Reader, caseIds: string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .select({ caseId: licences.caseId, number: licences.number })
    .from(licences)
    .where(inArray(licences.caseId, caseIds));
  return new Map(rows.filter((r) => r.caseId !== null).map((r) => [r.caseId!, r.number]));
}

// ── Lists ──

export interface CaseListFilter {
  departmentId?: string | undefined;
  /** Region subtree (path prefix) of the case's department. */
  regionPath?: string | undefined;
  statuses?: string[] | undefined;
  stepKinds?: string[] | undefined;
  level?: 'normal' | 'yellow' | 'red' | undefined;
  levels?: ('yellow' | 'red')[] | undefined;
  projectId?: string | undefined;
  /** Todo lists: cases not transferred to someone else (unassigned or assigned to this user). */
  assignableTo?: string | undefined;
  /** `deadline` (the default): the nearest deadline first, none last. `decided`: the newest decision first (已办结). */
  order?: 'deadline' | 'decided' | undefined;
}

const listColumns = {
  case: cases,
  projectCode: projects.code,
  projectName: projects.name,
  enterpriseName: enterprises.name,
  departmentName: departments.name,
};

export type CaseListRow = {
  case: CaseRow;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  departmentName: string;
};

function listConditions(filter: CaseListFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.departmentId) conditions.push(eq(cases.departmentId, filter.departmentId));
  if (filter.regionPath)
    conditions.push(sql`(${regions.path} = ${filter.regionPath} OR ${regions.path} LIKE ${`${filter.regionPath}/%`})`);
  if (filter.statuses) conditions.push(inArray(cases.status, filter.statuses as CaseRow['status'][]));
  if (filter.level) conditions.push(eq(cases.clockLevel, filter.level));
  if (filter.levels) conditions.push(inArray(cases.clockLevel, filter.levels));
  if (filter.projectId) conditions.push(eq(cases.projectId, filter.projectId));
  if (filter.assignableTo)
    conditions.push(sql`(${cases.assigneeId} IS NULL OR ${cases.assigneeId} = ${filter.assignableTo})`);
  if (filter.stepKinds) {
    // The current step's kind, looked up in the case's own step snapshot.
    conditions.push(
      sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${cases.steps}) s WHERE s->>'code' = ${cases.currentStep} AND s->>'kind' IN (${sql.join(
        filter.stepKinds.map((k) => sql`${k}`),
        sql`, `,
      )}))`,
    );
  }
  return conditions;
}

/** A select from cases with their departments and the departments' regions joined (the list's region filter). */
const withDepartmentRegions = <T extends PgSelect>(query: T) =>
  query
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .innerJoin(regions, eq(regions.code, departments.regionCode));

/** The filter's order, then by case number, in the columns of `t` (the cases, or the chosen page of them). */
const caseListOrder = (
  filter: CaseListFilter,
  t: { decidedAt: AnyColumn; deadline: AnyColumn; caseNumber: AnyColumn },
) => [
  filter.order === 'decided' ? sql`${t.decidedAt} DESC NULLS LAST` : sql`${t.deadline} ASC NULLS LAST`,
  asc(t.caseNumber),
];

/**
 * A page of cases in the filter's order, then by case number. The page is chosen from the cases alone (with their
 * departments and regions, which the filter reads), and only its rows are then joined to their projects and
 * enterprises: joined before choosing, every open case of a department was joined before its 20 were kept (118 for
 * 温州市发改委 at 5M cases), and every case a deep page skipped (已办结 page 50: 1,000).
 */
export function caseListPageQuery(db: Reader, filter: CaseListFilter, page: { limit: number; offset: number }) {
  const chosen = withDepartmentRegions(
    db
      .select({ id: cases.id, decidedAt: cases.decidedAt, deadline: cases.deadline, caseNumber: cases.caseNumber })
      .from(cases)
      .$dynamic(),
  )
    .where(and(...listConditions(filter)))
    // A department's decided cases are read off cases_department_decided_idx, a supervisor's region off
    // cases_deadline_idx (migration 0024); the open cases' lists are small and sorted.
    .orderBy(...caseListOrder(filter, cases))
    .limit(page.limit)
    .offset(page.offset)
    .as('page');
  return (
    db
      .select(listColumns)
      .from(chosen)
      .innerJoin(cases, eq(cases.id, chosen.id))
      .innerJoin(projects, eq(projects.id, cases.projectId))
      .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
      .innerJoin(departments, eq(departments.id, cases.departmentId))
      // In the chosen page's own columns: the joins keep its order, so the page's rows need no sort of their own.
      .orderBy(...caseListOrder(filter, chosen))
  );
}

/**
 * A page of cases and their total. `capTotal`: count only up to COUNT_CAP + 1 (lib/capped-total.ts)
 * — a supervisor's list spans a region's cases, millions for a province (a city's 665,000 took 66 ms to count at 5M
 * cases, the province's 450 ms; capped, 2–5 ms). The others count exactly: a department's cases by an index-only scan
 * (6 ms for 72,000), the supervisor's warnings off cases_open_level_department_idx (migration 0023), where a capped
 * count was the slower (193 against 15 ms).
 */
export async function listCases(
  db: Reader,
  filter: CaseListFilter,
  page: { limit: number; offset: number },
  options: { capTotal?: boolean } = {},
): Promise<{ rows: CaseListRow[]; total: number; totalIsLowerBound: boolean }> {
  const where = and(...listConditions(filter));
  const pageRows = caseListPageQuery(db, filter, page);
  if (options.capTotal) {
    const rows = await pageRows;
    const { total, capped } = await cappedTotal(rows.length, page, async () => {
      const [counted] = await cappedCountQuery(db, cases, where, withDepartmentRegions);
      return counted?.n ?? 0;
    });
    return { rows, total, totalIsLowerBound: capped };
  }
  const [rows, [totalRow]] = await Promise.all([
    pageRows,
    withDepartmentRegions(db.select({ n: count() }).from(cases).$dynamic()).where(where),
  ]);
  return { rows, total: totalRow?.n ?? 0, totalIsLowerBound: false };
}

export async function findCaseListRow(db: Reader, id: string): Promise<CaseListRow | undefined> {
  const [row] = await db
    .select(listColumns)
    .from(cases)
    .innerJoin(projects, eq(projects.id, cases.projectId))
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(eq(cases.id, id));
  return row;
}

export async function findProjectCaseRows(db: Reader, projectId: string): Promise<CaseListRow[]> {
  return db
    .select(listColumns)
    .from(cases)
    .innerJoin(projects, eq(projects.id, cases.projectId))
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(eq(cases.projectId, projectId))
    .orderBy(desc(cases.createdAt), asc(cases.caseNumber));
}

/** The project's approved matters with their decision dates (for the 一项目一方案 roadmap's progress). */
export async function findApprovedMatters(db: Reader, projectId: string) {
  return db
    .select({ code: cases.matterCode, completedOn: cases.decidedOn })
    .from(cases)
    .where(and(eq(cases.projectId, projectId), eq(cases.status, 'approved')));
}
