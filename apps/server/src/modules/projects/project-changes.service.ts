import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import type { ProjectChangeStatus, ProjectFieldChange } from '../../db/schema/index.ts';
import { listTargetEvents, runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { suggestProcedure } from './procedure.ts';
import * as repo from './projects.repository.ts';
import {
  checkInput,
  getProject,
  loadVisibleProject,
  missingItems,
  rowFromInput,
  toView,
  type ProjectInput,
  type ProjectView,
} from './projects.service.ts';

/**
 * 项目信息变更 and 撤销 (条例673 art.14; DOMAIN.md §3).
 *
 * - A filed 备案 project: the change is applied at once (告知性备案 — reporting the change is the change), provided the
 *   project still qualifies for 备案 and its four items stay complete.
 * - A coded 审批/核准 project: the request is recorded `pending`; the project row is unchanged until the deciding
 *   department decides (that handling comes with the approval module, as a case).
 * - A draft is edited directly (PATCH); a voided project is closed.
 * - Void: draft, coded or filed → voided, with a reason. The code stays on the project and in project_codes (marked
 *   voided there), so it is never issued again.
 */

/** 中文字段名 of the updatable project fields, for the history. */
export const FIELD_LABELS: Record<string, string> = {
  name: '项目名称',
  regionCode: '建设地点区划',
  address: '详细地址',
  scaleAndContent: '建设规模及内容',
  totalInvestment: '总投资（万元）',
  fundSources: '资金来源',
  plannedStart: '计划开工日期',
  plannedEnd: '计划竣工日期',
  industryCode: '国民经济行业分类',
  projectType: '项目类型',
  investmentNature: '投资性质',
  flags: '项目标识',
  industrialPolicyStatement: '产业政策符合性声明',
  status: '项目状态',
};

export interface ProjectChangeView {
  id: string;
  projectId: string;
  kind: 'change' | 'void';
  status: ProjectChangeStatus;
  reason: string;
  changes: ProjectFieldChange[];
  requestedAt: string;
  decidedAt: string | null;
}

function changeView(row: repo.ProjectChangeRow): ProjectChangeView {
  return {
    id: row.id,
    projectId: row.projectId,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    changes: row.changes,
    requestedAt: row.requestedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** The API's value of one field of a row (numbers in 万元, ISO dates …), so before/after read as the UI shows them. */
function apiValue(row: repo.ProjectRow, field: string): unknown {
  const view = toView({ project: row, regionName: null, enterpriseName: '' }) as unknown as Record<string, unknown>;
  return view[field] ?? null;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function blankReason(reason: string) {
  if (reason.trim() === '') {
    throw AppError.invalidField('reason', '请填写原因', 'a reason is required');
  }
  return reason.trim();
}

const projectClosed = () =>
  new AppError('CONFLICT', {
    message: '项目已撤销，不能再变更',
    messageEn: 'the project is voided and can no longer change',
  });

const editTheDraft = () =>
  new AppError('CONFLICT', {
    message: '草稿项目请直接修改草稿，无需办理变更',
    messageEn: 'a draft is edited directly, not through a change request',
  });

export async function requestChange(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { changes: ProjectInput; reason: string },
): Promise<{ project: ProjectView; change: ProjectChangeView }> {
  const reason = blankReason(input.reason);
  const { project } = await loadVisibleProject(ctx, actor, id);
  if (project.status === 'draft') throw editTheDraft();
  if (project.status === 'voided') throw projectClosed();
  const merged: ProjectInput = {
    plannedStart: input.changes.plannedStart ?? project.plannedStart ?? undefined,
    plannedEnd: input.changes.plannedEnd ?? project.plannedEnd ?? undefined,
  };
  const problems = await checkInput(ctx, input.changes, merged);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const patch = rowFromInput(input.changes);

  const changeId = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockProject(tx, id);
    if (!locked) throw new AppError('NOT_FOUND');
    if (locked.status === 'draft') throw editTheDraft();
    if (locked.status === 'voided') throw projectClosed();
    const next: repo.ProjectRow = { ...locked, ...patch };
    const changes: ProjectFieldChange[] = Object.keys(patch)
      .map((field) => ({ field, before: apiValue(locked, field), after: apiValue(next, field) }))
      .filter((c) => !sameValue(c.before, c.after));
    if (changes.length === 0) {
      throw AppError.invalidField('changes', '所填内容与现有信息相同，没有需要变更的事项', 'nothing would change');
    }
    const now = ctx.clock.now();
    if (locked.status === 'filed') {
      // 条例673 art.15: a filing that would now need 核准/审批 cannot be kept as a 备案 by a change.
      const suggestion = suggestProcedure(next, await repo.findRatificationCatalogue(tx));
      if (suggestion.procedure !== locked.procedure) {
        const field = 'industryCode' in patch ? 'industryCode' : 'investmentNature';
        throw AppError.invalidField(
          `changes.${field}`,
          `变更后项目不再适用备案：${suggestion.reason}`,
          `after this change the project no longer qualifies for filing: ${suggestion.reasonEn}`,
        );
      }
      const missing = missingItems(next);
      if (missing.length) {
        throw new AppError('VALIDATION_FAILED', {
          fields: missing.map((f) => ({ ...f, field: `changes.${f.field}` })),
        });
      }
      await repo.updateProject(tx, id, { ...patch, updatedAt: now });
    }
    const status: ProjectChangeStatus = locked.status === 'filed' ? 'applied' : 'pending';
    const row = await repo.insertProjectChange(tx, {
      projectId: id,
      kind: 'change',
      status,
      reason,
      changes,
      requestedBy: actor.id,
      requestedAt: now,
      decidedAt: status === 'applied' ? now : null,
    });
    await recordAudit({
      action: status === 'applied' ? 'project.change_applied' : 'project.change_requested',
      targetType: 'project',
      targetId: id,
      before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
      after: { changeId: row.id, status, reason, changes: Object.fromEntries(changes.map((c) => [c.field, c.after])) },
    });
    return row.id;
  });
  const [change] = (await repo.findProjectChanges(ctx.db, id)).filter((r) => r.change.id === changeId);
  return { project: await getProject(ctx, actor, id), change: changeView(change!.change) };
}

export async function voidProject(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { reason: string },
): Promise<ProjectView> {
  const reason = blankReason(input.reason);
  const { project } = await loadVisibleProject(ctx, actor, id);
  if (project.status === 'voided') throw projectClosed();
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockProject(tx, id);
    if (!locked) throw new AppError('NOT_FOUND');
    if (locked.status === 'voided') throw projectClosed();
    const now = ctx.clock.now();
    await repo.updateProject(tx, id, { status: 'voided', updatedAt: now });
    if (locked.code) await repo.voidProjectCode(tx, locked.code, now);
    const row = await repo.insertProjectChange(tx, {
      projectId: id,
      kind: 'void',
      status: 'applied',
      reason,
      changes: [{ field: 'status', before: locked.status, after: 'voided' }],
      requestedBy: actor.id,
      requestedAt: now,
      decidedAt: now,
    });
    await recordAudit({
      action: 'project.voided',
      targetType: 'project',
      targetId: id,
      before: { status: locked.status, code: locked.code },
      after: { status: 'voided', code: locked.code, reason, changeId: row.id },
    });
  });
  return getProject(ctx, actor, id);
}

