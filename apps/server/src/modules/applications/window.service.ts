/**
 * The comprehensive window (综合窗口, 国办发〔2019〕11号: one window per stage): the inbox of its region subtree (credit
 * green channel first), the one-time 补正 notice (行政许可法 art.32), 不予受理, and acceptance — normal, 容缺受理
 * (DOMAIN.md §6: main materials complete, secondary ones by a stated deadline) or 告知承诺 (国办发〔2020〕42号) — which
 * dispatches every matter's case at once (parallel approval) in the same transaction. Also the 受理回执 PDF.
 */
import crypto from 'node:crypto';
import { addMonths, compareCivilDates, isCivilDate, type Catalogue } from '@yiwang/domain';
import { concurrently } from '../../db/concurrently.ts';
import type { Tx } from '../../db/database.ts';
import type { ApplicationStatus, CorrectionItem } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import type { Changed } from '../../lib/prefer.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { dispatchCases, type DispatchInput } from '../cases/case-dispatch.service.ts';
import { noticeStatements, notify, type NoticeInput } from '../notifications/notifications.service.ts';
import {
  applicationDetail,
  catalogueOf,
  creditOf,
  heldPackagesOf,
  formFor,
  loadVisibleApplication,
  mattersListing,
  todayOf,
  transition,
  windowUserIdsOf,
  type ApplicationDetail,
} from './applications.service.ts';
import * as repo from './applications.repository.ts';
import { applicantSideUserIds } from '../projects/projects.service.ts';

export const INBOX_STATUSES = ['submitted', 'correctionRequested', 'accepted', 'rejected'] as const;

export interface InboxItem {
  id: string;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  stageCode: string;
  stageName: string;
  status: ApplicationStatus;
  priority: boolean;
  submittedAt: string | null;
  correctionDueOn: string | null;
  /** Working days left for the 补正 notice (negative when overdue); null unless submitted. */
  correctionWorkingDaysLeft: number | null;
  missingMaterialCount: number;
  matterCount: number;
}

