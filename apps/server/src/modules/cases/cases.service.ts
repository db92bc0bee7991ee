/**
 * Cases (办件) in the departments: inbox, detail with the explained clock, the internal steps 承办 → 审核 → 签发 (会签/或签,
 * 退回, 转办), 征求意见, special procedures that stop the clock (行政许可法 art.45), extension (art.42; 条例673 art.10), the
 * decision (准予 → licence, 不予 with reasons, art.38), 督办 by supervisors, and the applicant's / public progress views.
 *
 * Object-level rules: a department user reads the cases of their own department (plus cases whose current 会签/或签 step
 * their department takes part in, and cases that consulted their department); acts only at a step they hold
 * (403 STEP_NOT_YOURS); another department's case is 404. Supervisors read cases within their region subtree and urge.
 * Every state change goes through `nextCaseState` in one audited transaction with its case_actions row and notices.
 */
import {
  canCaseTransition,
  canReturnTo,
  isFinalStep,
  nextCaseState,
  nextStep,
  stepSignatureComplete,
  type CaseEvent,
  type ClockLine,
  type ClockState,
  type DepartmentKind,
  type InternalStep,
  type WorkingDayCalendar,
} from '@yiwang/domain';
import { concurrently } from '../../db/concurrently.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { CaseStatus, CaseStepSnapshot, DepartmentStep, SpecialProcedureKind } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { withDomainRule } from '../../lib/domain-errors.ts';
import {
  getApplicationSummary,
  isMatterClockStoppable,
  type ApplicationSummary,
} from '../applications/applications.service.ts';
import { runAuditedTransaction, type AuditContext, type RecordAudit } from '../audit/audit.service.ts';
import { issueLicenceForCase, matterIssuesLicence } from '../licences/licences.service.ts';
import { noticeStatements, notify, type NoticeInput } from '../notifications/notifications.service.ts';
import { isRegionWithin, listRegions } from '../organisations/organisations.service.ts';
import { departmentFiguresOf, type DepartmentFigures } from '../supervision/supervision.service.ts';
import { applicantSideUserIds, applicantSideUserIdsOfCase, loadVisibleProject } from '../projects/projects.service.ts';
import {
  appendClockEntry,
  calendarFor,
  clockOf,
  ledgersOf,
  LEGAL_BASIS_GENERAL_LIMIT,
  LEGAL_BASIS_RATIFICATION,
  LEGAL_BASIS_SPECIAL_PROCEDURE,
  today,
  toClockEntry,
} from './case-clock.ts';
import { afterDecision } from './case-progress.ts';
import { caseLink, permissionOfStep, STEP_PERMISSION } from './case-rules.ts';
import * as repo from './cases.repository.ts';

const OPEN_STATUSES = ['pending', 'inProgress', 'suspended'] as const;
const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

export const SPECIAL_PROCEDURE_NAMES: Readonly<Record<SpecialProcedureKind, string>> = Object.freeze({
  expertReview: '专家评审',
  hearing: '听证',
  testing: '检验检测',
  siteInspection: '现场踏勘',
  publicity: '公示',
  commissionedEvaluation: '委托评估',
});

// ── Views ──

export interface CaseListItem {
  id: string;
  caseNumber: string;
  matterCode: string;
  matterName: string;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  departmentName: string;
  status: CaseStatus;
  currentStep: string;
  currentStepName: string;
  deadline: string | null;
  remainingWorkingDays: number;
  level: 'normal' | 'yellow' | 'red';
  clockRunning: boolean;
  urgeCount: number;
  decidedOn: string | null;
  decision: 'approved' | 'denied' | null;
}

export interface CaseDetail extends CaseListItem {
  applicationId: string;
  projectId: string;
  steps: CaseStepSnapshot[];
  dependsOn: string[];
  assigneeId: string | null;
  limitWorkingDays: number;
  maxExtensionWorkingDays: number;
  decisionOpinion: string | null;
  lastUrgedAt: string | null;
  escalatedAt: string | null;
  application: ApplicationSummary | null;
  clock: Omit<ClockState, 'lines'> & { lines: ClockLine[] };
  actions: {
    kind: string;
    fromStep: string | null;
    toStep: string | null;
    opinion: string | null;
    actorName: string | null;
    departmentName: string | null;
    at: string;
  }[];
  specialProcedures: {
    id: string;
    kind: string;
    kindName: string;
    reason: string;
    expectedWorkingDays: number;
    startedOn: string;
    endedOn: string | null;
    result: string | null;
  }[];
  consultations: ConsultationView[];
  signatures: {
    stepCode: string;
    departmentKind: string;
    signerName: string;
    opinion: string | null;
    signedAt: string;
  }[];
  licence: { number: string } | null;
  allowedActions: string[];
}

export interface ConsultationView {
  id: string;
  caseId: string;
  caseNumber: string;
  matterName: string;
  toDepartmentId: string;
  toDepartmentName: string;
  question: string;
  requestedAt: string;
  reply: string | null;
  repliedAt: string | null;
}

/** Remaining working days as shown to people: overdue days count down below zero. */
function remainingOf(clock: ClockState | undefined): number | null {
  if (!clock) return null;
  return clock.overdueWorkingDays > 0 ? -clock.overdueWorkingDays : clock.remainingWorkingDays;
}

function stepName(steps: readonly CaseStepSnapshot[], code: string): string {
  return steps.find((s) => s.code === code)?.name ?? code;
}

function listItem(row: repo.CaseListRow, clock: ClockState | null): CaseListItem {
  const c = row.case;
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    matterCode: c.matterCode,
    matterName: c.matterName,
    projectCode: row.projectCode,
    projectName: row.projectName,
    enterpriseName: row.enterpriseName,
    departmentName: row.departmentName,
    status: c.status,
    currentStep: c.currentStep,
    currentStepName: stepName(c.steps, c.currentStep),
    deadline: c.deadline,
    // Overdue days count down below zero, as on the case's own page: an overdue case listed "0 days left".
    remainingWorkingDays: remainingOf(clock ?? undefined) ?? 0,
    level: c.clockLevel,
    clockRunning: c.clockRunning,
    urgeCount: c.urgeCount,
    decidedOn: c.decidedOn,
    decision: c.decision,
  };
}

/** A list's rows as list items, each with its clock as of today (one read of the clock ledgers for the page). */
async function listItems(ctx: AppContext, rows: repo.CaseListRow[]): Promise<CaseListItem[]> {
  const clocks = await clocksOf(
    ctx,
    await calendarFor(ctx, ctx.db),
    rows.map((r) => r.case.id),
  );
  return rows.map((r) => listItem(r, clocks.get(r.case.id) ?? null));
}

async function clocksOf(
  ctx: AppContext,
  calendar: WorkingDayCalendar,
  caseIds: string[],
): Promise<Map<string, ClockState>> {
  const on = today(ctx);
  const out = new Map<string, ClockState>();
  for (const [id, ledger] of await ledgersOf(ctx.db, caseIds)) out.set(id, clockOf(ctx, ledger, calendar, on));
  return out;
}

