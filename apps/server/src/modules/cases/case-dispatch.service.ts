/**
 * Parallel dispatch (国办发〔2019〕11号 并联审批): on acceptance, one case per matter of the application, all created at once
 * in the acceptance transaction, each at the department of its matter's kind; and the 容缺 lapse (DOMAIN.md §6). Both are
 * called by the applications module inside its own transaction, so they use `tx` only (never `ctx.db`).
 */
import crypto from 'node:crypto';
import {
  canCaseTransition,
  initialCaseState,
  nextCaseState,
  type Catalogue,
  type ClockEntry,
  type StageForm,
  type StageFormMatter,
} from '@yiwang/domain';
import { concurrently } from '../../db/concurrently.ts';
import type { Tx } from '../../db/database.ts';
import type { CaseStepSnapshot } from '../../db/schema/index.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { withDomainRule } from '../../lib/domain-errors.ts';
import type { RecordAudit, SendWithCommit } from '../audit/audit.service.ts';
import { noticeStatements, notify, type NoticeInput } from '../notifications/notifications.service.ts';
import { calendarFor, clockColumns, clockOf, today } from './case-clock.ts';
import { afterDecision } from './case-progress.ts';
import { caseLink, limitLegalBasis, maxExtensionWorkingDays, STEP_PERMISSION } from './case-rules.ts';
import * as repo from './cases.repository.ts';
import { applicantSideUserIds } from '../projects/projects.service.ts';

export interface DispatchInput {
  application: {
    id: string;
    projectId: string;
    regionCode: string;
    catalogueVersion: string;
    stageCode: string;
    receiptNumber: string;
    acceptedOn: string;
    matterCodes: string[];
    decidedOnCommitmentMatters: string[];
  };
  catalogue: Catalogue;
  actorId: string | null;
}

/**
 * Creates the cases of an accepted application, all in one insert. Each case snapshots its matter's internal steps,
 * starts at the first step, goes to the department of the matter's kind in the application's region (or the nearest
 * ancestor region's), and starts its clock on the acceptance day (0 = 即办: due that day). A case waiting for a
 * same-application matter starts `pending` (pre-review in parallel).
 *
 * In the caller's transaction: `recordAudit` records one `case.dispatched` per case, and the departments' notices, which
 * nothing waits on, leave with the caller's COMMIT (`sendWithCommit`).
 */
