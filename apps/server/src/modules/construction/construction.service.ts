/**
 * 事中事后监管 (DOMAIN.md §7): the project unit reports 开工, 建设进度 on a schedule, 停工 / 复工 and 竣工 through the
 * platform (条例673 art.16; 条例712 art.27; 《企业投资项目事中事后监管办法》发改委令2018年第14号), and supervisors follow
 * the projects of their region: who is building, who has not reported, and which 开工 came without the approvals the
 * platform knows of (体外循环 signals: "construction reported with no 核准/备案").
 *
 * Reports are never changed; each one and its effect on the project's summary row are one audited transaction, with the
 * project (first report) or the summary row locked, so two reports of one project are applied one after the other.
 */
import {
  latestPastDuePeriod,
  nextDuePeriod,
  owedProgressPeriods,
  progressDueOn,
  progressPeriodLabel,
  progressPeriodLabelEn,
  progressPeriodOf,
  shanghaiCivilDate,
  type ProgressPeriod,
  type ProgressSchedule,
} from '@yiwang/domain';
import type {
  ConstructionFinding,
  ConstructionReportKind,
  ConstructionStatus,
  InspectionMethod,
  InspectionResult,
} from '../../db/schema/index.ts';
import type { Tx } from '../../db/database.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { regionPathOf } from '../organisations/organisations.service.ts';
import { isProjectSideRole, loadVisibleProject } from '../projects/projects.service.ts';
import { supervisorIdsCovering } from '../users/users.service.ts';
import * as repo from './construction.repository.ts';

/** 条例712 art.12's tolerance for 概算 over the 可研 estimate (×1.10), applied to completed investment over the total. */
const INVESTMENT_OVERRUN_FACTOR = 1.1;

export const FINDING_TEXT: Readonly<Record<ConstructionFinding, { zh: string; en: string }>> = {
  noProjectDecision: {
    zh: '开工时平台上无有效的备案证明或核准、审批文件',
    en: 'Started with no filing, ratification or approval on the platform',
  },
  projectDecisionExpired: {
    zh: '开工时核准文件已过有效期（条例673 第十二条）',
    en: 'Started after the ratification lapsed (Regulations 673 art.12)',
  },
  noConstructionPermit: {
    zh: '开工时平台上无有效的建筑工程施工许可证（建筑法第七条）',
    en: 'Started with no construction permit on the platform (Construction Law art.7)',
  },
  constructionPermitExpired: {
    zh: '开工时施工许可证已过期（建筑法第九条：领证后三个月内开工）',
    en: 'Started after the construction permit lapsed (Construction Law art.9)',
  },
  investmentOverrun: {
    zh: '累计完成投资超过项目总投资 10% 以上',
    en: 'Completed investment exceeds the total investment by more than 10 %',
  },
};

export const today = (ctx: AppContext) => shanghaiCivilDate(ctx.clock.now().getTime());

/**
 * Whether a started project still owes the report of the period ending `periodEnd`: not completed, started by then, and
 * no report for that period or a later one (the repository's overdueCondition, on one row).
 */
export function owesPeriod(summary: repo.SummaryRow, periodEnd: string): boolean {
  return (
    summary.status !== 'completed' &&
    summary.startedOn <= periodEnd &&
    (summary.lastProgressPeriodEnd === null || summary.lastProgressPeriodEnd < periodEnd)
  );
}

export function scheduleOf(ctx: AppContext): ProgressSchedule {
  return { interval: ctx.config.constructionProgressInterval, dueDay: ctx.config.constructionProgressDueDay };
}

const periodLabels = (period: ProgressPeriod, schedule: ProgressSchedule) => ({
  label: progressPeriodLabel(period, schedule.interval),
  labelEn: progressPeriodLabelEn(period, schedule.interval),
});

