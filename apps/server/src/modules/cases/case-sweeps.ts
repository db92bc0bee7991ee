/**
 * The clock warning sweep (DOMAIN.md §5; 国办发〔2019〕11号 "超时预警、督办"): recomputes every open case's clock from its
 * ledger; a case whose level worsened (normal → yellow → red) gets one warning — a case_actions row, an audit row and a
 * notice to its department; on red it is also escalated once, to the department's heads (`sign` holders) and the
 * supervisors whose region covers the department. The stored level is what makes it idempotent: a warning is raised
 * exactly when the sweep stores a worse level. A level that improved (an extension) is stored silently.
 *
 * Each case is its own audited transaction with the case row locked, so concurrent sweeps on several nodes (or a sweep
 * racing a department action) never raise the same warning twice.
 *
 * At scale (ADR 0007) a pass does not look at every open case: time moves a level only through the deadline, so a pass
 * selects in SQL the open cases whose stored deadline and level say a warning or an escalation may be due (see
 * `findDueCaseIds`) — in steady state the cases that turned yellow or red since the last pass — and checks them in
 * batches (the cases and their ledgers in two queries per batch); only a case that needs work gets its transaction.
 * The stored deadlines were computed with the calendar in force when the ledger last changed, so the first pass of a
 * process, and the first pass after the calendar overrides changed, check every open case (in the same batches).
 */
import type { ClockLevel } from '@yiwang/domain';
import type { AppContext } from '../../lib/app-context.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import type { WorkingDayCalendar } from '@yiwang/domain';
import { calendarFor, clockOf, ledgerOf, ledgersOf, LEVEL_RANK, today } from './case-clock.ts';
import { caseLink, permissionOfStep } from './case-rules.ts';
import * as repo from './cases.repository.ts';

export interface CaseSweepResult {
  /** Whether this pass checked every open case (first pass of the process, or the calendar changed). */
  full: boolean;
  /** Cases whose clock was computed (the candidates). */
  checked: number;
  warnings: number;
  escalations: number;
  /** Cases whose check or warning failed (logged; the others go on). */
  failed: number;
}

const LEVEL_NAMES: Readonly<Record<ClockLevel, string>> = {
  normal: '正常',
  yellow: '黄色预警',
  red: '红色预警（超期）',
};

class NothingToDo extends Error {}

/** Cases checked per batch: one query for the rows, one for their ledgers. */
const BATCH_SIZE = 500;
/** Clocks computed between two yields to the event loop. */
const YIELD_EVERY = 50;

/** Per database: the calendar fingerprint the last full pass ran with (a full pass again when it differs). */
const fullPassCalendar = new WeakMap<object, string>();

