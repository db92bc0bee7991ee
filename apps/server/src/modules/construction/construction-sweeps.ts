/**
 * 建设进度 reminders (DOMAIN.md §7: "overdue reports raise warnings"; Chongqing reminds by SMS on the 25th): run with the
 * approval sweeps.
 * - Within CONSTRUCTION_REMINDER_DAYS of a period's due day, a running project that has not reported it gets one reminder
 *   (in-app and SMS) — `reminded_period_end` records it.
 * - Once the due day has passed, one overdue notice — `overdue_notified_period_end` records it.
 *
 * Like the other sweeps it works from what the database holds, each project in its own audited transaction with its
 * summary row locked and the condition checked again there: a restart or two processes sweeping at once send each notice
 * once.
 */
import {
  civilToDayNumber,
  lastDayToRequestExtension,
  RATIFICATION_EXTENSION_RULES,
  latestPastDuePeriod,
  nextDuePeriod,
  parseCivilDate,
  progressDueOn,
  progressPeriodLabel,
  progressPeriodLabelEn,
  shanghaiCivilDate,
  type ProgressPeriod,
} from '@yiwang/domain';
import type { AppContext } from '../../lib/app-context.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { applicantSideUserIds } from '../projects/projects.service.ts';
import { owesPeriod, scheduleOf } from './construction.service.ts';
import * as repo from './construction.repository.ts';

export interface ConstructionSweepResult {
  reminders: number;
  overdueNotices: number;
  /** 核准 documents nearing their end with no 开工 reported (条例673 art.12). */
  decisionReminders: number;
  failed: number;
}

const BATCH_SIZE = 200;

class NothingToDo extends Error {}

const dayNumber = (date: string) => civilToDayNumber(parseCivilDate(date));

export async function runConstructionSweeps(
  ctx: AppContext,
  log: (error: unknown, message: string) => void = (error, message) => console.error(message, error),
): Promise<ConstructionSweepResult> {
  const result: ConstructionSweepResult = { reminders: 0, overdueNotices: 0, decisionReminders: 0, failed: 0 };
  const schedule = scheduleOf(ctx);
  const on = shanghaiCivilDate(ctx.clock.now().getTime());

  const next = nextDuePeriod(on, schedule);
  const nextDueOn = progressDueOn(next, schedule);
  const reminderDays = ctx.config.constructionReminderDays;
  if (reminderDays > 0 && dayNumber(nextDueOn) - dayNumber(on) <= reminderDays) {
    await sweep(
      ctx,
      log,
      result,
      'reminders',
      (limit) => repo.findOwingNotYetTold(ctx.db, next.end, 'reminded', limit),
      (s) =>
        owesPeriod(s, next.end) && (s.remindedPeriodEnd === null || s.remindedPeriodEnd < next.end)
          ? { remindedPeriodEnd: next.end }
          : null,
      reminder(next, nextDueOn),
      'construction.reminder_sent',
      next,
    );
  }

  const pastDue = latestPastDuePeriod(on, schedule);
  const pastDueOn = progressDueOn(pastDue, schedule);
  await sweep(
    ctx,
    log,
    result,
    'overdueNotices',
    (limit) => repo.findOwingNotYetTold(ctx.db, pastDue.end, 'overdueNotified', limit),
    (s) =>
      owesPeriod(s, pastDue.end) && (s.overdueNotifiedPeriodEnd === null || s.overdueNotifiedPeriodEnd < pastDue.end)
        ? { overdueNotifiedPeriodEnd: pastDue.end }
        : null,
    overdueNotice(pastDue, pastDueOn),
    'construction.overdue_notified',
    pastDue,
  );
  if (ctx.config.decisionExpiryReminderWorkingDays > 0) await remindExpiringDecisions(ctx, log, result, on);
  return result;

  function reminder(period: ProgressPeriod, dueOn: string): Notice {
    const label = progressPeriodLabel(period, schedule.interval);
    const labelEn = progressPeriodLabelEn(period, schedule.interval);
    return {
      kind: 'construction.progress_due',
      title: `请报送${label}建设进度`,
      titleEn: `Progress report for ${labelEn} due`,
      body: (name: string) => `「${name}」${label}的建设进度请于 ${dueOn} 前报送（形象进度、累计完成投资及情况说明）。`,
      bodyEn: (code: string) => `The progress report of ${code} for ${labelEn} is due by ${dueOn}.`,
    };
  }

  function overdueNotice(period: ProgressPeriod, dueOn: string): Notice {
    const label = progressPeriodLabel(period, schedule.interval);
    const labelEn = progressPeriodLabelEn(period, schedule.interval);
    return {
      kind: 'construction.progress_overdue',
      title: `${label}建设进度逾期未报`,
      titleEn: `Progress report for ${labelEn} overdue`,
      body: (name: string) =>
        `「${name}」${label}的建设进度应于 ${dueOn} 前报送，至今未报，请尽快补报。逾期未报将纳入监管。`,
      bodyEn: (code: string) => `The progress report of ${code} for ${labelEn} was due by ${dueOn} and is missing.`,
    };
  }
}

interface Notice {
  kind: string;
  title: string;
  titleEn: string;
  body: (name: string) => string;
  bodyEn: (code: string) => string;
}