// ── Views ────────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ReportView {
  id: string;
  kind: ConstructionReportKind;
  occurredOn: string;
  period: { start: string; end: string; label: string; labelEn: string } | null;
  percentComplete: number | null;
  investmentToDate: number | null;
  description: string;
  findings: { code: ConstructionFinding; text: string; textEn: string }[];
  photos: { id: string; fileName: string }[];
  reportedByName: string;
  reportedAt: string;
}

export interface PeriodView {
  start: string;
  end: string;
  label: string;
  labelEn: string;
  dueOn: string;
  /** reported / overdue (due day passed, no report) / due (may be filed now, not yet late). */
  state: 'reported' | 'overdue' | 'due';
}

export interface ConstructionView {
  projectId: string;
  status: ConstructionStatus | 'notStarted';
  startedOn: string | null;
  completedOn: string | null;
  percentComplete: number | null;
  investmentToDate: number | null;
  findings: { code: ConstructionFinding; text: string; textEn: string }[];
  schedule: { interval: ProgressSchedule['interval']; dueDay: number };
  /** Every period owed so far and the one due next, oldest first (empty before 开工). */
  periods: PeriodView[];
  overdueCount: number;
  /** The kinds the actor may report now (empty for staff). */
  allowedKinds: ConstructionReportKind[];
  /** Whether the actor may record a check (核查): a supervisor whose region covers the project, once it started. */
  canInspect: boolean;
  reports: ReportView[];
  inspections: InspectionView[];
}

export interface InspectionView {
  id: string;
  inspectedOn: string;
  method: InspectionMethod;
  result: InspectionResult;
  opinion: string;
  rectificationDue: string | null;
  inspectorName: string;
  recordedAt: string;
}

function inspectionView(row: Awaited<ReturnType<typeof repo.listInspections>>[number]): InspectionView {
  const { inspection: i } = row;
  return {
    id: i.id,
    inspectedOn: i.inspectedOn,
    method: i.method,
    result: i.result,
    opinion: i.opinion,
    rectificationDue: i.rectificationDue,
    inspectorName: row.inspectorName,
    recordedAt: i.recordedAt.toISOString(),
  };
}

const toNumber = (value: string | null) => (value === null ? null : Number(value));

const findingViews = (codes: readonly string[]) =>
  codes
    .filter((c): c is ConstructionFinding => c in FINDING_TEXT)
    .map((code) => ({ code, text: FINDING_TEXT[code].zh, textEn: FINDING_TEXT[code].en }));

function reportView(
  row: Awaited<ReturnType<typeof repo.listReports>>[number],
  schedule: ProgressSchedule,
  photos: { id: string; fileName: string }[],
): ReportView {
  const { report } = row;
  const period = report.periodStart && report.periodEnd ? { start: report.periodStart, end: report.periodEnd } : null;
  return {
    id: report.id,
    kind: report.kind,
    occurredOn: report.occurredOn,
    period: period ? { ...period, ...periodLabels(period, schedule) } : null,
    percentComplete: report.percentComplete,
    investmentToDate: toNumber(report.investmentToDate),
    description: report.description,
    findings: findingViews(report.findings),
    photos,
    reportedByName: row.reportedByName,
    reportedAt: report.reportedAt.toISOString(),
  };
}

/** The periods owed so far plus the next one due, each with its state. */
function periodViews(
  summary: repo.SummaryRow,
  reportedEnds: ReadonlySet<string>,
  on: string,
  schedule: ProgressSchedule,
): PeriodView[] {
  const owed = owedProgressPeriods(summary.startedOn, summary.completedOn, on, schedule);
  const views: PeriodView[] = owed.map((p) => ({
    start: p.start,
    end: p.end,
    ...periodLabels(p, schedule),
    dueOn: p.dueOn,
    state: reportedEnds.has(p.end) ? 'reported' : 'overdue',
  }));
  if (summary.status !== 'completed') {
    const next = nextDuePeriod(on, schedule);
    if (next.end >= progressPeriodOf(summary.startedOn, schedule.interval).end) {
      views.push({
        start: next.start,
        end: next.end,
        ...periodLabels(next, schedule),
        dueOn: progressDueOn(next, schedule),
        state: reportedEnds.has(next.end) ? 'reported' : 'due',
      });
    }
  }
  return views;
}

