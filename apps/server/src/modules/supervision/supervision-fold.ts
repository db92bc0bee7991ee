/**
 * The supervision fold (ADR 0006): moves the deltas the triggers appended (case_figure_deltas, project_figure_deltas)
 * into the aggregates, in one transaction, every SUPERVISION_FOLD_SECONDS in every server process. Only one process
 * folds at a time (a transaction-scoped advisory lock; another process skips its pass), and a fold is idempotent: each
 * delta row is deleted in the transaction that adds it to the aggregate, so a crash mid-fold rolls both back.
 *
 * Not audited, by design: the fold derives counts from state already changed (and audited) by the user's transaction —
 * it changes no business state, like the audit sealer. Readers add the unfolded deltas themselves, so the fold interval
 * bounds the size of the delta tables (and the read cost), not the staleness of the figures.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { AppContext } from '../../lib/app-context.ts';
import * as repo from './supervision.repository.ts';

export interface FoldResult {
  /** False when another process held the fold lock (this pass did nothing). */
  folded: boolean;
  caseDeltas: number;
  projectDeltas: number;
}

export async function foldSupervisionAggregates(db: Db): Promise<FoldResult> {
  return db.transaction(async (tx) => {
    if (!(await repo.tryLockFolder(tx))) return { folded: false, caseDeltas: 0, projectDeltas: 0 };
    const caseDeltas = await repo.foldCaseDeltas(tx);
    const projectDeltas = await repo.foldProjectDeltas(tx);
    if (caseDeltas + projectDeltas > 0) await repo.dropEmptyGroups(tx);
    return { folded: true, caseDeltas, projectDeltas };
  });
}

/** Starts the periodic fold; `stop` waits for a fold in progress. A slow fold is never overlapped by the next tick. */
export function startSupervisionFold(
  ctx: AppContext,
  log: Pick<FastifyBaseLogger, 'error'>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = foldSupervisionAggregates(ctx.db)
      .catch((err: unknown) => log.error({ err }, 'supervision fold failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, ctx.config.supervisionFoldSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
