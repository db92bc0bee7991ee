/**
 * The approval platform's time-driven work (issue 5 §2, §5, §8), run on a timer in every server process:
 * - 补正 auto-acceptance: an application with no 补正 notice by its due day counts as accepted from receipt
 *   (行政许可法 art.32);
 * - 容缺 deadlines: tolerated materials not supplied in time → the affected matters are not approved (DOMAIN.md §6);
 * - clock warnings: yellow / red levels, escalation of overdue cases to the department head;
 * - 建设进度 reminders and overdue notices, and reminders of 核准 documents nearing their end with no 开工 (条例673
 *   art.12) (DOMAIN.md §7; modules/construction);
 * - SMS / e-mail outbox delivery;
 * - on its own, faster timer (SUPERVISION_FOLD_SECONDS): the fold of the supervision deltas into the dashboard
 *   aggregates (modules/supervision, ADR 0006).
 *
 * Durable by construction: every sweep works from due dates and states persisted in the database (never from in-memory
 * timers), each item in its own audited transaction, and every sweep is idempotent — so a restart, a crash mid-sweep or
 * two processes sweeping at once neither loses nor repeats an effect (the state machines refuse a second transition,
 * the outbox rows are claimed with SKIP LOCKED).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../lib/app-context.ts';
import { runApplicationSweeps } from '../applications/application-sweeps.ts';
import { runCaseSweeps } from '../cases/case-sweeps.ts';
import { runConstructionSweeps } from '../construction/construction-sweeps.ts';
import { deliverOutbox } from '../notifications/notifications.service.ts';
import { createChannels } from '../notifications/notification-channels.ts';
import { startSupervisionFold } from '../supervision/supervision-fold.ts';

export interface ApprovalSweepSummary {
  deemedAccepted: number;
  toleranceLapsed: number;
  warnings: number;
  escalations: number;
  progressReminders: number;
  progressOverdueNotices: number;
  decisionExpiryReminders: number;
  messagesSent: number;
  failures: number;
}

/** Runs every approval sweep once, in order (acceptances first, so new cases get their first clock check at once). */
export async function runApprovalSweepsOnce(
  ctx: AppContext,
  log: Pick<FastifyBaseLogger, 'error' | 'info'>,
): Promise<ApprovalSweepSummary> {
  const applications = await runApplicationSweeps(ctx, (err, message) => log.error({ err }, message));
  const casesStarted = performance.now();
  const cases = await runCaseSweeps(ctx, (err, message) => log.error({ err }, message));
  if (cases.full) {
    // The first pass of a process checks every open case (ADR 0007): at a province's scale a noticeable piece of work
    // after each start, so operators see what it took.
    const seconds = Math.round((performance.now() - casesStarted) / 100) / 10;
    log.info({ checked: cases.checked, seconds }, 'clock sweep: full pass over the open cases');
  }
  const construction = await runConstructionSweeps(ctx, (err, message) => log.error({ err }, message));
  const outbox = await deliverOutbox(ctx, createChannels(ctx.config));
  return {
    deemedAccepted: applications.deemedAccepted,
    toleranceLapsed: applications.toleranceLapsed,
    warnings: cases.warnings,
    escalations: cases.escalations,
    progressReminders: construction.reminders,
    progressOverdueNotices: construction.overdueNotices,
    decisionExpiryReminders: construction.decisionReminders,
    messagesSent: outbox.sent,
    failures: applications.failed + cases.failed + construction.failed + outbox.failed,
  };
}

/** Starts the periodic sweeps; the returned `stop` waits for a sweep in progress to finish. */
export function startApprovalJobs(
  ctx: AppContext,
  log: Pick<FastifyBaseLogger, 'error' | 'info'>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return; // a slow sweep is never overlapped by the next tick
    running = runApprovalSweepsOnce(ctx, log)
      .then((summary) => {
        const acted = Object.values(summary).some((n) => n > 0);
        if (acted) log.info({ summary }, 'approval sweeps');
      })
      .catch((err: unknown) => log.error({ err }, 'approval sweeps failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, ctx.config.approvalSweepSeconds * 1000);
  timer.unref();
  // First run soon after start-up: work that fell due while the platform was down is done at once.
  const first = setTimeout(tick, 1000);
  first.unref();
  const fold = startSupervisionFold(ctx, log);
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await Promise.all([running, fold.stop()]);
    },
  };
}