function allowedKinds(status: ConstructionView['status']): ConstructionReportKind[] {
  switch (status) {
    case 'notStarted':
      return ['start'];
    case 'underConstruction':
      return ['progress', 'suspension', 'completion'];
    case 'suspended':
      return ['progress', 'resumption'];
    case 'completed':
      return [];
  }
}

/** The project's construction: its state, its reporting calendar and every report (owners and staff in scope). */
export async function getProjectConstruction(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
): Promise<ConstructionView> {
  const { project } = await loadVisibleProject(ctx, actor, projectId);
  const schedule = scheduleOf(ctx);
  const on = today(ctx);
  const [summary, reports, photos, inspections] = await Promise.all([
    repo.findSummary(ctx.db, projectId),
    repo.listReports(ctx.db, projectId),
    repo.listAttachedPhotos(ctx.db, projectId),
    repo.listInspections(ctx.db, projectId),
  ]);
  const photosOf = (reportId: string) =>
    photos.filter((p) => p.reportId === reportId).map((p) => ({ id: p.id, fileName: p.fileName }));
  const reportedEnds = new Set(reports.filter((r) => r.report.kind === 'progress').map((r) => r.report.periodEnd!));
  const periods = summary ? periodViews(summary, reportedEnds, on, schedule) : [];
  const status = summary?.status ?? 'notStarted';
  const open = project.status === 'coded' || project.status === 'filed';
  return {
    projectId,
    status,
    startedOn: summary?.startedOn ?? null,
    completedOn: summary?.completedOn ?? null,
    percentComplete: summary?.percentComplete ?? null,
    investmentToDate: toNumber(summary?.investmentToDate ?? null),
    findings: findingViews(summary?.findings ?? []),
    schedule: { interval: schedule.interval, dueDay: schedule.dueDay },
    periods,
    overdueCount: periods.filter((p) => p.state === 'overdue').length,
    // 进度 only while a period is open to a report (every owed one and the next one may already be in).
    allowedKinds:
      isProjectSideRole(actor) && open
        ? allowedKinds(status).filter((k) => k !== 'progress' || periods.some((p) => p.state !== 'reported'))
        : [],
    // loadVisibleProject already confined a supervisor to projects of its region subtree.
    canInspect: actor.role === 'supervisor' && summary !== undefined,
    reports: reports.map((r) => reportView(r, schedule, photosOf(r.report.id))),
    inspections: inspections.map(inspectionView),
  };
}

// ── Reporting ────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ReportInput {
  kind: ConstructionReportKind;
  /** start / suspension / resumption / completion: the day it happened. */
  occurredOn?: string | undefined;
  /** progress: the first day of the period reported on. */
  periodStart?: string | undefined;
  percentComplete?: number | undefined;
  /** 万元. */
  investmentToDate?: number | undefined;
  description: string;
  /** Site photos uploaded for this report (PUT …/construction/photos), at most MAX_PHOTOS (construction-photos.service). */
  photoIds?: string[] | undefined;
}

const KIND_NAMES: Readonly<Record<ConstructionReportKind, { zh: string; en: string }>> = {
  start: { zh: '开工', en: 'start' },
  progress: { zh: '建设进度', en: 'progress' },
  suspension: { zh: '停工', en: 'suspension' },
  resumption: { zh: '复工', en: 'resumption' },
  completion: { zh: '竣工', en: 'completion' },
};

export function ruleViolated(message: string, messageEn: string): AppError {
  return new AppError('CONSTRUCTION_RULE_VIOLATED', { message, messageEn });
}

export function field(fieldName: string, message: string, messageEn: string): FieldError {
  return { field: fieldName, message, messageEn };
}