export async function listInbox(
  ctx: AppContext,
  actor: Actor,
  query: {
    status?: (typeof INBOX_STATUSES)[number] | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: InboxItem[]; total: number }> {
  const regionPath = await repo.regionPath(ctx.db, actor.regionCode);
  if (!regionPath) return { items: [], total: 0 };
  const { rows, total } = await repo.findInbox(
    ctx.db,
    {
      regionPath,
      statuses: query.status ? [query.status] : [...INBOX_STATUSES],
      q: query.q?.trim() || undefined,
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  const today = todayOf(ctx);
  const calendar = await loadCalendar(ctx);
  const stageNames = new Map<string, string>();
  for (const version of new Set(rows.map((r) => r.application.catalogueVersion))) {
    for (const s of (await catalogueOf(ctx.db, version)).stages) stageNames.set(`${version}/${s.code}`, s.name);
  }
  return {
    items: rows.map(({ application: a, ...r }) => ({
      id: a.id,
      projectCode: r.projectCode,
      projectName: r.projectName,
      enterpriseName: r.enterpriseName,
      stageCode: a.stageCode,
      stageName: stageNames.get(`${a.catalogueVersion}/${a.stageCode}`) ?? a.stageCode,
      status: a.status,
      priority: a.priority,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      correctionDueOn: a.correctionDueOn,
      correctionWorkingDaysLeft:
        a.status === 'submitted' && a.correctionDueOn
          ? calendar.countWorkingDaysBetween(today, a.correctionDueOn).count
          : null,
      missingMaterialCount: r.missingMaterialCount,
      matterCount: a.matterCodes.length,
    })),
    total,
  };
}

/**
 * 一次性补正告知 (行政许可法 art.32): one notice listing every missing or wrong item, each naming a material of the
 * application or a field of its form. The window's period stops; it restarts from the supplement.
 */
export async function requestCorrection(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: {
    items: {
      materialCode?: string | undefined;
      fieldCode?: string | undefined;
      problem: 'missing' | 'invalid';
      reason: string;
    }[];
  },
): Promise<ApplicationDetail> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const next = transition(app.status, 'requestCorrection');
  const catalogue = await catalogueOf(ctx.db, app.catalogueVersion);
  const held = await heldPackagesOf(ctx.db, app.projectId, todayOf(ctx));
  const form = formFor(catalogue, app.stageCode, project.project, app.facts, held);
  const materialCodes = new Set((await repo.findMaterials(ctx.db, id)).map((m) => m.materialCode));
  const fieldCodes = new Set(
    form.fields.filter((f) => f.matterCodes.some((m) => app.matterCodes.includes(m))).map((f) => f.code),
  );
  const problems: FieldError[] = [];
  const items: CorrectionItem[] = input.items.map((item, i) => {
    const materialCode = item.materialCode?.trim() || null;
    const fieldCode = item.fieldCode?.trim() || null;
    if (!materialCode && !fieldCode) {
      problems.push({
        field: `items.${i}`,
        message: '每一项须指明材料（materialCode）或申报表字段（fieldCode）',
        messageEn: 'each item names a material (materialCode) or a form field (fieldCode)',
      });
    }
    if (materialCode && !materialCodes.has(materialCode)) {
      problems.push({
        field: `items.${i}.materialCode`,
        message: `材料「${materialCode}」不是本申请的材料`,
        messageEn: `${materialCode} is not a material of this application`,
      });
    }
    if (fieldCode && !fieldCodes.has(fieldCode)) {
      problems.push({
        field: `items.${i}.fieldCode`,
        message: `「${fieldCode}」不是本申请申报表的字段`,
        messageEn: `${fieldCode} is not a field of this application's form`,
      });
    }
    if (item.reason.trim() === '') {
      problems.push({ field: `items.${i}.reason`, message: '请说明补正理由', messageEn: 'give the reason' });
    }
    return { materialCode, fieldCode, problem: item.problem, reason: item.reason.trim() };
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const now = ctx.clock.now();
  const today = todayOf(ctx);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockApplication(tx, id);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    const notice = await repo.insertNotice(tx, {
      applicationId: id,
      items,
      issuedBy: actor.id,
      issuedAt: now,
      issuedOn: today,
    });
    await repo.updateApplication(tx, id, { status: next, updatedAt: now });
    await recordAudit({
      action: 'application.correction_requested',
      targetType: 'stage_application',
      targetId: id,
      before: { status: app.status },
      after: { status: next, noticeId: notice.id, items },
    });
    await notify(tx, ctx, {
      userIds: await applicantSideUserIds(tx, app.projectId, [app.createdBy]),
      kind: 'application.correction_requested',
      title: `请补正申请材料：${project.project.name}`,
      titleEn: `Corrections requested: ${project.project.name}`,
      body: `窗口一次性告知需补正 ${items.length} 项：${items.map((x) => `${x.materialCode ?? x.fieldCode}（${x.reason}）`).join('；')}`,
      bodyEn: `The window lists ${items.length} item(s) to correct: ${items.map((x) => x.materialCode ?? x.fieldCode).join(', ')}`,
      link: `/applications/${id}`,
      channels: ['sms'],
    });
  });
  return applicationDetail(ctx, (await repo.findApplication(ctx.db, id))!, project);
}

/** 不予受理, with the reason (行政许可法 art.32: a written decision stating why). */
export async function rejectApplication(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { reason: string },
): Promise<ApplicationDetail> {
  const reason = input.reason.trim();
  if (!reason) throw AppError.invalidField('reason', '请说明不予受理的理由', 'give the reason for refusing');
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const next = transition(app.status, 'reject');
  const now = ctx.clock.now();
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockApplication(tx, id);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    await repo.updateApplication(tx, id, {
      status: next,
      rejectedAt: now,
      rejectedBy: actor.id,
      rejectionReason: reason,
      updatedAt: now,
    });
    await recordAudit({
      action: 'application.rejected',
      targetType: 'stage_application',
      targetId: id,
      before: { status: app.status },
      after: { status: next, reason },
    });
    await notify(tx, ctx, {
      userIds: await applicantSideUserIds(tx, app.projectId, [app.createdBy]),
      kind: 'application.rejected',
      title: `申请不予受理：${project.project.name}`,
      titleEn: `Application refused: ${project.project.name}`,
      body: `不予受理理由：${reason}`,
      bodyEn: `Reason: ${reason}`,
      link: `/applications/${id}`,
      channels: ['sms'],
    });
  });
  return applicationDetail(ctx, (await repo.findApplication(ctx.db, id))!, project);
}