/** One row of the case's history, by the acting user (case, actor, department and time filled in). */
/** The case's history row for the actor's action: awaited, or handed to `sendWithCommit` (a pending statement). */
function recordAction(
  tx: Tx,
  c: Pick<repo.CaseRow, 'id'>,
  actor: Actor,
  at: Date,
  action: Omit<repo.CaseActionInsert, 'caseId' | 'actorId' | 'actorDepartmentId' | 'at'>,
) {
  return repo.insertAction(tx, {
    ...action,
    caseId: c.id,
    actorId: actor.id,
    actorDepartmentId: actor.departmentId,
    at,
  });
}

// ── Access ──

type Access = 'own' | 'participant' | 'consulted' | 'supervisor';

/** How the actor may see the case, or 404 (no existence leak). `db`: the caller's transaction when it holds one. */
async function accessTo(ctx: AppContext, actor: Actor, c: repo.CaseRow, db: Db | Tx = ctx.db): Promise<Access> {
  if (actor.role === 'department' && actor.departmentId) {
    if (c.departmentId === actor.departmentId) return 'own';
    const mine = await repo.findDepartment(db, actor.departmentId);
    const step = c.steps.find((s) => s.code === c.currentStep);
    if (mine && step && step.signMode !== 'single' && (step.participants as string[]).includes(mine.kind))
      return 'participant';
    const consulted = await repo.findConsultationsTo(db, actor.departmentId, false);
    if (consulted.some((x) => x.caseId === c.id)) return 'consulted';
  }
  if (actor.role === 'supervisor') {
    const department = await repo.findDepartment(db, c.departmentId);
    if (department && (await isRegionWithin(db, department.regionCode, actor.regionCode))) return 'supervisor';
  }
  throw new AppError('NOT_FOUND');
}

function stepOf(c: repo.CaseRow): CaseStepSnapshot {
  const step = c.steps.find((s) => s.code === c.currentStep);
  if (!step) throw new AppError('STATE_TRANSITION_INVALID');
  return step;
}

/** The actor must be of the case's department (else 404) and hold the current step's permission (else 403). */
function assertOwnStep(actor: Actor, c: repo.CaseRow): CaseStepSnapshot {
  if (actor.role !== 'department' || actor.departmentId !== c.departmentId) throw new AppError('NOT_FOUND');
  const step = stepOf(c);
  // 转办/委派 hands the step to one colleague: until the step changes (which clears the assignment), it is theirs.
  if (c.assigneeId !== null && c.assigneeId !== actor.id) {
    throw new AppError('STEP_NOT_YOURS', {
      message: `该办件当前环节「${step.name}」已转办给本部门其他人员`,
      messageEn: `The case's current step "${step.code}" was transferred to a colleague`,
    });
  }
  if (!actor.departmentSteps.includes(STEP_PERMISSION[step.kind])) {
    throw new AppError('STEP_NOT_YOURS', {
      message: `该办件当前环节为「${step.name}」，需要「${STEP_PERMISSION[step.kind]}」权限，您的账号没有该环节`,
      messageEn: `The case is at step "${step.code}", which needs the "${STEP_PERMISSION[step.kind]}" permission you do not hold`,
    });
  }
  return step;
}

function assertOwnDepartment(actor: Actor, c: repo.CaseRow): void {
  if (actor.role !== 'department' || actor.departmentId !== c.departmentId) throw new AppError('NOT_FOUND');
}

function assertHolds(actor: Actor, permission: DepartmentStep, what: string, whatEn: string): void {
  if (!actor.departmentSteps.includes(permission))
    throw new AppError('STEP_NOT_YOURS', {
      message: `${what}须由具有「${permission}」（签发）权限的负责人办理`,
      messageEn: `${whatEn} needs the "${permission}" permission (the head of the authority)`,
    });
}

function transition(c: repo.CaseRow, event: CaseEvent) {
  return withDomainRule('STATE_TRANSITION_INVALID', () => nextCaseState(c.status, event));
}