/** The fields each kind needs, named all at once (nothing read from the database yet). */
function shapeProblems(input: ReportInput, on: string, schedule: ProgressSchedule): FieldError[] {
  const problems: FieldError[] = [];
  if (input.description.trim() === '') {
    problems.push(
      field(
        'description',
        input.kind === 'suspension' ? '请说明停工原因' : '请填写情况说明',
        input.kind === 'suspension' ? 'state the reason for the suspension' : 'describe the situation',
      ),
    );
  }
  if (input.kind === 'progress') {
    if (!input.periodStart) {
      problems.push(field('periodStart', '请选择报告期', 'choose the period'));
    } else if (progressPeriodOf(input.periodStart, schedule.interval).start !== input.periodStart) {
      problems.push(
        field('periodStart', '报告期须从报告期首日起（如每月 1 日）', 'periodStart must be the first day of a period'),
      );
    } else if (input.periodStart > on) {
      problems.push(field('periodStart', '不能报送尚未开始的报告期', 'the period has not begun'));
    }
    if (input.percentComplete === undefined)
      problems.push(field('percentComplete', '请填写形象进度', 'percentComplete is required'));
    if (input.investmentToDate === undefined)
      problems.push(field('investmentToDate', '请填写累计完成投资', 'investmentToDate is required'));
  } else {
    if (!input.occurredOn) {
      problems.push(field('occurredOn', `请填写${KIND_NAMES[input.kind].zh}日期`, 'occurredOn is required'));
    } else if (input.occurredOn > on) {
      problems.push(field('occurredOn', '日期不能晚于今天', 'the date is in the future'));
    }
    if (input.kind === 'completion' && input.investmentToDate === undefined)
      problems.push(field('investmentToDate', '请填写累计完成投资', 'investmentToDate is required'));
  }
  return problems;
}

/** What the licences the project holds say about a 开工 on `startedOn` (体外循环 signals; DOMAIN.md §7). */
async function startFindings(
  ctx: AppContext,
  project: { id: string; status: string; procedure: string | null },
  startedOn: string,
): Promise<ConstructionFinding[]> {
  const [held, smallWorks] = await Promise.all([
    repo.findStartLicences(ctx.db, project.id),
    repo.declaredSmallWorks(ctx.db, project.id),
  ]);
  const findings: ConstructionFinding[] = [];
  const decisions = held.filter((l) => l.licenceType === 'projectDecision');
  // 备案 is complete when filed (条例673 art.13: receiving the four items is the filing); 核准 and 审批 need the
  // decision document (条例673 art.18: no construction before 核准; 条例712 art.11).
  const decided = project.status === 'filed' || decisions.length > 0;
  if (!decided) findings.push('noProjectDecision');
  else if (project.status !== 'filed' && decisions.every((l) => l.validUntil !== null && l.validUntil < startedOn))
    findings.push('projectDecisionExpired');
  const permits = held.filter((l) => l.licenceType === 'constructionPermit');
  if (permits.length === 0) {
    if (!smallWorks) findings.push('noConstructionPermit');
  } else if (permits.every((l) => l.validUntil !== null && l.validUntil < startedOn)) {
    findings.push('constructionPermitExpired');
  }
  return findings;
}

const overrun = (investment: number | undefined, total: string | null) =>
  investment !== undefined && total !== null && investment > Number(total) * INVESTMENT_OVERRUN_FACTOR;

