import type { AppContext } from '../../lib/app-context.ts';
import type { Db, Tx } from '../../db/database.ts';
import { toJsonValue } from '../../lib/canonical-json.ts';
import type { Clock } from '../../lib/clock.ts';
import {
  claimIdempotencyKey,
  keyChangesStatement,
  runWithIdempotencyKey,
  type IdempotencyBinding,
} from '../idempotency/idempotency.service.ts';
import { isAuditAction, type AuditAction } from './audit-actions.ts';
import { chainedFieldsOf, computeAuditHash, GENESIS_HASH } from './audit-chain.ts';
import type { AuditSigner } from './audit-signer.ts';
import * as repo from './audit.repository.ts';

/** Who is acting, from the request (or the system for start-up tasks). */
export interface AuditContext {
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  requestId: string | null;
  ip: string | null;
  /** The request's `Idempotency-Key`, claimed inside the transaction (modules/idempotency). */
  idempotency?: IdempotencyBinding | undefined;
}

export const SYSTEM_AUDIT_CONTEXT: AuditContext = {
  actorId: null,
  actorUsername: 'system',
  actorRole: null,
  requestId: null,
  ip: null,
};

export interface AuditEntry {
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one entry to the chain, inside the caller's transaction. */
export type RecordAudit = (entry: AuditEntry) => Promise<void>;

/** A statement not sent yet — a drizzle query builder: `execute()` hands it to the connection at once. */
export interface PendingStatement {
  execute(): Promise<unknown>;
}

/**
 * Sends writes whose answers the work does not wait for (an insert of a history row, a notice): each is handed to the
 * transaction's connection now, in the order given, and the transaction's call awaits its answer after COMMIT. Sent
 * as the work's last statements, they leave in one send with the audit rows and COMMIT (db/writes-per-tick.ts): one
 * round trip fewer, and the transaction's locks held for one round trip less (issue 6). The answers (e.g. a row from
 * RETURNING) are in the returned promise, for use once the transaction has ended: awaited inside the work, it would
 * cost the round trip again.
 *
 * If one fails, PostgreSQL has aborted the transaction: the statements behind it fail, COMMIT is answered with
 * ROLLBACK, nothing is stored, and the transaction's call throws that first error (as if it had been awaited). The
 * work cannot react to the failure itself — only for writes whose failure fails the request.
 */
export type SendWithCommit = <S extends PendingStatement[]>(
  ...statements: S
) => Promise<{ [K in keyof S]: Awaited<ReturnType<S[K]['execute']>> }>;

/**
 * One service call = one transaction with its audit row(s). `work` gets the transaction, a `recordAudit` function and
 * `sendWithCommit` (above); if it returns without recording anything, the transaction is rolled back — a state change
 * without its audit row is a bug we refuse to commit. The rows are inserted unsealed at the end of the transaction; the
 * sealer (audit-sealer.ts) chains them in seal order right after commit, so concurrent writers share no lock. A
 * request's `Idempotency-Key` (issue 6 §3) is claimed as the first statement, so the key commits with the change — a
 * crash loses both or keeps both — and a concurrent duplicate waits on it, then replays the first answer.
 */
export async function runAuditedTransaction<T>(
  db: Db,
  clock: Clock,
  context: AuditContext,
  work: (tx: Tx, recordAudit: RecordAudit, sendWithCommit: SendWithCommit) => Promise<T>,
): Promise<T> {
  return runWithIdempotencyKey(db, context.idempotency, () => auditedTransaction(db, clock, context, work));
}

async function auditedTransaction<T>(
  db: Db,
  clock: Clock,
  context: AuditContext,
  work: (tx: Tx, recordAudit: RecordAudit, sendWithCommit: SendWithCommit) => Promise<T>,
): Promise<T> {
  const sentWithCommit: Promise<unknown>[] = [];
  let firstFailure: { error: unknown } | null = null;
  const transaction = db.transaction(async (tx) => {
    await claimIdempotencyKey(tx, context.idempotency, clock);
    const pending: AuditEntry[] = [];
    const sendWithCommit = ((...statements: PendingStatement[]) => {
      const answers = statements.map((statement) => {
        const answer = statement.execute();
        answer.catch((error: unknown) => {
          firstFailure ??= { error };
        });
        sentWithCommit.push(answer);
        return answer;
      });
      const all = Promise.all(answers);
      all.catch(() => {}); // the failure is thrown by the transaction's call; the caller need not await this
      return all;
    }) as SendWithCommit;
    const recordAudit: RecordAudit = async (entry) => {
      if (!isAuditAction(entry.action)) throw new Error(`unknown audit action ${String(entry.action)}`);
      pending.push(entry);
    };
    const result = await work(tx, recordAudit, sendWithCommit);
    if (pending.length === 0) throw new Error('a state-changing transaction must record an audit entry');
    // A claimed Idempotency-Key keeps what this transaction changed, for a retry that finds no recorded answer.
    const keyChanges = keyChangesStatement(
      tx,
      context.idempotency,
      pending.map((entry) => ({
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId ?? null,
      })),
    );
    if (keyChanges) sendWithCommit(keyChanges);
    // Unsealed: no chain lock, no head read (ADR 0003, update 3). The sealer chains the rows once they are committed.
    const occurredAt = clock.now();
    const rows = pending.map((entry) => ({
      occurredAt,
      actorId: context.actorId,
      actorUsername: context.actorUsername,
      actorRole: context.actorRole,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      requestId: context.requestId,
      ip: context.ip,
      before: toJsonValue(entry.before ?? null),
      after: toJsonValue(entry.after ?? null),
    }));
    // The audit rows are the transaction's last statement, and its answer is not awaited here: drizzle's COMMIT is
    // then issued in the same tick and leaves in the same send (db/writes-per-tick.ts) — one round trip fewer per
    // audited transaction (issue 6). The insert is handed to the connection before this callback returns (drizzle
    // calls the driver synchronously; audit-commit-pipeline.test.ts checks that the INSERT is written before COMMIT),
    // and PostgreSQL runs a connection's statements in the order written. If the insert fails, PostgreSQL has
    // aborted the transaction and answers the COMMIT with ROLLBACK: nothing is stored, and the insert's error is
    // thrown below.
    const auditRowsInserted = repo.insertAuditEvents(tx, rows);
    auditRowsInserted.catch(() => {}); // observed once the transaction has ended
    return { result, auditRowsInserted };
  });
  let outcome: Awaited<typeof transaction>;
  try {
    outcome = await transaction;
  } catch (error) {
    // A write sent with the commit failed before whatever the work then tripped on ("transaction is aborted"): its
    // error is the one to report.
    await Promise.allSettled(sentWithCommit);
    throw firstFailure ? (firstFailure as { error: unknown }).error : error;
  }
  // Answered before COMMIT was (one connection answers in order); a failure means PostgreSQL rolled back.
  await Promise.allSettled(sentWithCommit);
  if (firstFailure) throw (firstFailure as { error: unknown }).error;
  await outcome.auditRowsInserted;
  return outcome.result;
}

export interface AuditEventView {
  id: number;
  /** Chain position; null until the sealer has chained the row (a fraction of a second after commit). */
  seq: number | null;
  occurredAt: string;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
  hash: string | null;
}

export async function listAuditEvents(
  db: Db,
  query: {
    page: number;
    pageSize: number;
    action?: string;
    actor?: string;
    targetType?: string;
    actorRole?: 'auditAdmin';
  },
): Promise<{ items: AuditEventView[]; total: number; totalIsLowerBound: boolean }> {
  const { rows, total, capped } = await repo.findAuditEvents(db, query, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    total,
    totalIsLowerBound: capped,
    items: rows.map((row) => ({
      id: row.id,
      seq: row.seq,
      occurredAt: row.occurredAt.toISOString(),
      actorUsername: row.actorUsername,
      actorRole: row.actorRole,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      requestId: row.requestId,
      ip: row.ip,
      before: row.before,
      after: row.after,
      hash: row.hash,
    })),
  };
}

/** What the trail recorded about one target (e.g. a project's lifecycle events), in insertion order (sealed or not). */
export async function listTargetEvents(
  db: Db,
  target: { type: string; id: string },
  actions: readonly AuditAction[] = [],
): Promise<{ id: number; action: string; occurredAt: Date; actorUsername: string | null; after: unknown }[]> {
  const rows = await repo.findAuditEventsForTarget(db, target.type, target.id, actions);
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    occurredAt: r.occurredAt,
    actorUsername: r.actorUsername,
    after: r.after,
  }));
}

