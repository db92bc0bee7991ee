/**
 * The applications' time-driven work, run periodically by the approval job timer (config APPROVAL_SWEEP_SECONDS) over
 * persisted due dates, so it survives restarts. Each application is handled in its own transaction; a failure on one is
 * logged and the others go on. Idempotent: the state is re-checked under a row lock.
 *
 * 1. 补正 auto-acceptance (行政许可法 art.32): a submitted application whose correction due day has passed without a
 *    notice is accepted from the day of receipt.
 * 2. 容缺 deadline (DOMAIN.md §6): an accepted application whose tolerated materials were not all supplied by the
 *    stated day — its affected open cases are not approved (`lapseCasesForTolerance`).
 */
import { compareCivilDates } from '@yiwang/domain';
import type { AppContext } from '../../lib/app-context.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service.ts';
import { lapseCasesForTolerance } from '../cases/case-dispatch.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { catalogueOf, mattersListing, todayOf } from './applications.service.ts';
import * as repo from './applications.repository.ts';
import { deemAccepted, NothingToDo } from './window.service.ts';
import { applicantSideUserIds } from '../projects/projects.service.ts';

export interface ApplicationSweepResult {
  deemedAccepted: number;
  toleranceLapsed: number;
  failed: number;
}

export async function runApplicationSweeps(
  ctx: AppContext,
  log: (error: unknown, message: string) => void = (error, message) => console.error(message, error),
): Promise<ApplicationSweepResult> {
  const result: ApplicationSweepResult = { deemedAccepted: 0, toleranceLapsed: 0, failed: 0 };
  const today = todayOf(ctx);
  for (const id of await repo.findOverdueSubmitted(ctx.db, today)) {
    try {
      if (await deemAccepted(ctx, SYSTEM_AUDIT_CONTEXT, id)) result.deemedAccepted += 1;
    } catch (error) {
      result.failed += 1;
      log(error, `补正 auto-acceptance failed for application ${id}`);
    }
  }
  for (const id of await repo.findLapsedTolerance(ctx.db, today)) {
    try {
      if (await lapseTolerance(ctx, id)) result.toleranceLapsed += 1;
    } catch (error) {
      result.failed += 1;
      log(error, `容缺 deadline sweep failed for application ${id}`);
    }
  }
  return result;
}

/**
 * The tolerated materials still missing after the due day: the matters needing them are not approved. The materials go
 * back to `missing` (the record of the lapse), so the sweep handles each application once.
 */
async function lapseTolerance(ctx: AppContext, id: string): Promise<boolean> {
  const today = todayOf(ctx);
  try {
    return await runAuditedTransaction(
      ctx.db,
      ctx.clock,
      SYSTEM_AUDIT_CONTEXT,
      async (tx, recordAudit, sendWithCommit) => {
        const app = await repo.lockApplication(tx, id);
        if (
          !app ||
          app.status !== 'accepted' ||
          !app.toleranceDueOn ||
          compareCivilDates(app.toleranceDueOn, today) >= 0
        ) {
          throw new NothingToDo();
        }
        const tolerated = (await repo.findMaterials(tx, id)).filter((m) => m.status === 'tolerated');
        if (tolerated.length === 0) throw new NothingToDo();
        const catalogue = await catalogueOf(tx, app.catalogueVersion);
        const codes = tolerated.map((m) => m.materialCode);
        const matters = [...new Set(codes.flatMap((c) => mattersListing(catalogue, app.matterCodes, c)))];
        const reason = `容缺材料（${codes.join('、')}）未在承诺期限 ${app.toleranceDueOn} 前补齐`;
        const lapsed = await lapseCasesForTolerance(tx, ctx, id, matters, reason, recordAudit, sendWithCommit);
        for (const code of codes) {
          await repo.updateMaterial(tx, id, code, { status: 'missing', updatedAt: ctx.clock.now() });
        }
        await recordAudit({
          action: 'case.tolerance_lapsed',
          targetType: 'stage_application',
          targetId: id,
          before: { tolerated: codes, toleranceDueOn: app.toleranceDueOn },
          after: { matters, casesLapsed: lapsed, reason },
        });
        await notify(tx, ctx, {
          userIds: await applicantSideUserIds(tx, app.projectId, [app.createdBy]),
          kind: 'application.tolerance_lapsed',
          title: '容缺材料逾期未补齐',
          titleEn: 'Tolerated materials not supplied in time',
          body: `${reason}，相关事项不予许可。`,
          bodyEn: `Tolerated materials (${codes.join(', ')}) were not supplied by ${app.toleranceDueOn}; the affected matters are not approved.`,
          link: `/applications/${id}`,
          channels: ['sms'],
        });
        return true;
      },
    );
  } catch (error) {
    if (error instanceof NothingToDo) return false;
    throw error;
  }
}