export interface HistoryItem {
  id: string;
  at: string;
  actorUsername: string | null;
  kind: 'created' | 'submitted' | 'coded' | 'filed' | 'change' | 'void';
  status: ProjectChangeStatus | null;
  reason: string | null;
  changes: { field: string; label: string; before: unknown; after: unknown }[];
}

const LIFECYCLE_ACTIONS = ['project.created', 'project.coded', 'project.filed'] as const;
const LIFECYCLE_KINDS = {
  'project.created': 'created',
  'project.coded': 'coded',
  'project.filed': 'filed',
} as const;

/**
 * A project's history, newest first. Two sources, each authoritative for its part:
 * - lifecycle events (created, coded — submission and 赋码 are one act here —, filed) come from the SM3-chained audit
 *   trail, which records who and when for exactly those actions;
 * - changes and voids come from project_changes, which holds each request's *current* status (a pending request later
 *   decided by the department shows its decision, which an audit row written at request time could not).
 * Draft edits before submission are not history (the draft was the enterprise's own working copy).
 */
export async function projectHistory(ctx: AppContext, actor: Actor, id: string): Promise<{ items: HistoryItem[] }> {
  await loadVisibleProject(ctx, actor, id);
  const events = await listTargetEvents(ctx.db, { type: 'project', id }, LIFECYCLE_ACTIONS);
  const ranked: { item: HistoryItem; at: number; rank: number }[] = [];
  for (const event of events) {
    const kind = LIFECYCLE_KINDS[event.action as keyof typeof LIFECYCLE_KINDS];
    ranked.push({
      at: event.occurredAt.getTime(),
      rank: ranked.length,
      item: {
        id: `audit-${event.id}`,
        at: event.occurredAt.toISOString(),
        actorUsername: event.actorUsername,
        kind,
        status: null,
        reason: null,
        changes: [],
      },
    });
  }
  for (const { change, requestedByUsername } of await repo.findProjectChanges(ctx.db, id)) {
    ranked.push({
      at: change.requestedAt.getTime(),
      rank: 1_000_000 + ranked.length,
      item: {
        id: change.id,
        at: change.requestedAt.toISOString(),
        actorUsername: requestedByUsername,
        kind: change.kind,
        status: change.status,
        reason: change.reason,
        changes: change.changes.map((c) => ({ ...c, label: FIELD_LABELS[c.field] ?? c.field })),
      },
    });
  }
  ranked.sort((a, b) => b.at - a.at || b.rank - a.rank);
  return { items: ranked.map((r) => r.item) };
}