/** Loads and locks the case inside the transaction; 404 if it vanished. */
async function locked(tx: Tx, id: string): Promise<repo.CaseRow> {
  const row = await repo.lockCase(tx, id);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

async function loadCase(ctx: AppContext, id: string): Promise<repo.CaseRow> {
  const row = await repo.findCase(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

function allowedActionsFor(
  actor: Actor,
  c: repo.CaseRow,
  access: Access,
  signedKinds: string[],
  actorKind: string | null,
  clockStoppable: boolean,
): string[] {
  const out: string[] = [];
  if (!isOpen(c.status)) return out;
  if (access === 'supervisor') return ['urge'];
  const step = c.steps.find((s) => s.code === c.currentStep);
  if (!step) return out;
  const holdsStep = actor.departmentSteps.includes(STEP_PERMISSION[step.kind]);
  const multi = step.signMode !== 'single';
  if (
    multi &&
    actorKind !== null &&
    (step.participants as string[]).includes(actorKind) &&
    !signedKinds.includes(actorKind) &&
    holdsStep &&
    c.status !== 'suspended'
  )
    out.push('sign');
  if (access !== 'own' || !holdsStep) return out;
  if (c.assigneeId !== null && c.assigneeId !== actor.id) return out; // transferred to a colleague (转办)
  const final = isFinalStep(c.steps as InternalStep[], c.currentStep);
  const complete = !multi || stepSignatureComplete(step as InternalStep, signedKinds as DepartmentKind[]);
  if (c.status !== 'suspended') {
    if (!final && complete) out.push('advance');
    if (c.steps.findIndex((s) => s.code === c.currentStep) > 0) out.push('return');
    out.push('transfer');
  }
  out.push('consult');
  if (c.status === 'inProgress' && c.limitWorkingDays > 0 && clockStoppable) out.push('specialProcedure');
  if (c.status === 'suspended') out.push('endSpecialProcedure');
  if (c.status === 'inProgress' && actor.departmentSteps.includes('sign')) out.push('extend');
  if (c.status === 'inProgress' && final && complete && actor.departmentSteps.includes('sign')) out.push('decide');
  return out;
}

// ── Reads ──

export async function listCases(
  ctx: AppContext,
  actor: Actor,
  query: {
    view?: 'todo' | 'department' | 'done' | undefined;
    status?: string | undefined;
    level?: 'normal' | 'yellow' | 'red' | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: CaseListItem[]; total: number; totalIsLowerBound: boolean }> {
  const filter: repo.CaseListFilter = { level: query.level };
  if (actor.role === 'supervisor') {
    const department = await repo.findDepartmentRegionPath(ctx.db, actor.regionCode);
    if (!department) return { items: [], total: 0, totalIsLowerBound: false };
    filter.regionPath = department;
    if (query.status) filter.statuses = [query.status];
  } else {
    if (!actor.departmentId) return { items: [], total: 0, totalIsLowerBound: false };
    filter.departmentId = actor.departmentId;
    const view = query.view ?? 'todo';
    if (view === 'todo') {
      filter.statuses = query.status ? [query.status].filter(isOpen) : [...OPEN_STATUSES];
      const kinds = (Object.keys(STEP_PERMISSION) as (keyof typeof STEP_PERMISSION)[]).filter((k) =>
        actor.departmentSteps.includes(STEP_PERMISSION[k]),
      );
      if (kinds.length === 0) return { items: [], total: 0, totalIsLowerBound: false };
      filter.stepKinds = kinds;
      filter.assignableTo = actor.id;
    } else if (view === 'done') {
      // 已办结: the newest decisions first — a department's years of decided cases by deadline would open on the
      // oldest.
      filter.statuses = query.status ? [query.status].filter((s) => !isOpen(s)) : ['approved', 'denied'];
      filter.order = 'decided';
    } else {
      // 本部门在办: the department's open cases at any step and with anyone, the nearest deadline first.
      filter.statuses = query.status ? [query.status].filter(isOpen) : [...OPEN_STATUSES];
    }
  }
  const { rows, total, totalIsLowerBound } = await repo.listCases(
    ctx.db,
    filter,
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
    // A supervisor's list spans the region's cases, millions for a province: counted up to 10,000 only.
    { capTotal: actor.role === 'supervisor' },
  );
  return { items: await listItems(ctx, rows), total, totalIsLowerBound };
}

export async function listSupervisionCases(
  ctx: AppContext,
  actor: Actor,
  query: { level?: 'yellow' | 'red' | undefined; page: number; pageSize: number },
): Promise<{ items: CaseListItem[]; total: number }> {
  const path = await repo.findDepartmentRegionPath(ctx.db, actor.regionCode);
  if (!path) return { items: [], total: 0 };
  const { rows, total } = await repo.listCases(
    ctx.db,
    {
      regionPath: path,
      statuses: [...OPEN_STATUSES],
      levels: query.level ? [query.level] : ['yellow', 'red'],
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { items: await listItems(ctx, rows), total };
}

/**
 * The case as the actor sees it. Its dozen reads run in one read-only REPEATABLE READ transaction, so the parts of the
 * view (status, clock ledger, history, signatures, licence) are of one snapshot and agree with each other; and on one
 * connection, where those that need only the case id are issued together and leave in one send
 * (db/writes-per-tick.ts) — one round trip for nine reads, where each was a send and a wait of its own on the pool.
 * Nothing is returned before the access check has passed.
 */
export async function getCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseDetail> {
  return ctx.db.transaction((tx) => caseView(ctx, tx, actor, id), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function caseView(ctx: AppContext, tx: Tx, actor: Actor, id: string): Promise<CaseDetail> {
  const [row, calendar, ledgerRows, actions, procedures, consultations, signatures, licenceNumber, actorDepartment] =
    await concurrently([
      // The list row carries the whole case row (and the names to show): one read for both.
      repo.findCaseListRow(tx, id),
      calendarFor(ctx, tx),
      repo.findClockEntries(tx, id),
      repo.findActions(tx, id),
      repo.findSpecialProcedures(tx, id),
      repo.findConsultationsOfCase(tx, id),
      repo.findSignatures(tx, id),
      repo.findLicenceNumberOfCase(tx, id),
      actor.departmentId ? repo.findDepartment(tx, actor.departmentId) : undefined,
    ]);
  if (!row) throw new AppError('NOT_FOUND');
  const c = row.case;
  const access = await accessTo(ctx, actor, c, tx);
  const [application, clockStoppable] = await concurrently([
    getApplicationSummary(tx, c.applicationId),
    isMatterClockStoppable(tx, c.applicationId, c.matterCode),
  ]);
  const clock = clockOf(ctx, ledgerRows.map(toClockEntry), calendar, today(ctx));
  const signedKinds = signatures.filter((s) => s.stepCode === c.currentStep).map((s) => s.departmentKind);
  return {
    ...listItem(row, clock),
    applicationId: c.applicationId,
    projectId: c.projectId,
    steps: c.steps,
    dependsOn: c.dependsOn,
    assigneeId: c.assigneeId,
    limitWorkingDays: c.limitWorkingDays,
    maxExtensionWorkingDays: c.maxExtensionWorkingDays,
    decisionOpinion: c.decisionOpinion,
    lastUrgedAt: c.lastUrgedAt?.toISOString() ?? null,
    escalatedAt: c.escalatedAt?.toISOString() ?? null,
    application,
    clock,
    actions: actions.map((a) => ({
      kind: a.kind,
      fromStep: a.fromStep,
      toStep: a.toStep,
      opinion: a.opinion,
      actorName: a.actorName,
      departmentName: a.departmentName,
      at: a.at.toISOString(),
    })),
    specialProcedures: procedures.map((p) => ({
      id: p.id,
      kind: p.kind,
      kindName: SPECIAL_PROCEDURE_NAMES[p.kind],
      reason: p.reason,
      expectedWorkingDays: p.expectedWorkingDays,
      startedOn: p.startedOn,
      endedOn: p.endedOn,
      result: p.result,
    })),
    consultations: consultations.map(consultationView),
    signatures: signatures.map((s) => ({ ...s, signedAt: s.signedAt.toISOString() })),
    licence: licenceNumber ? { number: licenceNumber } : null,
    allowedActions: allowedActionsFor(actor, c, access, signedKinds, actorDepartment?.kind ?? null, clockStoppable),
  };
}

function consultationView(r: Awaited<ReturnType<typeof repo.findConsultationsTo>>[number]): ConsultationView {
  return {
    id: r.id,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    matterName: r.matterName,
    toDepartmentId: r.toDepartmentId,
    toDepartmentName: r.toDepartmentName,
    question: r.question,
    requestedAt: r.requestedAt.toISOString(),
    reply: r.reply,
    repliedAt: r.repliedAt?.toISOString() ?? null,
  };
}

// ── Step actions ──

interface ActionContext {
  tx: Tx;
  recordAudit: RecordAudit;
  now: Date;
  on: string;
}

/** One audited transaction on one locked case. */
async function onLockedCase<T>(
  ctx: AppContext,
  audit: AuditContext,
  id: string,
  work: (c: repo.CaseRow, a: ActionContext) => Promise<T>,
): Promise<T> {
  return runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const c = await locked(tx, id);
    return work(c, { tx, recordAudit, now: ctx.clock.now(), on: today(ctx) });
  });
}

async function notifyStep(
  tx: Tx,
  ctx: AppContext,
  c: repo.CaseRow,
  stepCode: string,
  title: string,
  titleEn: string,
  body: string,
  bodyEn: string,
): Promise<void> {
  await notify(tx, ctx, {
    userIds: await repo.findDepartmentUserIds(tx, c.departmentId, permissionOfStep(c.steps, stepCode)),
    kind: 'case.arrived',
    title,
    titleEn,
    body,
    bodyEn,
    link: caseLink(c.id),
  });
}

async function notifyApplicant(
  tx: Tx,
  ctx: AppContext,
  c: repo.CaseRow,
  kind: string,
  title: string,
  titleEn: string,
  body: string,
  bodyEn: string,
): Promise<void> {
  const recipients = await applicantSideUserIds(tx, c.projectId);
  await notify(tx, ctx, applicantNotice(c, { kind, title, titleEn, body, bodyEn }, recipients));
}

/** A notice about the case to the project's applicant side (`recipients`), in-app and by SMS. */
function applicantNotice(
  c: repo.CaseRow,
  text: Pick<NoticeInput, 'kind' | 'title' | 'titleEn' | 'body' | 'bodyEn'>,
  recipients: readonly string[],
): NoticeInput {
  return { ...text, userIds: recipients, link: `/projects/${c.projectId}`, channels: ['sms'] };
}

async function signedKindsAt(tx: Tx, c: repo.CaseRow): Promise<DepartmentKind[]> {
  return (await repo.findSignatures(tx, c.id))
    .filter((s) => s.stepCode === c.currentStep)
    .map((s) => s.departmentKind as DepartmentKind);
}

async function assertSignaturesComplete(tx: Tx, c: repo.CaseRow, step: CaseStepSnapshot): Promise<void> {
  if (step.signMode === 'single') return;
  const signed = await signedKindsAt(tx, c);
  if (!stepSignatureComplete(step as InternalStep, signed)) {
    const missing = step.participants.filter((p) => !signed.includes(p as DepartmentKind));
    throw new AppError('STATE_TRANSITION_INVALID', {
      message: `「${step.name}」为${step.signMode === 'countersign' ? '会签' : '或签'}环节，尚缺会签部门：${missing.join('、')}`,
      messageEn: `Step "${step.code}" (${step.signMode}) still needs signatures from: ${missing.join(', ')}`,
    });
  }
}

export async function advanceCase(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { opinion: string },
): Promise<void> {
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now }) => {
    const step = assertOwnStep(actor, c);
    const next = withDomainRule('STATE_TRANSITION_INVALID', () => nextStep(c.steps as InternalStep[], c.currentStep));
    if (!next)
      throw new AppError('STATE_TRANSITION_INVALID', {
        message: `「${step.name}」是最后一个环节，请作出准予或不予许可的决定`,
        messageEn: `"${step.code}" is the final step: decide the case instead`,
      });
    const status = transition(c, 'advance');
    await assertSignaturesComplete(tx, c, step);
    await repo.updateCase(tx, c.id, { status, currentStep: next.code, assigneeId: null, updatedAt: now });
    await recordAction(tx, c, actor, now, {
      kind: 'advance',
      fromStep: c.currentStep,
      toStep: next.code,
      opinion: input.opinion,
    });
    await recordAudit({
      action: 'case.advanced',
      targetType: 'case',
      targetId: c.id,
      before: { currentStep: c.currentStep },
      after: { currentStep: next.code, opinion: input.opinion },
    });
    await notifyStep(
      tx,
      ctx,
      c,
      next.code,
      `办件 ${c.caseNumber} 待您${next.name}`,
      `Case ${c.caseNumber} awaits your ${next.code}`,
      `「${c.matterName}」已由「${step.name}」提交至「${next.name}」。`,
      `"${c.matterCode}" moved from "${step.code}" to "${next.code}".`,
    );
  });
}

export async function signCase(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { opinion: string },
): Promise<void> {
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now }) => {
    const department = actor.departmentId ? await repo.findDepartment(tx, actor.departmentId) : undefined;
    const step = stepOf(c);
    const participates =
      actor.role === 'department' &&
      department !== undefined &&
      step.signMode !== 'single' &&
      (step.participants as string[]).includes(department.kind);
    if (!participates) {
      if (actor.role === 'department' && actor.departmentId === c.departmentId)
        throw new AppError('STEP_NOT_YOURS', {
          message: `当前环节「${step.name}」不是您部门参与的会签/或签环节`,
          messageEn: `The current step "${step.code}" is not a multi-party step your department takes part in`,
        });
      throw new AppError('NOT_FOUND');
    }
    if (!actor.departmentSteps.includes(STEP_PERMISSION[step.kind])) throw new AppError('STEP_NOT_YOURS');
    // Signing is a step action: allowed exactly where advancing the step is.
    if (!canCaseTransition(c.status, 'advance')) transition(c, 'advance');
    const fresh = await repo.insertSignature(tx, {
      caseId: c.id,
      stepCode: c.currentStep,
      departmentKind: department!.kind,
      signedBy: actor.id,
      opinion: input.opinion,
      signedAt: now,
    });
    if (!fresh)
      throw new AppError('CONFLICT', {
        message: `${department!.name}已在「${step.name}」环节签署`,
        messageEn: `Your department has already signed step "${step.code}"`,
      });
    await recordAction(tx, c, actor, now, {
      kind: 'sign',
      fromStep: c.currentStep,
      opinion: input.opinion,
      data: { departmentKind: department!.kind },
    });
    await recordAudit({
      action: 'case.signed',
      targetType: 'case',
      targetId: c.id,
      after: { step: c.currentStep, departmentKind: department!.kind, opinion: input.opinion },
    });
    if (stepSignatureComplete(step as InternalStep, await signedKindsAt(tx, c)))
      await notifyStep(
        tx,
        ctx,
        c,
        c.currentStep,
        `办件 ${c.caseNumber} ${step.signMode === 'countersign' ? '会签' : '或签'}已完成`,
        `Case ${c.caseNumber}: signatures complete`,
        `「${c.matterName}」「${step.name}」环节签署已齐，可提交下一环节。`,
        `Step "${step.code}" of "${c.matterCode}" has every signature it needs.`,
      );
  });
}

