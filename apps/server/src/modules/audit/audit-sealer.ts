import type { Db } from '../../db/database.ts';
import { chainedFieldsOf, computeAuditHash, GENESIS_HASH } from './audit-chain.ts';
import * as repo from './audit.repository.ts';

/** Rows chained per sealing transaction (one SELECT and one UPDATE each). */
const SEAL_BATCH = 1000;

/**
 * Asynchronous sealing (ADR 0003, update 3). Business transactions insert audit rows unchained — no lock, no head read
 * — so concurrent writers no longer queue on one lock held through every commit. The sealer, one at a time across all
 * processes (a transaction-scoped advisory lock; a second sealer skips), reads the sealed head and the committed
 * unsealed rows in insertion (`id`) order, gives them the next contiguous chain positions and their SM3 hashes, and
 * writes them once (the trigger allows exactly this update). A row committed late by a slow transaction simply gets a
 * later position: the chain is in seal order, and every committed row is sealed on the next pass.
 *
 * Returns the number of rows sealed; loops until nothing is left (or `maxBatches` passes).
 */
export async function sealAuditTrail(db: Db, options: { maxBatches?: number } = {}): Promise<number> {
  const maxBatches = options.maxBatches ?? 1000;
  let sealed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const n = await sealOneBatch(db);
    sealed += n;
    if (n < SEAL_BATCH) break;
  }
  return sealed;
}

async function sealOneBatch(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    if (!(await repo.tryLockSealer(tx))) return 0;
    const rows = await repo.findUnsealedEvents(tx, SEAL_BATCH);
    if (rows.length === 0) return 0;
    const head = await repo.findChainHead(tx);
    let prevHash = head?.hash ?? GENESIS_HASH;
    let seq = head?.seq ?? 0;
    const seals: repo.AuditSeal[] = [];
    for (const row of rows) {
      seq += 1;
      const hash = computeAuditHash(prevHash, chainedFieldsOf(row, seq));
      seals.push({ id: row.id, seq, prevHash, hash });
      prevHash = hash;
    }
    await repo.sealEvents(tx, seals);
    return seals.length;
  });
}

/**
 * Runs the sealer every `intervalMs` in the background (never two passes at once in this process). `stop()` waits for
 * a running pass and then seals what is left, so a clean shutdown leaves nothing unsealed.
 */
export function startAuditSealer(
  db: Db,
  intervalMs: number,
  onError: (err: unknown) => void,
): { stop: () => Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = sealAuditTrail(db)
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await sealAuditTrail(db).catch(onError);
    },
  };
}