async function sweep(
  ctx: AppContext,
  log: (error: unknown, message: string) => void,
  result: ConstructionSweepResult,
  counter: 'reminders' | 'overdueNotices',
  candidates: (limit: number) => Promise<string[]>,
  patchIfDue: (s: repo.SummaryRow) => Partial<repo.SummaryRow> | null,
  text: Notice,
  action: 'construction.reminder_sent' | 'construction.overdue_notified',
  period: ProgressPeriod,
): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const ids = (await candidates(BATCH_SIZE)).filter((id) => !tried.has(id));
    if (ids.length === 0) return;
    for (const projectId of ids) {
      tried.add(projectId);
      try {
        const project = await repo.findProjectName(ctx.db, projectId);
        await runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
          const summary = await repo.lockSummary(tx, projectId);
          const patch = summary ? patchIfDue(summary) : null;
          if (!summary || !patch) throw new NothingToDo();
          await repo.updateSummary(tx, projectId, patch);
          await notify(tx, ctx, {
            userIds: await applicantSideUserIds(tx, projectId),
            kind: text.kind,
            title: text.title,
            titleEn: text.titleEn,
            body: text.body(project?.name ?? ''),
            bodyEn: text.bodyEn(project?.code ?? project?.name ?? ''),
            link: `/projects/${projectId}`,
            channels: ['sms'],
          });
          await recordAudit({
            action,
            targetType: 'project',
            targetId: projectId,
            after: { periodStart: period.start, periodEnd: period.end },
          });
        });
        result[counter] += 1;
      } catch (error) {
        if (error instanceof NothingToDo) continue;
        result.failed += 1;
        log(error, `construction ${counter}: project ${projectId} failed`);
      }
    }
  }
}

/**
 * 条例673 art.12: a 核准 document lapses when construction has not started within its validity (2 years) and no
 * extension was granted; an extension must be requested 30 working days before the end, once, for at most a year. The
 * holder of a decision ending within DECISION_EXPIRY_REMINDER_WORKING_DAYS working days, with no 开工 reported, is told
 * once per validity end (an extension moves the end, and the reminder comes again before the new one).
 */
async function remindExpiringDecisions(
  ctx: AppContext,
  log: (error: unknown, message: string) => void,
  result: ConstructionSweepResult,
  on: string,
): Promise<void> {
  const calendar = await loadCalendar(ctx);
  const lastDay = calendar.addWorkingDays(on, ctx.config.decisionExpiryReminderWorkingDays).date;
  const tried = new Set<string>();
  for (;;) {
    const due = (await repo.findDecisionsExpiringUnstarted(ctx.db, on, lastDay, BATCH_SIZE)).filter(
      (d) => !tried.has(d.licenceId),
    );
    if (due.length === 0) return;
    for (const decision of due) {
      tried.add(decision.licenceId);
      const validUntil = decision.validUntil!;
      try {
        const project = await repo.findProjectName(ctx.db, decision.projectId);
        const requestBy = lastDayToRequestExtension(
          validUntil,
          calendar,
          RATIFICATION_EXTENSION_RULES.minWorkingDaysBeforeExpiry,
        );
        const canExtend = decision.extensionsUsed < RATIFICATION_EXTENSION_RULES.maxExtensions && requestBy >= on;
        await runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
          // The summary row is the 开工 report's: checked again inside, as the report may have come meanwhile.
          if (await repo.lockSummary(tx, decision.projectId)) throw new NothingToDo();
          const recorded = await repo.recordDecisionReminder(tx, {
            licenceId: decision.licenceId,
            validUntil,
            sentAt: ctx.clock.now(),
          });
          if (!recorded) throw new NothingToDo();
          const name = project?.name ?? '';
          await notify(tx, ctx, {
            userIds: await applicantSideUserIds(tx, decision.projectId),
            kind: 'construction.decision_expiring',
            title: `核准文件将于 ${validUntil} 到期，项目尚未报送开工`,
            titleEn: `Ratification ${decision.number} ends on ${validUntil}; no start of construction reported`,
            body: canExtend
              ? `「${name}」的核准文件 ${decision.number} 有效期至 ${validUntil}。项目应在有效期内开工；需要延期开工的，请于 ${requestBy} 前向核准机关申请延期，延期以一次为限，最长不超过 1 年（《企业投资项目核准和备案管理条例》第十二条）。已开工的，请报送开工信息。`
              : `「${name}」的核准文件 ${decision.number} 有效期至 ${validUntil}，已不能再申请延期；有效期内未开工的，核准文件自动失效（《企业投资项目核准和备案管理条例》第十二条）。已开工的，请报送开工信息。`,
            bodyEn: canExtend
              ? `Ratification ${decision.number} of ${project?.code ?? name} is valid until ${validUntil}. Construction must start within it; to extend, apply by ${requestBy} (once, at most one year; Regulations 673 art.12). If construction has started, report it.`
              : `Ratification ${decision.number} of ${project?.code ?? name} is valid until ${validUntil} and can no longer be extended; without a start it lapses (Regulations 673 art.12). If construction has started, report it.`,
            link: `/projects/${decision.projectId}`,
            channels: ['sms'],
          });
          await recordAudit({
            action: 'construction.decision_expiry_reminded',
            targetType: 'licence',
            targetId: decision.licenceId,
            after: { number: decision.number, validUntil, requestExtensionBy: canExtend ? requestBy : null },
          });
        });
        result.decisionReminders += 1;
      } catch (error) {
        if (error instanceof NothingToDo) continue;
        result.failed += 1;
        log(error, `construction decision reminder: licence ${decision.licenceId} failed`);
      }
    }
  }
}