export async function returnCase(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { toStep: string; opinion: string },
): Promise<void> {
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now }) => {
    const step = assertOwnStep(actor, c);
    if (!canReturnTo(c.steps as InternalStep[], c.currentStep, input.toStep))
      throw new AppError('STATE_TRANSITION_INVALID', {
        message: `只能退回到本事项当前环节之前的环节（当前「${step.name}」，目标「${input.toStep}」）`,
        messageEn: `A case can only be returned to an earlier step (current "${step.code}", target "${input.toStep}")`,
        fields: [{ field: 'toStep', message: '须为之前的环节', messageEn: 'must be an earlier step' }],
      });
    const status = transition(c, 'return');
    // Signatures of the steps being redone no longer count.
    const redo = c.steps.slice(c.steps.findIndex((s) => s.code === input.toStep)).map((s) => s.code);
    await repo.deleteSignatures(tx, c.id, redo);
    await repo.updateCase(tx, c.id, { status, currentStep: input.toStep, assigneeId: null, updatedAt: now });
    await recordAction(tx, c, actor, now, {
      kind: 'return',
      fromStep: c.currentStep,
      toStep: input.toStep,
      opinion: input.opinion,
    });
    await recordAudit({
      action: 'case.returned',
      targetType: 'case',
      targetId: c.id,
      before: { currentStep: c.currentStep },
      after: { currentStep: input.toStep, opinion: input.opinion },
    });
    const target = stepName(c.steps, input.toStep);
    await notifyStep(
      tx,
      ctx,
      c,
      input.toStep,
      `办件 ${c.caseNumber} 被退回至「${target}」`,
      `Case ${c.caseNumber} returned to ${input.toStep}`,
      `「${c.matterName}」由「${step.name}」退回：${input.opinion}`,
      `"${c.matterCode}" was returned from "${step.code}": ${input.opinion}`,
    );
  });
}

/**
 * 转办/委派 candidates: the colleagues of the case's department who hold the current step's permission (the caller
 * excluded). Only a handler who may act on the step may ask, as only they may transfer.
 */