export interface AuditProblem {
  seq: number;
  kind:
    | 'hash_mismatch'
    | 'broken_link'
    | 'missing_rows'
    | 'bad_checkpoint_signature'
    | 'checkpoint_mismatch'
    | 'truncated'
    | 'unsealed';
  message: string;
  messageEn: string;
}

export interface AuditVerification {
  ok: boolean;
  checkedRows: number;
  lastSeq: number;
  checkpointsChecked: number;
  /** Rows committed but not yet chained (normal for a fraction of a second after a write). */
  unsealedRows: number;
  problems: AuditProblem[];
}

/**
 * Verifies the whole trail: every sealed row's hash, every link to its predecessor, no gap in seq (a deleted row), and
 * every signed checkpoint — its signature, and that the row it names still carries the hash it signed. A checkpoint
 * beyond the last row means the tail was truncated. Rows still unsealed `unsealedAlertSeconds` after they were written
 * are a problem too (the sealer is not running — e.g. the app crashed and was not restarted). Streams in batches so a
 * large trail does not sit in memory.
 */
/**
 * The audit admin's 完整性校验 from the API: the verification, then an audit row of who ran it and what it found (等保
 * 8.1.5.3: the audit admin's own operations are audited; the security admin reviews them).
 */
export async function verifyAuditTrailAsActor(
  ctx: Pick<AppContext, 'db' | 'clock' | 'auditSigner' | 'config'>,
  audit: AuditContext,
): Promise<AuditVerification> {
  const result = await verifyAuditTrail(ctx.db, ctx.auditSigner, {
    now: ctx.clock.now(),
    unsealedAlertSeconds: ctx.config.auditUnsealedAlertSeconds,
  });
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (_tx, recordAudit) => {
    await recordAudit({
      action: 'audit.verified',
      targetType: 'audit_events',
      after: { ok: result.ok, checkedRows: result.checkedRows, problems: result.problems.length },
    });
  });
  return result;
}