export async function dispatchCases(
  tx: Tx,
  ctx: AppContext,
  input: DispatchInput,
  recordAudit: RecordAudit,
  sendWithCommit: SendWithCommit,
): Promise<{ id: string; matterCode: string; caseNumber: string; departmentId: string }[]> {
  const { application, catalogue } = input;
  const now = ctx.clock.now();
  const on = today(ctx);
  const inForm = new Set(application.matterCodes);
  const committed = new Set(application.decidedOnCommitmentMatters);

  const matters = application.matterCodes.map((code) => {
    const matter = catalogue.matters.find((m) => m.code === code);
    if (!matter)
      throw new AppError('CONFLICT', {
        message: `事项目录版本 ${catalogue.version} 中没有事项「${code}」，无法分办`,
        messageEn: `Matter "${code}" is not in catalogue version ${catalogue.version}; cannot dispatch`,
      });
    return matter;
  });
  // The domain decides the initial state from the same-form dependencies; the form here is reduced to its matters.
  const formMatters: StageFormMatter[] = matters.map((m) => ({
    code: m.code,
    name: m.name,
    departmentKind: m.departmentKind,
    track: m.track,
    reasons: [],
    reasonsEn: [],
    dependsOn: m.dependsOn.filter((d) => inForm.has(d) && d !== m.code),
    promisedLimitWorkingDays: m.promisedLimitWorkingDays,
    statutoryLimitWorkingDays: m.statutoryLimitWorkingDays,
    outputLicenceType: m.output?.licenceType ?? null,
  }));
  const form: StageForm = {
    stageCode: application.stageCode,
    stageName: application.stageCode,
    matters: formMatters,
    fields: [],
    materials: [],
  };

  // Two reads that need no answer of each other: sent together (the connection is pipelined).
  const [calendar, departmentOfKind] = await concurrently([
    calendarFor(ctx, tx),
    repo.findDepartmentsForKinds(
      tx,
      application.regionCode,
      matters.map((m) => m.departmentKind),
    ),
  ]);
  const prepared = [];
  for (const [i, matter] of matters.entries()) {
    const department = departmentOfKind.get(matter.departmentKind);
    if (!department)
      throw new AppError('CONFLICT', {
        message: `区划 ${application.regionCode} 及其上级区划均未设置「${matter.departmentKind}」类部门，事项「${matter.name}」无法分办`,
        messageEn: `No department of kind "${matter.departmentKind}" in region ${application.regionCode} or above; matter "${matter.code}" cannot be dispatched`,
      });
    const steps: CaseStepSnapshot[] = matter.steps.map((s) => ({
      code: s.code,
      name: s.name,
      kind: s.kind,
      signMode: s.signMode,
      participants: [...s.participants],
    }));
    const first = steps[0];
    if (!first)
      throw new AppError('CONFLICT', {
        message: `事项「${matter.name}」没有内部办理环节`,
        messageEn: `Matter "${matter.code}" has no internal step`,
      });
    const status = initialCaseState(formMatters[i]!, form, new Set());
    // 行政许可法 art.42 / 条例673 art.10: the promised limit applies from the acceptance day (0 = 即办).
    const limit = matter.promisedLimitWorkingDays;
    const start: ClockEntry = {
      kind: 'start',
      date: application.acceptedOn,
      reason: `受理（受理编号 ${application.receiptNumber}）`,
      legalBasis: limitLegalBasis(matter),
      workingDays: limit,
    };
    const clock = clockOf(ctx, [start], calendar, on);
    // The id is made here, so the case's first clock entry and history row go in the same send as the case.
    prepared.push({ id: crypto.randomUUID(), matter, department, steps, first, status, start, clock, seqNo: i + 1 });
  }

  const [inserted, departmentUsers] = await concurrently([
    repo.insertCasesWithFirstRows(
      tx,
      prepared.map((p) => ({
        id: p.id,
        caseNumber: `${application.receiptNumber}-${String(p.seqNo).padStart(2, '0')}`,
        applicationId: application.id,
        projectId: application.projectId,
        matterCode: p.matter.code,
        matterName: p.matter.name,
        departmentKind: p.matter.departmentKind,
        departmentId: p.department.id,
        status: p.status,
        currentStep: p.first.code,
        steps: p.steps,
        dependsOn: p.matter.dependsOn.filter((d) => inForm.has(d) && d !== p.matter.code),
        limitWorkingDays: p.start.workingDays!,
        maxExtensionWorkingDays: maxExtensionWorkingDays(p.matter),
        ...clockColumns(p.clock),
        // A level reached already at dispatch (e.g. 即办) is raised by the warning sweep.
        clockLevel: 'normal' as const,
        decidedOnCommitment: committed.has(p.matter.code),
        createdAt: now,
        updatedAt: now,
      })),
      prepared.map((p) => ({
        caseId: p.id,
        seq: 1,
        kind: 'start' as const,
        date: p.start.date,
        workingDays: p.start.workingDays,
        reason: p.start.reason,
        legalBasis: p.start.legalBasis,
        recordedBy: input.actorId,
        recordedAt: now,
      })),
      prepared.map((p) => ({
        caseId: p.id,
        kind: 'dispatched' as const,
        toStep: p.first.code,
        data: { departmentId: p.department.id, status: p.status, deadline: p.clock.deadline },
        actorId: input.actorId,
        at: now,
      })),
    ),
    repo.findUsersOfDepartments(
      tx,
      prepared.map((p) => p.department.id),
    ),
  ]);
  const byMatter = new Map(inserted.map((c) => [c.matterCode, c]));
  const notices: NoticeInput[] = [];
  for (const p of prepared) {
    const c = byMatter.get(p.matter.code)!;
    await recordAudit({
      action: 'case.dispatched',
      targetType: 'case',
      targetId: c.id,
      after: {
        caseNumber: c.caseNumber,
        applicationId: application.id,
        matterCode: c.matterCode,
        departmentId: c.departmentId,
        status: c.status,
        deadline: c.deadline,
      },
    });
    notices.push({
      userIds: departmentUsers.holders(p.department.id, STEP_PERMISSION[p.first.kind]),
      kind: 'case.arrived',
      title: `新办件 ${c.caseNumber}：${c.matterName}`,
      titleEn: `New case ${c.caseNumber}: ${c.matterCode}`,
      body: `${p.department.name}收到并联分办的办件，当前环节「${p.first.name}」，办理期限 ${c.deadline ?? '—'}。`,
      bodyEn: `A case was dispatched to your department, step "${p.first.code}", due ${c.deadline ?? '—'}.`,
      link: caseLink(c.id),
    });
  }
  sendWithCommit(...noticeStatements(tx, ctx, notices));
  return inserted.map((c) => ({
    id: c.id,
    matterCode: c.matterCode,
    caseNumber: c.caseNumber,
    departmentId: c.departmentId,
  }));
}