const BASE32 = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789'.slice(0, 32);

/** 受理回执编号: `SL` + region + yyyymmdd + 6 random base-32 characters (unique index as the last word). */
export function newReceiptNumber(regionCode: string, acceptedOn: string): string {
  const bytes = crypto.randomBytes(6);
  const suffix = [...bytes].map((b) => BASE32[b % 32]).join('');
  return `SL${regionCode}${acceptedOn.replaceAll('-', '')}${suffix}`;
}

export interface AcceptInput {
  mode: 'normal' | 'tolerance' | 'commitment';
  toleranceDueOn?: string | undefined;
  opinion?: string | undefined;
}

/**
 * Acceptance. normal: every required material provided (or supplied by a licence / a same-stage result). tolerance
 * (容缺, DOMAIN.md §6): only tolerable secondary materials missing, supplied by `toleranceDueOn`; commitment (告知承诺,
 * 国办发〔2020〕42号): each missing material replaced by a signed commitment, credit permitting, and a verification task
 * follows. The cases of every matter are dispatched in the same transaction (parallel approval).
 */
export async function acceptApplication(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: AcceptInput,
): Promise<Changed<ApplicationDetail>> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const next = transition(app.status, 'accept');
  const today = todayOf(ctx);
  const catalogue = await catalogueOf(ctx.db, app.catalogueVersion);
  const byCode = new Map(catalogue.materials.map((m) => [m.code, m]));
  const rows = await repo.findMaterials(ctx.db, id);
  const missing = rows.filter((r) => r.status === 'missing' && (byCode.get(r.materialCode)?.required ?? true));
  const credit = await creditOf(ctx.db, project.project.enterpriseId, today);
  const listed = (codes: typeof missing, why: (code: string) => string, whyEn: (code: string) => string) =>
    codes.map((r) => ({
      field: `materials.${r.materialCode}`,
      message: why(r.materialCode),
      messageEn: whyEn(r.materialCode),
    }));
  const nameOf = (code: string) => byCode.get(code)?.name ?? code;

  let toleranceDueOn: string | null = null;
  if (input.mode === 'normal') {
    if (missing.length) {
      throw new AppError('MATERIALS_INCOMPLETE', {
        fields: listed(
          missing,
          (c) => `缺少「${nameOf(c)}」`,
          (c) => `${c} is missing`,
        ),
      });
    }
  } else if (input.mode === 'tolerance') {
    if (!credit.toleranceAllowed) {
      throw new AppError('CREDIT_ROUTE_REFUSED', {
        message: credit.reasons.join('；'),
        messageEn: credit.reasonsEn.join('; '),
      });
    }
    if (missing.length === 0) {
      throw AppError.invalidField('mode', '材料已齐全，请按一般方式受理', 'nothing is missing: accept normally');
    }
    // 容缺 = main materials complete; only tolerable secondary materials may follow.
    const notTolerable = missing.filter(
      (r) => !byCode.get(r.materialCode)?.tolerable || byCode.get(r.materialCode)?.main,
    );
    if (notTolerable.length) {
      throw new AppError('MATERIALS_INCOMPLETE', {
        message: '容缺受理只允许缺少次要的可容缺材料，主要材料必须齐全',
        messageEn: 'tolerance allows only tolerable secondary materials to be missing; main materials must be complete',
        fields: listed(
          notTolerable,
          (c) => `「${nameOf(c)}」不可容缺`,
          (c) => `${c} is not tolerable`,
        ),
      });
    }
    const due = input.toleranceDueOn;
    if (!due || !isCivilDate(due)) {
      throw AppError.invalidField('toleranceDueOn', '容缺受理须写明补齐材料的期限', 'tolerance needs the due date');
    }
    if (compareCivilDates(due, today) <= 0) {
      throw AppError.invalidField('toleranceDueOn', '补齐期限须在今天之后', 'the due date must be after today');
    }
    toleranceDueOn = due;
  } else {
    if (!credit.commitmentAllowed) {
      throw new AppError('CREDIT_ROUTE_REFUSED', {
        message: credit.reasons.join('；'),
        messageEn: credit.reasonsEn.join('; '),
      });
    }
    if (missing.length === 0) {
      throw AppError.invalidField('mode', '材料已齐全，请按一般方式受理', 'nothing is missing: accept normally');
    }
    const unsigned = missing.filter((r) => !r.commitmentText || !r.committedAt);
    if (unsigned.length) {
      throw new AppError('MATERIALS_INCOMPLETE', {
        message: '告知承诺受理要求每一项缺少的材料都有申请人签署的承诺',
        messageEn: 'the commitment route needs a signed commitment for every missing material',
        fields: listed(
          unsigned,
          (c) =>
            rows.find((r) => r.materialCode === c)?.commitmentText
              ? `「${nameOf(c)}」尚未签署承诺`
              : `「${nameOf(c)}」不适用告知承诺`,
          (c) => `${c} has no signed commitment`,
        ),
      });
    }
  }

  const now = ctx.clock.now();
  const receiptNumber = newReceiptNumber(app.regionCode, today);
  const missingCodes = missing.map((r) => r.materialCode);
  const commitmentMatters =
    input.mode === 'commitment'
      ? [...new Set(missingCodes.flatMap((c) => mattersListing(catalogue, app.matterCodes, c)))]
      : [];
  const accepted = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit, sendWithCommit) => {
    const locked = await repo.lockApplication(tx, id);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    // The application's own writes need no answer: sent now, together with the dispatch's reads and the applicant's
    // recipients (the connection is pipelined, writes-per-tick.ts); their answers come with the COMMIT.
    const answers = sendWithCommit(
      repo.applicationUpdate(tx, id, {
        status: next,
        acceptanceMode: input.mode,
        acceptedAt: now,
        acceptedOn: today,
        acceptedBy: actor.id,
        receiptNumber,
        toleranceDueOn,
        updatedAt: now,
      }),
      ...missingCodes.map((code) =>
        repo.materialUpdate(tx, id, code, {
          status: input.mode === 'tolerance' ? 'tolerated' : 'committed',
          updatedAt: now,
        }),
      ),
    );
    const [dispatched, applicantSide] = await concurrently([
      dispatchCases(
        tx,
        ctx,
        {
          application: dispatchedApplication(app, receiptNumber, today, locked.matterCodes, commitmentMatters),
          catalogue,
          actorId: actor.id,
        },
        recordAudit,
        sendWithCommit,
      ),
      applicantSideUserIds(tx, app.projectId, [app.createdBy]),
    ]);
    sendWithCommit(
      ...noticeStatements(tx, ctx, [
        acceptedNotice(app, applicantSide, project.project.name, receiptNumber, input.mode, toleranceDueOn, false),
      ]),
    );
    if (input.mode === 'commitment') {
      await createVerificationTasks(tx, ctx, catalogue, locked.matterCodes, id, missingCodes, dispatched, today);
    }
    await recordAudit({
      action: 'application.accepted',
      targetType: 'stage_application',
      targetId: id,
      before: { status: app.status },
      after: {
        status: next,
        mode: input.mode,
        receiptNumber,
        acceptedOn: today,
        toleranceDueOn,
        toleratedOrCommitted: missingCodes,
        opinion: input.opinion?.trim() || null,
        cases: dispatched.map((c) => c.caseNumber),
      },
    });
    // In an object: a promise returned as such would be awaited by the transaction before its COMMIT.
    return { answers };
  });
  const [[acceptedRow]] = await accepted.answers;
  return { id, view: () => applicationDetail(ctx, acceptedRow!, project, { catalogue, credit }) };
}