export async function transferCandidates(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ items: { id: string; displayName: string }[] }> {
  const c = await loadCase(ctx, id);
  const step = assertOwnStep(actor, c);
  // A decided case goes nowhere (the transfer itself would be refused by the state machine).
  if (!isOpen(c.status)) return { items: [] };
  const people = await repo.findDepartmentUsers(ctx.db, c.departmentId, STEP_PERMISSION[step.kind]);
  return { items: people.filter((p) => p.id !== actor.id) };
}

export async function transferCase(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { assigneeId: string; opinion: string },
): Promise<void> {
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now }) => {
    const step = assertOwnStep(actor, c);
    const assignee = await repo.findUser(tx, input.assigneeId);
    const holders = await repo.findDepartmentUserIds(tx, c.departmentId, STEP_PERMISSION[step.kind]);
    if (!assignee || !holders.includes(assignee.id))
      throw AppError.invalidField(
        'assigneeId',
        `转办对象须为本部门具有「${step.name}」环节权限的在岗人员`,
        `the assignee must be an active user of this department holding step "${step.code}"`,
      );
    const status = transition(c, 'transfer');
    await repo.updateCase(tx, c.id, { status, assigneeId: assignee.id, updatedAt: now });
    await recordAction(tx, c, actor, now, {
      kind: 'transfer',
      fromStep: c.currentStep,
      toStep: c.currentStep,
      opinion: input.opinion,
      data: { assigneeId: assignee.id },
    });
    await recordAudit({
      action: 'case.transferred',
      targetType: 'case',
      targetId: c.id,
      before: { assigneeId: c.assigneeId },
      after: { assigneeId: assignee.id, opinion: input.opinion },
    });
    await notify(tx, ctx, {
      userIds: [assignee.id],
      kind: 'case.transferred',
      title: `办件 ${c.caseNumber} 转办给您`,
      titleEn: `Case ${c.caseNumber} transferred to you`,
      body: `「${c.matterName}」「${step.name}」环节转由您办理：${input.opinion}`,
      bodyEn: `Step "${step.code}" of "${c.matterCode}" was assigned to you: ${input.opinion}`,
      link: caseLink(c.id),
    });
  });
}

// ── 征求意见 ──

export async function requestConsultation(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { departmentId: string; question: string },
): Promise<ConsultationView> {
  const consultationId = await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now }) => {
    assertOwnStep(actor, c);
    if (!isOpen(c.status)) transition(c, 'advance');
    const target = await repo.findDepartment(tx, input.departmentId);
    if (!target || target.id === c.departmentId)
      throw AppError.invalidField(
        'departmentId',
        '征求意见的部门不存在或为本部门',
        'unknown department, or your own department',
      );
    const row = await repo.insertConsultation(tx, {
      caseId: c.id,
      toDepartmentId: target.id,
      question: input.question,
      requestedBy: actor.id,
      requestedAt: now,
    });
    await recordAction(tx, c, actor, now, {
      kind: 'consult',
      fromStep: c.currentStep,
      opinion: input.question,
      data: { consultationId: row.id, toDepartmentId: target.id },
    });
    await recordAudit({
      action: 'case.consultation_requested',
      targetType: 'case',
      targetId: c.id,
      after: { consultationId: row.id, toDepartmentId: target.id, question: input.question },
    });
    await notify(tx, ctx, {
      userIds: await repo.findDepartmentUserIds(tx, target.id, null),
      kind: 'case.consultation',
      title: `征求意见：办件 ${c.caseNumber}`,
      titleEn: `Opinion requested on case ${c.caseNumber}`,
      body: `「${c.matterName}」征求贵部门意见：${input.question}`,
      bodyEn: `Your department's opinion is requested on "${c.matterCode}": ${input.question}`,
      link: `/department/consultations`,
    });
    return row.id;
  });
  const rows = await repo.findConsultationsOfCase(ctx.db, id);
  return consultationView(rows.find((r) => r.id === consultationId)!);
}

export async function listIncomingConsultations(
  ctx: AppContext,
  actor: Actor,
  query: { open?: boolean | undefined },
): Promise<{ items: ConsultationView[] }> {
  if (!actor.departmentId) return { items: [] };
  const rows = await repo.findConsultationsTo(ctx.db, actor.departmentId, query.open === true);
  return { items: rows.map(consultationView) };
}

export async function replyConsultation(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  consultationId: string,
  input: { reply: string },
): Promise<ConsultationView> {
  const caseId = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.lockConsultation(tx, consultationId);
    if (!row || actor.role !== 'department' || row.toDepartmentId !== actor.departmentId)
      throw new AppError('NOT_FOUND');
    if (row.repliedAt)
      throw new AppError('STATE_TRANSITION_INVALID', {
        message: '该征求意见已答复',
        messageEn: 'This consultation has already been answered',
      });
    const now = ctx.clock.now();
    await repo.updateConsultation(tx, row.id, { reply: input.reply, repliedBy: actor.id, repliedAt: now });
    const c = (await repo.findCase(tx, row.caseId))!;
    await recordAction(tx, c, actor, now, {
      kind: 'consultReply',
      opinion: input.reply,
      data: { consultationId: row.id },
    });
    await recordAudit({
      action: 'case.consultation_replied',
      targetType: 'case',
      targetId: c.id,
      after: { consultationId: row.id, reply: input.reply },
    });
    await notifyStep(
      tx,
      ctx,
      c,
      c.currentStep,
      `办件 ${c.caseNumber} 收到征求意见答复`,
      `Case ${c.caseNumber}: consultation answered`,
      `「${c.matterName}」征求意见已答复：${input.reply}`,
      `The consultation on "${c.matterCode}" was answered: ${input.reply}`,
    );
    return c.id;
  });
  const rows = await repo.findConsultationsOfCase(ctx.db, caseId);
  return consultationView(rows.find((r) => r.id === consultationId)!);
}

// ── Special procedures and extension (the clock) ──

