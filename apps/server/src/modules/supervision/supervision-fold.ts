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

/**
 * Delta rows folded (and so deleted) by this process after which it vacuums the delta tables.
 *
 * The delta tables are queues: every row is deleted within seconds of its insert, and each fold and each dashboard
 * read scans what is left of them, dead rows included, until a VACUUM removes those. PostgreSQL's autovacuum does that
 * when it is on and keeps up; where it is off (a setting some operators and CI images choose) or lags behind a burst,
 * the tables only grow. Seen in the issue 6 bench: after the fold of a generated province (5,000,000 case deltas) with
 * autovacuum off, the table held 327 MB of dead rows, and every fold — each second — took 500 ms to delete nothing.
 * So the folding process vacuums them itself after this many rows (where autovacuum is on, that finds little to do).
 */
export const VACUUM_AFTER_FOLDED_ROWS = 10_000;

/**
 * One fold pass, then a VACUUM of the delta tables when `foldedSinceVacuum` (this process's count, updated here) has
 * reached VACUUM_AFTER_FOLDED_ROWS. VACUUM cannot run in a transaction, so it follows the fold's commit.
 */
export async function foldAndTidy(
  db: Db,
  counter: { foldedSinceVacuum: number },
  vacuumAfter = VACUUM_AFTER_FOLDED_ROWS,
): Promise<FoldResult & { vacuumed: boolean }> {
  const result = await foldSupervisionAggregates(db);
  counter.foldedSinceVacuum += result.caseDeltas + result.projectDeltas;
  if (counter.foldedSinceVacuum < vacuumAfter) return { ...result, vacuumed: false };
  await repo.vacuumDeltaTables(db);
  counter.foldedSinceVacuum = 0;
  return { ...result, vacuumed: true };
}

/** Starts the periodic fold; `stop` waits for a fold in progress. A slow fold is never overlapped by the next tick. */
export function startSupervisionFold(
  ctx: AppContext,
  log: Pick<FastifyBaseLogger, 'error'>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  // The first pass vacuums: dead rows left by folds before this process started (a burst, an earlier version, a
  // restart before the threshold) are not counted by anyone.
  const counter = { foldedSinceVacuum: VACUUM_AFTER_FOLDED_ROWS };
  const tick = () => {
    if (running) return;
    running = foldAndTidy(ctx.db, counter)
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