/** 告知承诺 后续核查 (国办发〔2020〕42号): one document check per committed material, due three months after acceptance. */
async function createVerificationTasks(
  tx: Tx,
  ctx: AppContext,
  catalogue: Catalogue,
  matterCodes: string[],
  applicationId: string,
  materialCodes: string[],
  dispatched: { id: string; matterCode: string }[],
  acceptedOn: string,
): Promise<void> {
  const caseOf = new Map(dispatched.map((c) => [c.matterCode, c.id]));
  await repo.insertVerificationTasks(
    tx,
    materialCodes.map((materialCode) => {
      const matter = mattersListing(catalogue, matterCodes, materialCode).find((m) => caseOf.has(m));
      return {
        applicationId,
        caseId: matter ? caseOf.get(matter)! : null,
        materialCode,
        method: 'document' as const,
        dueOn: addMonths(acceptedOn, 3),
        status: 'open' as const,
        createdAt: ctx.clock.now(),
      };
    }),
  );
}

async function notifyAccepted(
  tx: Tx,
  ctx: AppContext,
  app: repo.ApplicationRow,
  projectName: string,
  receiptNumber: string,
  mode: string,
  toleranceDueOn: string | null,
  deemed: boolean,
): Promise<void> {
  const recipients = await applicantSideUserIds(tx, app.projectId, [app.createdBy]);
  await notify(tx, ctx, acceptedNotice(app, recipients, projectName, receiptNumber, mode, toleranceDueOn, deemed));
}