export async function runCaseSweeps(
  ctx: AppContext,
  log: (error: unknown, message: string) => void = (error, message) => console.error(message, error),
): Promise<CaseSweepResult> {
  const calendarKey = `${ctx.config.clockYellowWorkingDays}|${await repo.calendarOverridesFingerprint(ctx.db)}`;
  const full = fullPassCalendar.get(ctx.db) !== calendarKey;
  const result: CaseSweepResult = { full, checked: 0, warnings: 0, escalations: 0, failed: 0 };
  const calendar = await calendarFor(ctx, ctx.db);
  const on = today(ctx);
  // remaining = working days in (today, deadline]; yellow iff remaining ≤ N iff deadline < the (N+1)-th working day.
  const yellowBefore = calendar.addWorkingDays(on, ctx.config.clockYellowWorkingDays + 1).date;
  const ids = full
    ? await repo.findOpenCaseIds(ctx.db)
    : await repo.findDueCaseIds(ctx.db, { today: on, yellowBefore });
  for (let i = 0; i < ids.length; i += BATCH_SIZE) {
    const batch = ids.slice(i, i + BATCH_SIZE);
    const [rows, ledgers] = await Promise.all([repo.findCasesByIds(ctx.db, batch), ledgersOf(ctx.db, batch)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of batch) {
      const before = byId.get(id);
      if (!before || !['pending', 'inProgress', 'suspended'].includes(before.status)) continue;
      result.checked += 1;
      // A full pass computes ~150,000 clocks at 1M projects: let requests in between (the sweep shares the process).
      if (result.checked % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      try {
        const level = clockOf(ctx, ledgers.get(before.id) ?? [], calendar, on).level;
        // Time only worsens a level (it improves through ledger appends, which store it), so only a worse level or a
        // pending escalation needs work.
        if (LEVEL_RANK[level] <= LEVEL_RANK[before.clockLevel] && !(level === 'red' && before.escalatedAt === null))
          continue;
        const outcome = await raiseWarning(ctx, calendar, on, id);
        if (outcome.warning) result.warnings += 1;
        if (outcome.escalated) result.escalations += 1;
      } catch (error) {
        // One case's bad ledger or failed transaction must not hold up the others (nor the rest of the approval jobs).
        result.failed += 1;
        log(error, `clock warning sweep failed for case ${id}`);
      }
    }
  }
  if (full) fullPassCalendar.set(ctx.db, calendarKey);
  return result;
}

/** Stores the worse level of one case and raises its warning (and, on red, the escalation), in one transaction. */
async function raiseWarning(
  ctx: AppContext,
  calendar: WorkingDayCalendar,
  on: string,
  id: string,
): Promise<{ warning: boolean; escalated: boolean }> {
  return runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
    const c = await repo.lockCase(tx, id);
    const raised = { warning: false, escalated: false };
    if (!c || !['pending', 'inProgress', 'suspended'].includes(c.status)) throw new NothingToDo();
    const clock = clockOf(ctx, await ledgerOf(tx, id), calendar, on);
    const now = ctx.clock.now();
    const worse = LEVEL_RANK[clock.level] > LEVEL_RANK[c.clockLevel];
    const escalate = clock.level === 'red' && c.escalatedAt === null;
    // Decided or already handled by a concurrent sweep: roll back, nothing to record.
    if (!worse && !escalate) throw new NothingToDo();
    await repo.updateCase(tx, id, {
      deadline: clock.deadline,
      clockRunning: clock.running,
      clockLevel: clock.level,
      ...(escalate ? { escalatedAt: now } : {}),
      updatedAt: now,
    });
    if (worse) {
      await repo.insertActions(tx, [
        {
          caseId: id,
          kind: 'warning',
          data: {
            level: clock.level,
            deadline: clock.deadline,
            remainingWorkingDays: clock.remainingWorkingDays,
            overdueWorkingDays: clock.overdueWorkingDays,
          },
          at: now,
        },
      ]);
      await recordAudit({
        action: 'case.warning_raised',
        targetType: 'case',
        targetId: id,
        before: { level: c.clockLevel },
        after: { level: clock.level, deadline: clock.deadline, remainingWorkingDays: clock.remainingWorkingDays },
      });
      await notify(tx, ctx, {
        userIds: await repo.findDepartmentUserIds(tx, c.departmentId, permissionOfStep(c.steps, c.currentStep)),
        kind: 'case.warning',
        title: `${LEVEL_NAMES[clock.level]}：办件 ${c.caseNumber}`,
        titleEn: `${clock.level === 'red' ? 'Overdue' : 'Due soon'}: case ${c.caseNumber}`,
        body:
          clock.level === 'red'
            ? `「${c.matterName}」已超过办理期限 ${clock.deadline}（超期 ${clock.overdueWorkingDays} 个工作日）。`
            : `「${c.matterName}」剩余 ${clock.remainingWorkingDays} 个工作日，期限 ${clock.deadline}。`,
        bodyEn:
          clock.level === 'red'
            ? `"${c.matterCode}" is past its deadline ${clock.deadline} (${clock.overdueWorkingDays} working days over).`
            : `"${c.matterCode}" has ${clock.remainingWorkingDays} working days left, due ${clock.deadline}.`,
        link: caseLink(id),
      });
      raised.warning = true;
    }
    if (escalate) {
      const department = await repo.findDepartment(tx, c.departmentId);
      const heads = await repo.findDepartmentUserIds(tx, c.departmentId, 'sign');
      const supervisors = department ? await repo.findSupervisorIdsCovering(tx, department.regionPath) : [];
      await repo.insertActions(tx, [
        { caseId: id, kind: 'escalate', data: { headIds: heads, supervisorIds: supervisors }, at: now },
      ]);
      await recordAudit({
        action: 'case.escalated',
        targetType: 'case',
        targetId: id,
        after: {
          deadline: clock.deadline,
          overdueWorkingDays: clock.overdueWorkingDays,
          notified: [...heads, ...supervisors],
        },
      });
      await notify(tx, ctx, {
        userIds: [...heads, ...supervisors],
        kind: 'case.escalated',
        title: `超期升级：办件 ${c.caseNumber}（${department?.name ?? ''}）`,
        titleEn: `Escalated (overdue): case ${c.caseNumber}`,
        body: `「${c.matterName}」已超过办理期限 ${clock.deadline}，请督促办理。`,
        bodyEn: `"${c.matterCode}" is past its deadline ${clock.deadline}; please follow up.`,
        link: caseLink(id),
      });
      raised.escalated = true;
    }
    return raised;
  }).catch((error: unknown) => {
    if (error instanceof NothingToDo) return { warning: false, escalated: false };
    throw error;
  });
}