/** Files one report (owners of the project). */
export async function submitReport(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  projectId: string,
  input: ReportInput,
): Promise<ConstructionView> {
  const { project } = await loadVisibleProject(ctx, actor, projectId);
  if (project.status !== 'coded' && project.status !== 'filed') {
    throw ruleViolated('项目尚未赋码或已撤销，不能报送建设情况', 'The project has no code or was withdrawn');
  }
  const schedule = scheduleOf(ctx);
  const on = today(ctx);
  const problems = shapeProblems(input, on, schedule);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const description = input.description.trim();
  const now = ctx.clock.now();
  const findingsAtStart =
    input.kind === 'start' ? await startFindings(ctx, project, input.occurredOn!) : ([] as ConstructionFinding[]);

  // Read before the transaction: on the embedded database a read on ctx.db inside it would wait for the transaction.
  const regionPath = project.regionCode ? await regionPathOf(ctx.db, project.regionCode) : undefined;
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockProject(tx, projectId);
    if (!locked || (locked.status !== 'coded' && locked.status !== 'filed')) {
      throw ruleViolated('项目尚未赋码或已撤销，不能报送建设情况', 'The project has no code or was withdrawn');
    }
    const summary = await repo.lockSummary(tx, projectId);
    const status: ConstructionView['status'] = summary?.status ?? 'notStarted';
    if (!allowedKinds(status).includes(input.kind)) throw kindRefused(input.kind, status);

    let row: repo.ReportInsert;
    let patch: Parameters<typeof repo.updateSummary>[2] = { updatedAt: now };
    let findings: ConstructionFinding[] = [];
    switch (input.kind) {
      case 'start': {
        findings = findingsAtStart;
        row = { occurredOn: input.occurredOn! } as repo.ReportInsert;
        break;
      }
      case 'progress': {
        const period = progressPeriodOf(input.periodStart!, schedule.interval);
        if (period.end < summary!.startedOn) {
          throw AppError.invalidField(
            'periodStart',
            `报告期早于开工日期（${summary!.startedOn}）`,
            `the period ends before the start of construction (${summary!.startedOn})`,
          );
        }
        const progress = await repo.listProgress(tx, projectId);
        if (progress.some((p) => p.periodEnd === period.end)) {
          throw ruleViolated(
            `${progressPeriodLabel(period, schedule.interval)}的进度已报送；如有变化请在下一期说明`,
            `Progress for ${progressPeriodLabelEn(period, schedule.interval)} was already reported`,
          );
        }
        const earlier = progress.filter((p) => p.periodEnd! < period.end).at(-1);
        const later = progress.find((p) => p.periodEnd! > period.end);
        const monotone = [
          ...figureOrder(
            'percentComplete',
            input.percentComplete!,
            earlier?.percentComplete,
            later?.percentComplete,
            '%',
          ),
          ...figureOrder(
            'investmentToDate',
            input.investmentToDate!,
            toNumber(earlier?.investmentToDate ?? null),
            toNumber(later?.investmentToDate ?? null),
            ' 万元',
          ),
        ];
        if (monotone.length) throw new AppError('VALIDATION_FAILED', { fields: monotone });
        if (overrun(input.investmentToDate, project.totalInvestment)) findings = ['investmentOverrun'];
        row = {
          occurredOn: period.end < on ? period.end : on,
          periodStart: period.start,
          periodEnd: period.end,
          percentComplete: input.percentComplete!,
          investmentToDate: input.investmentToDate!.toFixed(2),
        } as repo.ReportInsert;
        if (!summary!.lastProgressPeriodEnd || period.end > summary!.lastProgressPeriodEnd) {
          patch = {
            ...patch,
            lastProgressPeriodEnd: period.end,
            percentComplete: input.percentComplete!,
            investmentToDate: input.investmentToDate!.toFixed(2),
          };
        }
        break;
      }
      case 'suspension':
      case 'completion': {
        if (input.occurredOn! < summary!.startedOn) {
          throw AppError.invalidField(
            'occurredOn',
            `日期早于开工日期（${summary!.startedOn}）`,
            `the date is before the start of construction (${summary!.startedOn})`,
          );
        }
        if (input.kind === 'completion') {
          if (overrun(input.investmentToDate, project.totalInvestment)) findings = ['investmentOverrun'];
          patch = {
            ...patch,
            status: 'completed',
            completedOn: input.occurredOn!,
            percentComplete: 100,
            investmentToDate: input.investmentToDate!.toFixed(2),
          };
          row = {
            occurredOn: input.occurredOn!,
            percentComplete: 100,
            investmentToDate: input.investmentToDate!.toFixed(2),
          } as repo.ReportInsert;
        } else {
          patch = { ...patch, status: 'suspended' };
          row = { occurredOn: input.occurredOn! } as repo.ReportInsert;
        }
        break;
      }
      case 'resumption': {
        const suspendedOn = await repo.latestSuspensionOn(tx, projectId);
        if (suspendedOn && input.occurredOn! < suspendedOn) {
          throw AppError.invalidField(
            'occurredOn',
            `复工日期早于停工日期（${suspendedOn}）`,
            `the date is before the suspension (${suspendedOn})`,
          );
        }
        patch = { ...patch, status: 'underConstruction' };
        row = { occurredOn: input.occurredOn! } as repo.ReportInsert;
        break;
      }
    }
    const inserted = await repo.insertReport(tx, {
      ...row,
      projectId,
      kind: input.kind,
      description,
      findings,
      reportedBy: actor.id,
      reportedAt: now,
    });
    const photoIds = [...new Set(input.photoIds ?? [])];
    if ((await repo.attachPhotos(tx, projectId, inserted.id, photoIds)) !== photoIds.length) {
      throw AppError.invalidField(
        'photoIds',
        '照片不存在、不属于本项目或已用于其他报告，请重新上传',
        'a photo does not exist, is not of this project or belongs to another report; upload it again',
      );
    }
    const allFindings = [...new Set([...(summary?.findings ?? []), ...findings])];
    if (!summary) {
      await repo.insertSummary(tx, {
        projectId,
        regionCode: locked.regionCode!,
        status: 'underConstruction',
        startedOn: input.occurredOn!,
        findings: allFindings,
        updatedAt: now,
      });
    } else {
      await repo.updateSummary(tx, projectId, { ...patch, findings: allFindings });
    }
    await recordAudit({
      action: 'construction.reported',
      targetType: 'project',
      targetId: projectId,
      before: summary ? { status: summary.status, findings: summary.findings } : { status: 'notStarted' },
      after: {
        reportId: inserted.id,
        kind: input.kind,
        occurredOn: inserted.occurredOn,
        periodEnd: inserted.periodEnd,
        percentComplete: inserted.percentComplete,
        investmentToDate: inserted.investmentToDate,
        findings,
        photoIds,
      },
    });
    if (findings.length > 0 && regionPath) await tellSupervisors(tx, ctx, project, regionPath, input.kind, findings);
  });
  return getProjectConstruction(ctx, actor, projectId);
}