/** The applicant side's notice of an acceptance (normal, 容缺, 告知承诺, or deemed: 行政许可法 art.32). */
function acceptedNotice(
  app: repo.ApplicationRow,
  recipients: readonly string[],
  projectName: string,
  receiptNumber: string,
  mode: string,
  toleranceDueOn: string | null,
  deemed: boolean,
): NoticeInput {
  const modeZh = mode === 'tolerance' ? '容缺受理' : mode === 'commitment' ? '告知承诺受理' : '受理';
  return {
    userIds: recipients,
    kind: deemed ? 'application.deemed_accepted' : 'application.accepted',
    title: `申请已${deemed ? '视为受理' : modeZh}：${projectName}`,
    titleEn: `Application ${deemed ? 'deemed accepted' : 'accepted'}: ${projectName}`,
    body: deemed
      ? `窗口未在规定期限内一次性告知补正，依《行政许可法》第三十二条自收到申请之日起即为受理。受理回执编号 ${receiptNumber}。`
      : `受理回执编号 ${receiptNumber}。${toleranceDueOn ? `请于 ${toleranceDueOn} 前补齐容缺材料。` : ''}各事项已并联分送有关部门办理。`,
    bodyEn: deemed
      ? `No correction notice came in time, so the application counts as accepted from receipt (行政许可法 art.32). Receipt ${receiptNumber}.`
      : `Receipt ${receiptNumber}.${toleranceDueOn ? ` Supply the tolerated materials by ${toleranceDueOn}.` : ''} The matters went to their departments in parallel.`,
    link: `/applications/${app.id}`,
    channels: ['sms'],
  };
}

/** What case dispatch needs of an application being accepted (normally or deemed). */
function dispatchedApplication(
  app: repo.ApplicationRow,
  receiptNumber: string,
  acceptedOn: string,
  matterCodes: string[],
  decidedOnCommitmentMatters: string[],
): DispatchInput['application'] {
  return {
    id: app.id,
    projectId: app.projectId,
    regionCode: app.regionCode,
    catalogueVersion: app.catalogueVersion,
    stageCode: app.stageCode,
    receiptNumber,
    acceptedOn,
    matterCodes,
    decidedOnCommitmentMatters,
  };
}

/**
 * 补正 auto-acceptance (行政许可法 art.32): no notice by the due day → accepted from the day of receipt, in the normal
 * mode, missing materials left missing, cases dispatched. Re-checks inside the transaction, so running twice (or on two
 * nodes) accepts once. Returns whether it accepted.
 */