export async function startSpecialProcedure(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { kind: SpecialProcedureKind; reason: string; expectedWorkingDays: number },
): Promise<void> {
  const calendar = await calendarFor(ctx, ctx.db);
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now, on }) => {
    assertOwnStep(actor, c);
    if (c.limitWorkingDays === 0)
      throw new AppError('CLOCK_RULE_VIOLATED', {
        message: '即办事项没有办理时限可暂停',
        messageEn: 'A same-day (即办) matter has no time limit to stop',
      });
    // 行政许可法 art.45 stops the clock for the procedures a matter's examination may need; the catalogue marks the
    // matters that have none (Matter.clockStoppable: false, e.g. 竣工验收备案).
    if (!(await isMatterClockStoppable(tx, c.applicationId, c.matterCode)))
      throw new AppError('CLOCK_RULE_VIOLATED', {
        message: `「${c.matterName}」按事项目录不适用特别程序，办理时限不能暂停`,
        messageEn: `The catalogue does not let the clock of "${c.matterCode}" stop for a special procedure`,
      });
    const status = transition(c, 'startSpecialProcedure');
    const name = SPECIAL_PROCEDURE_NAMES[input.kind];
    // 条例673 art.10: commissioned evaluation of a 核准 is not counted; otherwise 行政许可法 art.45.
    const legalBasis =
      input.kind === 'commissionedEvaluation' && c.maxExtensionWorkingDays === 40
        ? LEGAL_BASIS_RATIFICATION
        : LEGAL_BASIS_SPECIAL_PROCEDURE;
    await appendClockEntry(
      tx,
      ctx,
      calendar,
      c,
      {
        kind: 'stop',
        date: on,
        reason: `${name}：${input.reason}`,
        legalBasis,
        workingDays: input.expectedWorkingDays,
      },
      actor.id,
    );
    const procedure = await repo.insertSpecialProcedure(tx, {
      caseId: c.id,
      kind: input.kind,
      reason: input.reason,
      expectedWorkingDays: input.expectedWorkingDays,
      startedOn: on,
      startedBy: actor.id,
    });
    await repo.updateCase(tx, c.id, { status, updatedAt: now });
    await recordAction(tx, c, actor, now, {
      kind: 'specialProcedureStart',
      fromStep: c.currentStep,
      opinion: input.reason,
      data: { procedureId: procedure.id, kind: input.kind, expectedWorkingDays: input.expectedWorkingDays },
    });
    await recordAudit({
      action: 'case.special_procedure_started',
      targetType: 'case',
      targetId: c.id,
      before: { status: c.status },
      after: {
        status,
        procedureId: procedure.id,
        kind: input.kind,
        expectedWorkingDays: input.expectedWorkingDays,
        legalBasis,
      },
    });
    // 行政许可法 art.45: the applicant is told in writing how long the procedure is expected to take.
    await notifyApplicant(
      tx,
      ctx,
      c,
      'case.special_procedure_started',
      `办件 ${c.caseNumber} 进入${name}（暂停计时）`,
      `Case ${c.caseNumber}: ${input.kind} (clock stopped)`,
      `「${c.matterName}」需${name}：${input.reason}。预计 ${input.expectedWorkingDays} 个工作日，所需时间不计入办理时限（${legalBasis}）。`,
      `"${c.matterCode}" needs ${input.kind}: ${input.reason}. Expected ${input.expectedWorkingDays} working days, not counted in the time limit (${legalBasis}).`,
    );
  });
}

export async function endSpecialProcedure(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  procedureId: string,
  input: { result: string },
): Promise<void> {
  const calendar = await calendarFor(ctx, ctx.db);
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now, on }) => {
    assertOwnStep(actor, c);
    const procedure = await repo.findOpenSpecialProcedure(tx, c.id, procedureId);
    if (!procedure) throw new AppError('NOT_FOUND');
    const status = transition(c, 'endSpecialProcedure');
    const name = SPECIAL_PROCEDURE_NAMES[procedure.kind];
    await appendClockEntry(
      tx,
      ctx,
      calendar,
      c,
      { kind: 'resume', date: on, reason: `${name}结束`, legalBasis: LEGAL_BASIS_SPECIAL_PROCEDURE, workingDays: null },
      actor.id,
    );
    await repo.endSpecialProcedure(tx, procedure.id, on, input.result);
    await repo.updateCase(tx, c.id, { status, updatedAt: now });
    await recordAction(tx, c, actor, now, {
      kind: 'specialProcedureEnd',
      fromStep: c.currentStep,
      opinion: input.result,
      data: { procedureId: procedure.id },
    });
    await recordAudit({
      action: 'case.special_procedure_ended',
      targetType: 'case',
      targetId: c.id,
      before: { status: c.status },
      after: { status, procedureId: procedure.id, result: input.result },
    });
    const after = await repo.findCase(tx, c.id);
    await notifyApplicant(
      tx,
      ctx,
      c,
      'case.special_procedure_ended',
      `办件 ${c.caseNumber} ${name}结束，恢复计时`,
      `Case ${c.caseNumber}: ${procedure.kind} ended, clock resumed`,
      `「${c.matterName}」${name}已结束，恢复计时，办理期限至 ${after?.deadline ?? '—'}。`,
      `${procedure.kind} of "${c.matterCode}" ended; the clock resumed, due ${after?.deadline ?? '—'}.`,
    );
  });
}

export async function extendCase(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { workingDays: number; reason: string },
): Promise<void> {
  const calendar = await calendarFor(ctx, ctx.db);
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now, on }) => {
    assertOwnDepartment(actor, c);
    // 行政许可法 art.42 / 条例673 art.10: extension is approved by the head of the authority (the `sign` holder).
    assertHolds(actor, 'sign', '延长办理时限', 'An extension');
    const status = transition(c, 'extend');
    const legalBasis = c.maxExtensionWorkingDays === 40 ? LEGAL_BASIS_RATIFICATION : LEGAL_BASIS_GENERAL_LIMIT;
    const clock = await appendClockEntry(
      tx,
      ctx,
      calendar,
      c,
      { kind: 'extend', date: on, reason: input.reason, legalBasis, workingDays: input.workingDays },
      actor.id,
    );
    await repo.updateCase(tx, c.id, { status, updatedAt: now });
    await recordAction(tx, c, actor, now, {
      kind: 'extend',
      fromStep: c.currentStep,
      opinion: input.reason,
      data: { workingDays: input.workingDays, deadline: clock.deadline },
    });
    await recordAudit({
      action: 'case.extended',
      targetType: 'case',
      targetId: c.id,
      before: { deadline: c.deadline },
      after: { workingDays: input.workingDays, deadline: clock.deadline, legalBasis },
    });
    // 行政许可法 art.42: the applicant is told the reason of the extension.
    await notifyApplicant(
      tx,
      ctx,
      c,
      'case.extended',
      `办件 ${c.caseNumber} 办理时限延长 ${input.workingDays} 个工作日`,
      `Case ${c.caseNumber} extended by ${input.workingDays} working days`,
      `「${c.matterName}」经负责人批准延长 ${input.workingDays} 个工作日（${legalBasis}），理由：${input.reason}；期限至 ${clock.deadline}。`,
      `"${c.matterCode}" extended by ${input.workingDays} working days (${legalBasis}): ${input.reason}; due ${clock.deadline}.`,
    );
  });
}

// ── Decision ──