function figureOrder(
  name: 'percentComplete' | 'investmentToDate',
  value: number,
  earlier: number | null | undefined,
  later: number | null | undefined,
  unit: string,
): FieldError[] {
  const label = name === 'percentComplete' ? '形象进度' : '累计完成投资';
  if (earlier !== null && earlier !== undefined && value < earlier)
    return [
      field(name, `${label}不能低于上一期已报的 ${earlier}${unit}`, `${name} is below the earlier period's ${earlier}`),
    ];
  if (later !== null && later !== undefined && value > later)
    return [
      field(name, `${label}不能高于下一期已报的 ${later}${unit}`, `${name} is above the later period's ${later}`),
    ];
  return [];
}

function kindRefused(kind: ConstructionReportKind, status: ConstructionView['status']): AppError {
  const reasons: Record<ConstructionView['status'], [string, string]> = {
    notStarted: ['项目尚未报送开工', 'the project has not reported its start'],
    underConstruction: ['项目已开工', 'the project is under construction'],
    suspended: ['项目处于停工状态，请先报送复工', 'the project is suspended; report the resumption first'],
    completed: ['项目已报送竣工', 'the project reported its completion'],
  };
  const [zh, en] = reasons[status];
  return ruleViolated(`${zh}，不能报送${KIND_NAMES[kind].zh}`, `Cannot report ${KIND_NAMES[kind].en}: ${en}`);
}