export async function deemAccepted(ctx: AppContext, audit: AuditContext, id: string): Promise<boolean> {
  const app = await repo.findApplication(ctx.db, id);
  const today = todayOf(ctx);
  if (
    !app ||
    app.status !== 'submitted' ||
    !app.correctionDueOn ||
    compareCivilDates(app.correctionDueOn, today) >= 0
  ) {
    return false;
  }
  const catalogue = await catalogueOf(ctx.db, app.catalogueVersion);
  const header = await repo.findProjectHeader(ctx.db, app.projectId);
  const next = transition(app.status, 'deemAccepted');
  const acceptedOn = app.submittedOn!;
  const receiptNumber = newReceiptNumber(app.regionCode, acceptedOn);
  const now = ctx.clock.now();
  try {
    await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit, sendWithCommit) => {
      const locked = await repo.lockApplication(tx, id);
      if (!locked || locked.status !== 'submitted' || locked.correctionDueOn !== app.correctionDueOn) {
        throw new NothingToDo();
      }
      await repo.updateApplication(tx, id, {
        status: next,
        acceptanceMode: 'normal',
        acceptedAt: now,
        acceptedOn,
        deemedAccepted: true,
        acceptedBy: null,
        receiptNumber,
        updatedAt: now,
      });
      const dispatched = await dispatchCases(
        tx,
        ctx,
        {
          application: dispatchedApplication(app, receiptNumber, acceptedOn, locked.matterCodes, []),
          catalogue,
          actorId: null,
        },
        recordAudit,
        sendWithCommit,
      );
      await recordAudit({
        action: 'application.deemed_accepted',
        targetType: 'stage_application',
        targetId: id,
        before: { status: 'submitted', correctionDueOn: app.correctionDueOn },
        after: { status: next, acceptedOn, receiptNumber, cases: dispatched.map((c) => c.caseNumber) },
      });
      await notifyAccepted(tx, ctx, app, header?.name ?? '', receiptNumber, 'normal', null, true);
      await notify(tx, ctx, {
        userIds: await windowUserIdsOf(tx, app.regionCode),
        kind: 'application.deemed_accepted',
        title: `逾期未告知补正，已视为受理：${header?.name ?? ''}`,
        titleEn: `Deemed accepted (no correction notice in time): ${header?.name ?? ''}`,
        body: `补正告知期限 ${app.correctionDueOn} 已过，依《行政许可法》第三十二条自收到申请之日（${acceptedOn}）起受理。`,
        bodyEn: `The correction period ended on ${app.correctionDueOn}; accepted from receipt (${acceptedOn}).`,
        link: `/window/applications/${id}`,
      });
    });
    return true;
  } catch (error) {
    if (error instanceof NothingToDo) return false;
    throw error;
  }
}

/** Thrown inside a sweep's transaction when another run got there first: rolls back, nothing recorded. */
export class NothingToDo extends Error {
  constructor() {
    super('nothing to do');
  }
}

// ── 受理回执 ──

/** The 受理回执 PDF of an accepted application (owners, staff in scope). */
export async function acceptanceReceipt(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ receiptNumber: string; pdf: Uint8Array }> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  if (!app.receiptNumber || !app.acceptedOn || !['accepted', 'completed'].includes(app.status)) {
    throw new AppError('STATE_TRANSITION_INVALID', {
      message: '申请尚未受理，没有受理回执',
      messageEn: 'the application is not accepted, so it has no receipt',
    });
  }
  const detail = await applicationDetail(ctx, app, project);
  const chain = await repo.regionChain(ctx.db, app.regionCode);
  // The window's department: the acceptor's, else the nearest 行政审批服务 department up the region tree.
  const departmentName = await windowDepartmentName(ctx, chain, app.acceptedBy);
  const names = await repo.regionNames(ctx.db, chain);
  const { renderAcceptanceReceipt } = await import('../../documents/acceptance-receipt.ts'); // first use loads pdf-lib + fontkit (~0.35 s): not at start (cold start, issue 6)
  const pdf = await renderAcceptanceReceipt(
    {
      receiptNumber: app.receiptNumber,
      projectCode: detail.projectCode ?? '',
      projectName: detail.projectName,
      enterpriseName: detail.enterpriseName,
      regionName: chain.map((c) => names.get(c) ?? '').join(''),
      stageName: detail.stageName,
      matters: detail.form.matters
        .filter((m) => app.matterCodes.includes(m.code))
        .map((m) => ({ name: m.name, promisedLimitWorkingDays: m.promisedLimitWorkingDays })),
      caseNumbers: detail.cases.map((c) => `${c.caseNumber} ${c.matterName}（${c.departmentName}）`),
      submittedOn: app.submittedOn ?? app.acceptedOn,
      acceptedOn: app.acceptedOn,
      deemedAccepted: app.deemedAccepted,
      mode: (app.acceptanceMode ?? 'normal') as 'normal' | 'tolerance' | 'commitment',
      toleratedMaterials: detail.materials
        .filter((m) => m.status === 'tolerated' || (app.acceptanceMode === 'tolerance' && m.status === 'missing'))
        .map((m) => m.name),
      toleranceDueOn: app.toleranceDueOn,
      committedMaterials: detail.materials.filter((m) => m.status === 'committed').map((m) => m.name),
      departmentName,
    },
    { generatedAt: ctx.clock.now() },
  );
  return { receiptNumber: app.receiptNumber, pdf };
}

