/**
 * Credit grades (data, DOMAIN.md §6: schemes differ) and the 告知承诺 后续核查 (国办发〔2020〕42号): each material
 * accepted on a commitment is checked afterwards; a commitment found false revokes the decision made on it.
 */
import { isCivilDate, type CreditPrivileges } from '@yiwang/domain';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { enterpriseIdOfUser } from '../enterprises/enterprises.service.ts';
import { revokeLicenceOfCase } from '../licences/licences.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { isRegionWithin } from '../organisations/organisations.service.ts';
import { creditOf, todayOf } from './applications.service.ts';
import * as repo from './applications.repository.ts';
import { applicantSideUserIds } from '../projects/projects.service.ts';

export interface CreditGradeView {
  id: string;
  scheme: string;
  grade: string;
  source: string;
  validUntil: string | null;
  recordedAt: string;
}

/** An enterprise the actor may see the credit of: its own applicants; staff and admins within their region subtree. */
async function visibleEnterprise(ctx: AppContext, actor: Actor, enterpriseId: string) {
  const enterprise = await repo.findEnterprise(ctx.db, enterpriseId);
  if (!enterprise) throw new AppError('NOT_FOUND');
  if (actor.role === 'applicant') {
    if ((await enterpriseIdOfUser(ctx.db, actor.id)) === enterpriseId) return enterprise;
  } else if (await isRegionWithin(ctx.db, enterprise.regionCode, actor.regionCode)) {
    return enterprise;
  }
  throw new AppError('NOT_FOUND');
}

const gradeView = (g: repo.CreditGradeRow): CreditGradeView => ({
  id: g.id,
  scheme: g.scheme,
  grade: g.grade,
  source: g.source,
  validUntil: g.validUntil,
  recordedAt: g.recordedAt.toISOString(),
});

export async function listCreditGrades(
  ctx: AppContext,
  actor: Actor,
  enterpriseId: string,
): Promise<{ items: CreditGradeView[]; privileges: CreditPrivileges }> {
  await visibleEnterprise(ctx, actor, enterpriseId);
  const rows = await repo.findCreditGrades(ctx.db, enterpriseId);
  return { items: rows.map(gradeView), privileges: await creditOf(ctx.db, enterpriseId, todayOf(ctx)) };
}

export async function recordCreditGrade(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  enterpriseId: string,
  input: { scheme: string; grade: string; source: string; validUntil?: string | null | undefined },
): Promise<CreditGradeView> {
  await visibleEnterprise(ctx, actor, enterpriseId);
  const scheme = input.scheme.trim();
  const grade = input.grade.trim();
  const source = input.source.trim();
  const problems = [
    ...(scheme ? [] : [{ field: 'scheme', message: '请填写信用评价体系', messageEn: 'scheme is required' }]),
    ...(grade ? [] : [{ field: 'grade', message: '请填写信用等级', messageEn: 'grade is required' }]),
    ...(source ? [] : [{ field: 'source', message: '请填写信用信息来源', messageEn: 'source is required' }]),
    ...(input.validUntil && !isCivilDate(input.validUntil)
      ? [{ field: 'validUntil', message: '有效期日期无效', messageEn: 'validUntil is not a valid date' }]
      : []),
  ];
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const row = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const inserted = await repo.insertCreditGrade(tx, {
      enterpriseId,
      scheme,
      grade,
      source,
      validUntil: input.validUntil ?? null,
      recordedBy: actor.id,
      recordedAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'credit.grade_recorded',
      targetType: 'enterprise',
      targetId: enterpriseId,
      after: { id: inserted.id, scheme, grade, source, validUntil: inserted.validUntil },
    });
    return inserted;
  });
  return gradeView(row);
}

export interface VerificationTaskView {
  id: string;
  applicationId: string;
  caseId: string | null;
  caseNumber: string | null;
  matterCode: string | null;
  matterName: string | null;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  materialCode: string;
  method: string;
  dueOn: string;
  status: 'open' | 'passed' | 'failed';
  result: string | null;
  checkedAt: string | null;
}