/** 谁审批谁监管: the supervisors whose region covers the project hear of a finding at once. */
async function tellSupervisors(
  tx: Tx,
  ctx: AppContext,
  project: { id: string; name: string; code: string | null },
  regionPath: string,
  kind: ConstructionReportKind,
  findings: ConstructionFinding[],
): Promise<void> {
  const supervisors = await supervisorIdsCovering(tx, regionPath);
  await notify(tx, ctx, {
    userIds: supervisors,
    kind: 'construction.finding',
    title: `建设监管提示：${project.name}`,
    titleEn: `Construction finding: ${project.code ?? project.name}`,
    body: `「${project.name}」（${project.code ?? ''}）报送${KIND_NAMES[kind].zh}：${findings.map((f) => FINDING_TEXT[f].zh).join('；')}。`,
    bodyEn: `${project.code ?? project.name} reported its ${KIND_NAMES[kind].en}: ${findings.map((f) => FINDING_TEXT[f].en).join('; ')}.`,
    link: `/projects/${project.id}`,
  });
}

// ── Supervisor's list ────────────────────────────────────────────────────────────────────────────────────────────────

export interface ListQuery {
  regionCode?: string | undefined;
  status?: ConstructionStatus | undefined;
  overdue?: boolean | undefined;
  withFindings?: boolean | undefined;
  page: number;
  pageSize: number;
}

export async function listConstruction(ctx: AppContext, actor: Actor, query: ListQuery) {
  const homePath = await regionPathOf(ctx.db, actor.regionCode);
  if (!homePath) throw new AppError('NOT_FOUND', { message: '辖区不存在', messageEn: 'Your region does not exist' });
  let regionPath = homePath;
  if (query.regionCode && query.regionCode !== actor.regionCode) {
    const narrowed = await regionPathOf(ctx.db, query.regionCode);
    if (!narrowed || !narrowed.startsWith(`${homePath}/`)) {
      throw new AppError('NOT_FOUND', {
        message: '区划不存在或不在您的辖区内',
        messageEn: 'No such region within your jurisdiction',
      });
    }
    regionPath = narrowed;
  }
  const schedule = scheduleOf(ctx);
  const on = today(ctx);
  const pastDue = latestPastDuePeriod(on, schedule);
  const filter: repo.ListFilter = {
    regionPath,
    status: query.status,
    overdueForPeriodEnd: query.overdue ? pastDue.end : undefined,
    withFindings: query.withFindings,
  };
  const [rows, total, counts] = await Promise.all([
    repo.listInScope(ctx.db, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
    repo.countFiltered(ctx.db, filter),
    repo.countInScope(ctx.db, regionPath, pastDue.end),
  ]);
  return {
    asOf: on,
    pastDuePeriod: { ...pastDue, ...periodLabels(pastDue, schedule), dueOn: progressDueOn(pastDue, schedule) },
    counts,
    total,
    items: rows.map((r) => {
      const s = r.summary;
      return {
        projectId: s.projectId,
        projectName: r.projectName,
        projectCode: r.projectCode,
        procedure: r.procedure,
        regionCode: s.regionCode,
        regionName: r.regionName,
        status: s.status,
        startedOn: s.startedOn,
        completedOn: s.completedOn,
        lastProgressPeriodEnd: s.lastProgressPeriodEnd,
        percentComplete: s.percentComplete,
        investmentToDate: toNumber(s.investmentToDate),
        totalInvestment: toNumber(r.totalInvestment),
        overdue: owesPeriod(s, pastDue.end),
        lastInspectedOn: s.lastInspectedOn,
        lastInspectionResult: s.lastInspectionResult,
        findings: findingViews(s.findings),
        updatedAt: s.updatedAt.toISOString(),
      };
    }),
  };
}