export async function decideCase(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { decision: 'approved' | 'denied'; opinion: string },
): Promise<void> {
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit, sendWithCommit) => {
    // Every decider of one application takes the same locks first, in the same order: they run one after another, so
    // exactly one of them sees the last case decided and completes the application. The locks are taken by the first
    // statement, which finds the application from the case itself (no read before the transaction). The applicant
    // side's accounts (the notice's recipients), which the locks do not guard, are read in the same send.
    const [all, recipients] = await concurrently([
      repo.lockCasesOfApplicationOfCase(tx, id),
      applicantSideUserIdsOfCase(tx, id),
    ]);
    const c = all.find((x) => x.id === id);
    if (!c) throw new AppError('NOT_FOUND');
    assertOwnDepartment(actor, c);
    if (input.decision === 'denied' && input.opinion.trim() === '')
      throw AppError.invalidField(
        'opinion',
        '不予许可须说明理由（行政许可法第三十八条）',
        'a denial must state its reasons (Administrative Licensing Law art.38)',
      );
    const step = assertOwnStep(actor, c);
    if (!isFinalStep(c.steps as InternalStep[], c.currentStep))
      throw new AppError('STATE_TRANSITION_INVALID', {
        message: `办件尚在「${step.name}」环节，只能在最后环节作出决定`,
        messageEn: `The case is at step "${step.code}"; it is decided at the final step only`,
      });
    assertHolds(actor, 'sign', '作出许可决定', 'A decision');
    const event = input.decision === 'approved' ? 'approve' : 'deny';
    const status = transition(c, event);
    await assertSignaturesComplete(tx, c, step);
    const now = ctx.clock.now();
    const on = today(ctx);
    const decided = {
      status,
      decision: input.decision,
      decisionOpinion: input.opinion,
      decidedAt: now,
      decidedOn: on,
      decidedBy: actor.id,
      clockRunning: false,
      updatedAt: now,
    } as const;
    // Nothing waits on the decision's update: sent now, its answer comes with the COMMIT. A licence's reads are
    // written behind it on the connection, so they see it. A decision that issues no licence and completes no stage
    // is then two sends: the locks are held for one round trip — the application's other deciders wait on them.
    sendWithCommit(repo.caseUpdate(tx, c.id, decided));
    const issuesLicence =
      input.decision === 'approved' && (await matterIssuesLicence(tx, c.catalogueVersion, c.matterCode));
    // 准予: the licence is issued in the same transaction, after the decision it reads is written.
    const licence = issuesLicence
      ? await issueLicenceForCase(tx, ctx, recordAudit, { caseId: c.id, decidedOn: on }, sendWithCommit)
      : null;
    await recordAudit({
      action: input.decision === 'approved' ? 'case.approved' : 'case.denied',
      targetType: 'case',
      targetId: c.id,
      before: { status: c.status },
      after: { status, opinion: input.opinion, licenceNumber: licence?.number ?? null },
    });
    // Nothing waits on the history row and the notice: they leave with the audit rows and COMMIT.
    sendWithCommit(
      recordAction(tx, c, actor, now, {
        kind: event,
        fromStep: c.currentStep,
        opinion: input.opinion,
        data: licence ? { licenceNumber: licence.number } : {},
      }),
      ...noticeStatements(tx, ctx, [
        applicantNotice(
          c,
          input.decision === 'approved'
            ? {
                kind: 'case.approved',
                title: `办件 ${c.caseNumber} 准予许可${licence ? `，证照 ${licence.number}` : ''}`,
                titleEn: `Case ${c.caseNumber} approved${licence ? `, licence ${licence.number}` : ''}`,
                body: `「${c.matterName}」准予许可：${input.opinion}`,
                bodyEn: `"${c.matterCode}" approved: ${input.opinion}`,
              }
            : {
                kind: 'case.denied',
                title: `办件 ${c.caseNumber} 不予许可`,
                titleEn: `Case ${c.caseNumber} denied`,
                body: `「${c.matterName}」不予许可：${input.opinion}`,
                bodyEn: `"${c.matterCode}" denied: ${input.opinion}`,
              },
          recipients,
        ),
      ]),
    );
    // The application's cases as this transaction now has them: the locked rows, this one decided. Its statements
    // (the stage's completion, when this was the last open case) are written behind the ones above.
    await afterDecision(
      tx,
      ctx,
      c.applicationId,
      recordAudit,
      sendWithCommit,
      all.map((x) => (x.id === c.id ? { ...x, ...decided } : x)),
    );
  });
}

// ── 督办 ──

export async function urgeCase(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { message: string },
): Promise<void> {
  const first = await loadCase(ctx, id);
  if ((await accessTo(ctx, actor, first)) !== 'supervisor') throw new AppError('NOT_FOUND');
  await onLockedCase(ctx, audit, id, async (c, { tx, recordAudit, now }) => {
    if (!isOpen(c.status))
      throw new AppError('STATE_TRANSITION_INVALID', {
        message: '办件已办结，无需督办',
        messageEn: 'The case is decided; nothing to urge',
      });
    await repo.updateCase(tx, c.id, { urgeCount: c.urgeCount + 1, lastUrgedAt: now, updatedAt: now });
    await repo.insertActions(tx, [
      { caseId: c.id, kind: 'urge', opinion: input.message, actorId: actor.id, at: now, data: {} },
    ]);
    await recordAudit({
      action: 'case.urged',
      targetType: 'case',
      targetId: c.id,
      before: { urgeCount: c.urgeCount },
      after: { urgeCount: c.urgeCount + 1, message: input.message },
    });
    await notify(tx, ctx, {
      userIds: await repo.findDepartmentUserIds(tx, c.departmentId, permissionOfStep(c.steps, c.currentStep)),
      kind: 'case.urged',
      title: `督办：办件 ${c.caseNumber}`,
      titleEn: `Urged: case ${c.caseNumber}`,
      body: `「${c.matterName}」（期限 ${c.deadline ?? '—'}）被督办：${input.message}`,
      bodyEn: `"${c.matterCode}" (due ${c.deadline ?? '—'}) was urged by supervision: ${input.message}`,
      link: caseLink(c.id),
    });
  });
}

// ── Applicant and public progress ──

export interface CaseSummary {
  id: string;
  applicationId: string;
  caseNumber: string;
  matterCode: string;
  matterName: string;
  departmentName: string;
  status: CaseStatus;
  currentStep: string;
  currentStepName: string;
  deadline: string | null;
  /** Working days left on the clock (negative when overdue); null once decided. */
  remainingWorkingDays: number | null;
  level: 'normal' | 'yellow' | 'red';
  clockRunning: boolean;
  decision: 'approved' | 'denied' | null;
  decidedOn: string | null;
  decisionOpinion: string | null;
  licenceNumber: string | null;
  /** 办理意见, by department (no names of individuals). */
  opinions: { kind: string; step: string | null; opinion: string; departmentName: string | null; at: string }[];
}

/** Opinions shown outside the department: the steps' opinions, not internal notes such as consultations or urging. */
const APPLICANT_VISIBLE = new Set([
  'advance',
  'return',
  'approve',
  'deny',
  'specialProcedureStart',
  'specialProcedureEnd',
  'extend',
  'dependencyFailed',
  'toleranceLapsed',
]);

export async function listProjectCases(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
): Promise<{ items: CaseSummary[] }> {
  await loadVisibleProject(ctx, actor, projectId);
  const rows = await repo.findProjectCaseRows(ctx.db, projectId);
  const ids = rows.map((r) => r.case.id);
  const [actions, licences] = await Promise.all([
    repo.findActionsOfCases(ctx.db, ids),
    repo.findLicenceNumbersOfCases(ctx.db, ids),
  ]);
  const open = rows.filter((r) => r.case.decision === null).map((r) => r.case.id);
  const clocks = open.length
    ? await clocksOf(ctx, await calendarFor(ctx, ctx.db), open)
    : new Map<string, ClockState>();
  return {
    items: rows.map(({ case: c, departmentName }) => ({
      id: c.id,
      applicationId: c.applicationId,
      caseNumber: c.caseNumber,
      matterCode: c.matterCode,
      matterName: c.matterName,
      departmentName,
      status: c.status,
      currentStep: c.currentStep,
      currentStepName: stepName(c.steps, c.currentStep),
      deadline: c.deadline,
      remainingWorkingDays: remainingOf(clocks.get(c.id)),
      level: c.clockLevel,
      clockRunning: c.clockRunning,
      decision: c.decision,
      decidedOn: c.decidedOn,
      decisionOpinion: c.decisionOpinion,
      licenceNumber: licences.get(c.id) ?? null,
      opinions: actions
        .filter((a) => a.caseId === c.id && APPLICANT_VISIBLE.has(a.kind) && a.opinion)
        .map((a) => ({
          kind: a.kind,
          step: a.fromStep,
          opinion: a.opinion!,
          departmentName: a.departmentName,
          at: a.at.toISOString(),
        })),
    })),
  };
}