type TaskRow = Awaited<ReturnType<typeof repo.findVerificationTasks>>[number];

const taskView = (r: TaskRow): VerificationTaskView => ({
  id: r.task.id,
  applicationId: r.task.applicationId,
  caseId: r.task.caseId,
  caseNumber: r.caseNumber,
  matterCode: r.matterCode,
  matterName: r.matterName,
  projectCode: r.projectCode,
  projectName: r.projectName,
  enterpriseName: r.enterpriseName,
  materialCode: r.task.materialCode,
  method: r.task.method,
  dueOn: r.task.dueOn,
  status: r.task.status,
  result: r.task.result,
  checkedAt: r.task.checkedAt?.toISOString() ?? null,
});

/** Department staff: the tasks of their department's cases; supervisors: every task in their region subtree. */
export async function listVerificationTasks(
  ctx: AppContext,
  actor: Actor,
  query: { status?: 'open' | 'passed' | 'failed' | undefined },
): Promise<{ items: VerificationTaskView[] }> {
  if (actor.role === 'department') {
    if (!actor.departmentId) return { items: [] };
    const rows = await repo.findVerificationTasks(ctx.db, { departmentId: actor.departmentId, status: query.status });
    return { items: rows.map(taskView) };
  }
  const regionPath = await repo.regionPath(ctx.db, actor.regionCode);
  if (!regionPath) return { items: [] };
  return { items: (await repo.findVerificationTasks(ctx.db, { regionPath, status: query.status })).map(taskView) };
}

/**
 * Records the check. A failed check — the commitment was false — revokes the licence issued on it
 * (国办发〔2020〕42号) and tells the applicant.
 */
export async function completeVerificationTask(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { passed: boolean; result: string },
): Promise<VerificationTaskView> {
  const result = input.result.trim();
  if (!result) throw AppError.invalidField('result', '请填写核查结果', 'give the result of the check');
  const [visible] = await repo.findVerificationTasks(ctx.db, { id });
  if (!visible || !actor.departmentId || visible.departmentId !== actor.departmentId) throw new AppError('NOT_FOUND');
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const task = await repo.lockVerificationTask(tx, id);
    if (!task || task.status !== 'open') {
      throw new AppError('STATE_TRANSITION_INVALID', {
        message: '该核查任务已办结',
        messageEn: 'this verification task is already completed',
      });
    }
    const status = input.passed ? 'passed' : 'failed';
    await repo.updateVerificationTask(tx, id, { status, result, checkedBy: actor.id, checkedAt: ctx.clock.now() });
    if (!input.passed && task.caseId) {
      await revokeLicenceOfCase(tx, ctx, task.caseId, `告知承诺核查不实：${result}`, actor.id);
    }
    await recordAudit({
      action: 'verification.completed',
      targetType: 'verification_task',
      targetId: id,
      before: { status: 'open' },
      after: { status, result, caseId: task.caseId, materialCode: task.materialCode, revoked: !input.passed },
    });
    if (!input.passed) {
      const app = await repo.findApplication(tx, task.applicationId);
      if (app) {
        await notify(tx, ctx, {
          userIds: await applicantSideUserIds(tx, app.projectId, [app.createdBy]),
          kind: 'verification.failed',
          title: '告知承诺核查未通过',
          titleEn: 'Commitment verification failed',
          body: `材料「${task.materialCode}」的承诺经核查与实际不符：${result}。依据承诺作出的许可决定予以撤销。`,
          bodyEn: `The commitment for ${task.materialCode} was found false: ${result}. The decision made on it is revoked.`,
          link: `/applications/${app.id}`,
          channels: ['sms'],
        });
      }
    }
  });
  const [row] = await repo.findVerificationTasks(ctx.db, { id });
  return taskView(row!);
}