/**
 * The window department named on a notice: the acting clerk's, else the nearest 行政审批服务 department up the
 * application's region chain (`repo.regionChain`), else the generic name.
 */
async function windowDepartmentName(ctx: AppContext, chain: string[], clerkId: string | null): Promise<string> {
  const windows = await repo.findDepartmentsOfKind(ctx.db, 'approvalService', chain);
  const nearest = [...chain].reverse().find((code) => windows.some((d) => d.regionCode === code));
  return (
    (clerkId ? await repo.findUserDepartmentName(ctx.db, clerkId) : undefined) ??
    windows.find((d) => d.regionCode === nearest)?.name ??
    '投资项目审批综合窗口'
  );
}

/**
 * 一次性补正告知书 (行政许可法 art.32) of one notice of the application, as a PDF: for the applicant side and the staff
 * who may see the application (404 otherwise, as for the application). Any notice of the application, answered ones
 * too (they are printed with the day the corrections came in).
 */
export async function correctionNoticePdf(
  ctx: AppContext,
  actor: Actor,
  id: string,
  noticeId: string,
): Promise<{ number: string; pdf: Uint8Array }> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const notice = (await repo.findNotices(ctx.db, app.id)).find((n) => n.id === noticeId);
  if (!notice) throw new AppError('NOT_FOUND');
  const detail = await applicationDetail(ctx, app, project);
  const materialName = new Map(detail.materials.map((m) => [m.materialCode, m.name]));
  const fieldLabel = new Map(detail.form.fields.map((f) => [f.code, f.label]));
  const number = correctionNoticeNumber(notice);
  const { renderCorrectionNotice } = await import('../../documents/correction-notice.ts'); // loads pdf-lib on first use, as the receipt does
  const pdf = await renderCorrectionNotice(
    {
      number,
      projectCode: detail.projectCode ?? '',
      projectName: detail.projectName,
      enterpriseName: detail.enterpriseName,
      stageName: detail.stageName,
      submittedOn: app.submittedOn,
      issuedOn: notice.issuedOn,
      items: notice.items.map((item) =>
        item.materialCode
          ? {
              kind: 'material' as const,
              name: materialName.get(item.materialCode) ?? item.materialCode,
              problem: item.problem,
              reason: item.reason,
            }
          : {
              kind: 'field' as const,
              name: fieldLabel.get(item.fieldCode ?? '') ?? item.fieldCode ?? '',
              problem: item.problem,
              reason: item.reason,
            },
      ),
      supplementedOn: notice.supplementedOn,
      departmentName: await windowDepartmentName(ctx, await repo.regionChain(ctx.db, app.regionCode), notice.issuedBy),
    },
    { generatedAt: ctx.clock.now() },
  );
  return { number, pdf };
}

/** BZ + the day of the notice + the first eight hex digits of its id: unique enough to quote, stable for the notice. */
function correctionNoticeNumber(notice: { id: string; issuedOn: string }): string {
  return `BZ${notice.issuedOn.replaceAll('-', '')}${notice.id.replaceAll('-', '').slice(0, 8).toUpperCase()}`;
}