export interface PublicProgress {
  projectCode: string;
  projectName: string;
  stages: {
    stageCode: string;
    stageName: string;
    status: string;
    cases: {
      matterName: string;
      departmentName: string;
      status: CaseStatus;
      currentStepName: string;
      deadline: string | null;
      decision: 'approved' | 'denied' | null;
      decidedOn: string | null;
      licenceNumber: string | null;
    }[];
  }[];
}

/** Public progress by project code: department names and statuses only — no person, no phone, no opinion. */
export async function publicProgress(ctx: AppContext, code: string): Promise<PublicProgress> {
  const project = await repo.findProjectByCode(ctx.db, code.trim());
  if (!project) throw new AppError('NOT_FOUND');
  const rows = await repo.findProjectCaseRows(ctx.db, project.id);
  const licences = await repo.findLicenceNumbersOfCases(
    ctx.db,
    rows.map((r) => r.case.id),
  );
  const applicationIds = [...new Set(rows.map((r) => r.case.applicationId))];
  const stages: PublicProgress['stages'] = [];
  for (const applicationId of applicationIds) {
    const summary = await getApplicationSummary(ctx.db, applicationId);
    stages.push({
      stageCode: summary.stageCode,
      stageName: summary.stageName,
      status: summary.status,
      cases: rows
        .filter((r) => r.case.applicationId === applicationId)
        .map(({ case: c, departmentName }) => ({
          matterName: c.matterName,
          departmentName,
          status: c.status,
          currentStepName: stepName(c.steps, c.currentStep),
          deadline: c.deadline,
          decision: c.decision,
          decidedOn: c.decidedOn,
          licenceNumber: licences.get(c.id) ?? null,
        })),
    });
  }
  return { projectCode: code.trim(), projectName: project.name, stages };
}

/**
 * The matters of a project that are done (准予), with their real decision dates — the progress the 一项目一方案 roadmap
 * starts from (issue 4 §4: an early completion moves the predicted finish).
 */
export async function completedMattersOf(
  db: Db | Tx,
  projectId: string,
): Promise<{ code: string; completedOn: string }[]> {
  const rows = await repo.findApprovedMatters(db, projectId);
  return rows.flatMap((r) => (r.completedOn ? [{ code: r.code, completedOn: r.completedOn }] : []));
}

export interface SupervisionFigures {
  /** Totals over the supervisor's region subtree. */
  totals: Omit<DepartmentFigures, 'departmentId' | 'departmentName' | 'regionCode'> & {
    decided: number;
    /** Share of decided cases decided within their deadline, 0–1; null before any decision. */
    onTimeRate: number | null;
  };
  departments: (DepartmentFigures & { decided: number; onTimeRate: number | null })[];
}

/**
 * 办件统计 for supervision (PRODUCT: on-time performance): per department of the region subtree, the open cases (and how
 * many are suspended, yellow, red), the decided ones, the share decided within the deadline, and how many were urged.
 * Read from the supervision aggregates plus their unfolded deltas (ADR 0006) — exact, without scanning the cases; the
 * clock level is the one the sweep last stored.
 */
export async function supervisionFigures(ctx: AppContext, actor: Actor): Promise<SupervisionFigures> {
  const path = await repo.findDepartmentRegionPath(ctx.db, actor.regionCode);
  return figuresOfRegionPath(ctx, path);
}

/** The per-department figures of a region subtree, with the decided count and the on-time rate, and their totals. */
async function figuresOfRegionPath(ctx: AppContext, path: string | undefined): Promise<SupervisionFigures> {
  const rows = path ? await departmentFiguresOf(ctx, path) : [];
  const withRate = <T extends { approved: number; denied: number; decidedOnTime: number }>(f: T) => {
    const decided = f.approved + f.denied;
    return { ...f, decided, onTimeRate: decided === 0 ? null : f.decidedOnTime / decided };
  };
  const sum = (key: keyof Omit<DepartmentFigures, 'departmentId' | 'departmentName' | 'regionCode'>) =>
    rows.reduce((n, r) => n + r[key], 0);
  return {
    totals: withRate({
      open: sum('open'),
      suspended: sum('suspended'),
      yellow: sum('yellow'),
      red: sum('red'),
      approved: sum('approved'),
      denied: sum('denied'),
      decidedOnTime: sum('decidedOnTime'),
      urged: sum('urged'),
    }),
    departments: rows.map(withRate),
  };
}

/** One department's line of the public performance table: counts only, no case, project or person. */
export interface PublicDepartmentPerformance {
  departmentName: string;
  regionCode: string;
  regionName: string;
  decided: number;
  decidedOnTime: number;
  onTimeRate: number | null;
  open: number;
  overdue: number;
}

export interface PublicPerformance {
  regionCode: string;
  regionName: string;
  totals: Omit<PublicDepartmentPerformance, 'departmentName' | 'regionCode' | 'regionName'>;
  departments: PublicDepartmentPerformance[];
}

/**
 * 办件按时办结公示 (PRODUCT 13, "public on-time performance by department"): for anyone, each department's decided
 * cases of a region subtree, how many within the statutory (or promised) deadline, and its open and overdue cases —
 * the 办件统计 figures supervisors see (ADR 0006 aggregates), without the internal ones (yellow, suspended, urged).
 * Without `regionCode`, the deployment's root region. An unknown region is a field error.
 */
export async function publicPerformance(ctx: AppContext, regionCode: string | undefined): Promise<PublicPerformance> {
  const regions = await listRegions(ctx);
  const region = regionCode ? regions.find((r) => r.code === regionCode) : regions.find((r) => r.parentCode === null);
  if (!region) throw AppError.invalidField('regionCode', '区划不存在', 'unknown region');
  const figures = await figuresOfRegionPath(ctx, await repo.findDepartmentRegionPath(ctx.db, region.code));
  const nameOf = new Map(regions.map((r) => [r.code, r.name]));
  const line = (f: SupervisionFigures['totals']) => ({
    decided: f.decided,
    decidedOnTime: f.decidedOnTime,
    onTimeRate: f.onTimeRate,
    open: f.open,
    overdue: f.red,
  });
  return {
    regionCode: region.code,
    regionName: region.name,
    totals: line(figures.totals),
    departments: figures.departments.map((d) => ({
      departmentName: d.departmentName,
      regionCode: d.regionCode,
      regionName: nameOf.get(d.regionCode) ?? d.regionCode,
      ...line(d),
    })),
  };
}