/**
 * 容缺 (DOMAIN.md §6): a tolerated material was not supplied by the deadline stated at acceptance, so the open cases of
 * the matters needing it are not approved (`toleranceLapsed` → denied, with the reason). Dependants and stage completion
 * follow as after any decision, in the caller's transaction (its audit rows; the stage's completion leaves its writes
 * with the caller's COMMIT). Returns the number of cases lapsed.
 */
export async function lapseCasesForTolerance(
  tx: Tx,
  ctx: AppContext,
  applicationId: string,
  matterCodes: string[],
  reason: string,
  recordAudit: RecordAudit,
  sendWithCommit: SendWithCommit,
): Promise<number> {
  const now = ctx.clock.now();
  const on = today(ctx);
  const affected = new Set(matterCodes);
  // Same lock as a decision: serialises with the department deciders of this application, so a case decided meanwhile
  // is not lapsed, and exactly one of them completes the stage.
  const locked = await repo.lockCasesOfApplication(tx, applicationId);
  let lapsed = 0;
  for (const c of locked) {
    if (!affected.has(c.matterCode) || !canCaseTransition(c.status, 'toleranceLapsed')) continue;
    const status = withDomainRule('STATE_TRANSITION_INVALID', () => nextCaseState(c.status, 'toleranceLapsed'));
    const opinion = `容缺受理的材料未在承诺期限内补齐，不予许可：${reason}`;
    await repo.updateCase(tx, c.id, {
      status,
      decision: 'denied',
      decisionOpinion: opinion,
      decidedAt: now,
      decidedOn: on,
      updatedAt: now,
    });
    await repo.insertActions(tx, [{ caseId: c.id, kind: 'toleranceLapsed', opinion, data: { reason }, at: now }]);
    await recordAudit({
      action: 'case.tolerance_lapsed',
      targetType: 'case',
      targetId: c.id,
      before: { status: c.status },
      after: { status, reason },
    });
    await notify(tx, ctx, {
      userIds: [
        ...(await applicantSideUserIds(tx, c.projectId)),
        ...(await repo.findDepartmentUserIds(tx, c.departmentId, null)),
      ],
      kind: 'case.tolerance_lapsed',
      title: `办件 ${c.caseNumber} 因容缺材料逾期未补齐不予许可`,
      titleEn: `Case ${c.caseNumber} denied: tolerated material not supplied in time`,
      body: opinion,
      bodyEn: `A tolerated material was not supplied by the stated deadline: ${reason}`,
      link: `/projects/${c.projectId}`,
    });
    lapsed += 1;
  }
  if (lapsed > 0) await afterDecision(tx, ctx, applicationId, recordAudit, sendWithCommit);
  return lapsed;
}
