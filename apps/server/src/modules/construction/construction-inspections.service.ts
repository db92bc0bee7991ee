/**
 * 监管核查 (DOMAIN.md §7: supervisors combine online monitoring with on-site checks; "谁审批谁监管"): a supervisor of the
 * project's region records a check of a project in construction; problems found reach the unit at once with the day
 * they must be put right by (ADR 0010).
 */
import type { InspectionMethod, InspectionResult } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { applicantSideUserIds, loadVisibleProject } from '../projects/projects.service.ts';
import { field, getProjectConstruction, ruleViolated, today, type ConstructionView } from './construction.service.ts';
import * as repo from './construction.repository.ts';

export interface InspectionInput {
  inspectedOn: string;
  method: InspectionMethod;
  result: InspectionResult;
  opinion: string;
  /** 整改期限: required when issues were found. */
  rectificationDue?: string | undefined;
}

/**
 * A supervisor records a check of a project in construction of its region subtree. Problems found are sent to the
 * project unit at once (in-app and SMS) with the day they must be put right by.
 */
export async function recordInspection(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  projectId: string,
  input: InspectionInput,
): Promise<ConstructionView> {
  const { project } = await loadVisibleProject(ctx, actor, projectId);
  const on = today(ctx);
  const problems: FieldError[] = [];
  if (input.inspectedOn > on) problems.push(field('inspectedOn', '核查日期不能晚于今天', 'the date is in the future'));
  if (input.opinion.trim() === '') problems.push(field('opinion', '请填写核查意见', 'state the findings'));
  if (input.result === 'issuesFound' && !input.rectificationDue) {
    problems.push(field('rectificationDue', '发现问题的，请填写整改期限', 'set the day by which to put it right'));
  } else if (input.result === 'compliant' && input.rectificationDue) {
    problems.push(field('rectificationDue', '未发现问题的，不设整改期限', 'no deadline when nothing was found'));
  } else if (input.rectificationDue && input.rectificationDue <= input.inspectedOn) {
    problems.push(field('rectificationDue', '整改期限须晚于核查日期', 'the deadline must be after the check'));
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const opinion = input.opinion.trim();
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const summary = await repo.lockSummary(tx, projectId);
    if (!summary) throw ruleViolated('项目尚未报送开工，无可核查的建设情况', 'The project has not reported its start');
    if (input.inspectedOn < summary.startedOn) {
      throw AppError.invalidField(
        'inspectedOn',
        `核查日期早于开工日期（${summary.startedOn}）`,
        `the date is before the start of construction (${summary.startedOn})`,
      );
    }
    const inserted = await repo.insertInspection(tx, {
      projectId,
      inspectedOn: input.inspectedOn,
      method: input.method,
      result: input.result,
      opinion,
      rectificationDue: input.rectificationDue ?? null,
      inspectorId: actor.id,
      recordedAt: ctx.clock.now(),
    });
    // The list shows the latest check by its day: a check recorded late for an earlier day does not replace it.
    if (!summary.lastInspectedOn || input.inspectedOn >= summary.lastInspectedOn) {
      await repo.updateSummary(tx, projectId, {
        lastInspectedOn: input.inspectedOn,
        lastInspectionResult: input.result,
        updatedAt: ctx.clock.now(),
      });
    }
    await recordAudit({
      action: 'construction.inspected',
      targetType: 'project',
      targetId: projectId,
      after: {
        inspectionId: inserted.id,
        inspectedOn: input.inspectedOn,
        method: input.method,
        result: input.result,
        rectificationDue: inserted.rectificationDue,
      },
    });
    if (input.result === 'issuesFound') {
      await notify(tx, ctx, {
        userIds: await applicantSideUserIds(tx, projectId),
        kind: 'construction.rectification_required',
        title: `建设监管核查发现问题，请于 ${input.rectificationDue} 前整改`,
        titleEn: `Inspection found problems: put them right by ${input.rectificationDue}`,
        body: `「${project.name}」于 ${input.inspectedOn} 经${input.method === 'onSite' ? '现场' : '在线'}核查发现问题：${opinion}。请于 ${input.rectificationDue} 前整改，并在下一期进度报告中说明整改情况。`,
        bodyEn: `The ${input.method === 'onSite' ? 'on-site' : 'online'} check of ${project.code ?? project.name} on ${input.inspectedOn} found problems: ${opinion}. Put them right by ${input.rectificationDue} and report it with the next progress report.`,
        link: `/projects/${projectId}`,
        channels: ['sms'],
      });
    }
  });
  return getProjectConstruction(ctx, actor, projectId);
}