export async function verifyAuditTrail(
  db: Db,
  signer: AuditSigner,
  options: { maxProblems?: number; now?: Date; unsealedAlertSeconds?: number } = {},
): Promise<AuditVerification> {
  const maxProblems = options.maxProblems ?? 100;
  const problems: AuditProblem[] = [];
  const hashBySeq = new Map<number, string>();
  const checkpoints = await repo.findCheckpoints(db);
  const checkpointSeqs = new Set(checkpoints.map((c) => c.seq));
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checkedRows = 0;
  let lastSeq = 0;
  for (;;) {
    const batch = await repo.findAuditEventsAfter(db, lastSeq, 5000);
    if (batch.length === 0) break;
    for (const stored of batch) {
      const row = sealedView(stored);
      checkedRows += 1;
      if (row.seq !== expectedSeq) {
        problems.push({
          seq: expectedSeq,
          kind: 'missing_rows',
          message: `序号 ${expectedSeq}–${row.seq - 1} 的审计记录缺失（被删除）`,
          messageEn: `audit rows ${expectedSeq}–${row.seq - 1} are missing (deleted)`,
        });
      } else if (row.prevHash !== prevHash) {
        problems.push({
          seq: row.seq,
          kind: 'broken_link',
          message: `第 ${row.seq} 条记录的前序哈希与上一条不符`,
          messageEn: `row ${row.seq} does not link to the previous row's hash`,
        });
      }
      const recomputed = computeAuditHash(row.prevHash, chainedFieldsOf(row, row.seq));
      if (recomputed !== row.hash) {
        problems.push({
          seq: row.seq,
          kind: 'hash_mismatch',
          message: `第 ${row.seq} 条记录内容已被篡改（哈希不符）`,
          messageEn: `row ${row.seq} was altered (hash mismatch)`,
        });
      }
      if (checkpointSeqs.has(row.seq)) hashBySeq.set(row.seq, row.hash);
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      lastSeq = row.seq;
      if (problems.length >= maxProblems) break;
    }
    if (problems.length >= maxProblems) break;
  }
  for (const checkpoint of checkpoints) {
    const payload = { seq: checkpoint.seq, hash: checkpoint.hash, createdAt: checkpoint.createdAt.toISOString() };
    if (
      !signer.verify(payload, checkpoint.signature, checkpoint.publicKey) ||
      checkpoint.publicKey !== signer.publicKey
    ) {
      problems.push({
        seq: checkpoint.seq,
        kind: 'bad_checkpoint_signature',
        message: `检查点（序号 ${checkpoint.seq}）签名无效`,
        messageEn: `checkpoint at seq ${checkpoint.seq} has an invalid signature`,
      });
    } else if (checkpoint.seq > lastSeq) {
      problems.push({
        seq: checkpoint.seq,
        kind: 'truncated',
        message: `已签名检查点指向第 ${checkpoint.seq} 条，但审计记录只到第 ${lastSeq} 条：尾部被截断`,
        messageEn: `a signed checkpoint names row ${checkpoint.seq} but the trail ends at ${lastSeq}: the tail was truncated`,
      });
    } else if (hashBySeq.has(checkpoint.seq) && hashBySeq.get(checkpoint.seq) !== checkpoint.hash) {
      problems.push({
        seq: checkpoint.seq,
        kind: 'checkpoint_mismatch',
        message: `第 ${checkpoint.seq} 条记录的哈希与已签名检查点不符（链被重算）`,
        messageEn: `row ${checkpoint.seq} no longer has the hash its signed checkpoint holds (chain re-hashed)`,
      });
    }
  }
  const alertSeconds = options.unsealedAlertSeconds ?? 60;
  const now = options.now ?? new Date();
  const unsealed = await repo.findUnsealedSummary(db);
  const stale = await repo.findUnsealedSummary(db, new Date(now.getTime() - alertSeconds * 1000));
  if (stale.count > 0) {
    problems.push({
      seq: lastSeq + 1,
      kind: 'unsealed',
      message: `${stale.count} 条审计记录写入超过 ${alertSeconds} 秒仍未封存（最早 ${stale.oldest?.toISOString() ?? ''}）：封存进程未运行，请启动服务或执行 npm run audit:verify -- --seal`,
      messageEn: `${stale.count} audit rows are still unsealed more than ${alertSeconds} s after they were written (oldest ${stale.oldest?.toISOString() ?? ''}): the sealer is not running — start the server or run npm run audit:verify -- --seal`,
    });
  }
  problems.sort((a, b) => a.seq - b.seq);
  return {
    ok: problems.length === 0,
    checkedRows,
    lastSeq,
    checkpointsChecked: checkpoints.length,
    unsealedRows: unsealed.count,
    problems,
  };
}

/** A row from findAuditEventsAfter, which returns sealed rows only: seq and the hashes are set. */
function sealedView(row: repo.AuditEventRow): repo.AuditEventRow & { seq: number; prevHash: string; hash: string } {
  return { ...row, seq: row.seq ?? 0, prevHash: row.prevHash ?? '', hash: row.hash ?? '' };
}

/** Signs the current sealed head of the chain, unless the latest checkpoint already covers it. Returns the seq signed. */
export async function createAuditCheckpoint(db: Db, signer: AuditSigner, clock: Clock): Promise<number | null> {
  const head = await repo.findChainHead(db);
  if (!head) return null;
  const latest = await repo.findLatestCheckpoint(db);
  if (latest && latest.seq >= head.seq) return null;
  const createdAt = clock.now().toISOString();
  const signature = signer.sign({ seq: head.seq, hash: head.hash, createdAt });
  await repo.insertCheckpoint(db, {
    seq: head.seq,
    hash: head.hash,
    createdAt: new Date(createdAt),
    signature,
    publicKey: signer.publicKey,
  });
  return head.seq;
}
