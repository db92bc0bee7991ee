import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lt, min, type SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { auditCheckpoints, auditEvents } from '../../db/schema/index.ts';
import { cappedCountQuery, cappedTotal } from '../../lib/capped-total.ts';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

/** The sealer's transaction-scoped advisory lock: one sealer at a time across all processes (ADR 0003, update 3). */
const AUDIT_SEALER_LOCK_KEY = 7_319_002;

/** Appends a transaction's audit rows, unsealed, in one INSERT — no lock and no head read on the write path. */
export async function insertAuditEvents(tx: Tx, rows: (typeof auditEvents.$inferInsert)[]): Promise<void> {
  await tx.insert(auditEvents).values(rows);
}

/** Takes the sealer lock if free; false when another sealer is at work (this pass then does nothing). */
export async function tryLockSealer(tx: Tx): Promise<boolean> {
  // enable_bitmapscan off for this transaction only: every sealed row leaves a dead entry in the partial index until
  // vacuum, and a bitmap scan (the planner's pick) visits all of them on every pass (measured: 13 ms per pass after 24k
  // rows, five passes a second). A plain index scan marks the dead entries it meets, so the next pass skips them (0.1 ms).
  const result = await tx.execute<{ locked: boolean }>(
    sql`SELECT set_config('enable_bitmapscan', 'off', true), pg_try_advisory_xact_lock(${AUDIT_SEALER_LOCK_KEY}) AS locked`,
  );
  return result.rows[0]?.locked === true;
}

/**
 * Committed rows not yet sealed, in insertion order (served by the partial index audit_events_unsealed_idx). Under READ
 * COMMITTED this statement's snapshot is taken after the lock was granted, so it sees every row an earlier sealer left.
 */
export async function findUnsealedEvents(tx: Tx, limit: number): Promise<AuditEventRow[]> {
  return tx.select().from(auditEvents).where(isNull(auditEvents.seq)).orderBy(asc(auditEvents.id)).limit(limit);
}

export interface AuditSeal {
  id: number;
  seq: number;
  prevHash: string;
  hash: string;
}

/** Writes a batch of seals in one UPDATE … FROM (VALUES …); the trigger lets an unsealed row be sealed once. */
export async function sealEvents(tx: Tx, seals: readonly AuditSeal[]): Promise<void> {
  const values = sql.join(
    seals.map((s) => sql`(${s.id}::bigint, ${s.seq}::bigint, ${s.prevHash}::text, ${s.hash}::text)`),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE audit_events AS a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
    FROM (VALUES ${values}) AS v(id, seq, prev_hash, hash)
    WHERE a.id = v.id AND a.seq IS NULL`);
}

/** Unsealed rows (written before `before`, when given: verification reports those the sealer should have chained). */
export async function findUnsealedSummary(
  db: Db,
  before?: Date,
): Promise<{ count: number; firstId: number | null; oldest: Date | null }> {
  const [row] = await db
    .select({ n: count(), firstId: min(auditEvents.id), oldest: min(auditEvents.occurredAt) })
    .from(auditEvents)
    .where(before ? and(isNull(auditEvents.seq), lt(auditEvents.occurredAt, before)) : isNull(auditEvents.seq));
  return { count: row?.n ?? 0, firstId: row?.firstId ?? null, oldest: row?.oldest ?? null };
}

export async function findAuditEvents(
  db: Db,
  filter: {
    action?: string | undefined;
    actor?: string | undefined;
    targetType?: string | undefined;
    /** Only actions taken in this role: the security admin's review of the audit admins (audit_events_admin_idx). */
    actorRole?: 'sysAdmin' | 'secAdmin' | 'auditAdmin' | undefined;
  },
  page: { limit: number; offset: number },
): Promise<{ rows: AuditEventRow[]; total: number; capped: boolean }> {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.actor) conditions.push(eq(auditEvents.actorUsername, filter.actor));
  if (filter.actorRole) conditions.push(eq(auditEvents.actorRole, filter.actorRole));
  if (filter.targetType) conditions.push(eq(auditEvents.targetType, filter.targetType));
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(page.limit)
    .offset(page.offset);
  // Counted up to COUNT_CAP + 1 only: the whole trail of a province is millions of rows (lib/capped-total.ts).
  const total = await cappedTotal(rows.length, page, async () => {
    const [counted] = await cappedCountQuery(db, auditEvents, where);
    return counted?.n ?? 0;
  });
  return { rows, ...total };
}

/** The trail of one target (served by audit_events_target_idx), optionally only some actions, in insertion order. */
export async function findAuditEventsForTarget(
  db: Db,
  targetType: string,
  targetId: string,
  actions: readonly string[],
): Promise<AuditEventRow[]> {
  const conditions: SQL[] = [eq(auditEvents.targetType, targetType), eq(auditEvents.targetId, targetId)];
  if (actions.length) conditions.push(inArray(auditEvents.action, [...actions]));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(asc(auditEvents.id));
}

/** Sealed rows in chain order, after `afterSeq`, a batch at a time (verification streams the whole trail). */
export async function findAuditEventsAfter(db: Db, afterSeq: number, limit: number): Promise<AuditEventRow[]> {
  return db.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(limit);
}

/** The sealed head of the chain (the highest seq), or undefined for an empty (or wholly unsealed) trail. */
export async function findChainHead(db: Db | Tx): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(isNotNull(auditEvents.seq))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return head && head.seq !== null && head.hash !== null ? { seq: head.seq, hash: head.hash } : undefined;
}

export async function findAuditEventBySeq(db: Db, seq: number): Promise<AuditEventRow | undefined> {
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, seq));
  return row;
}

export async function findCheckpoints(db: Db): Promise<AuditCheckpointRow[]> {
  return db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq), asc(auditCheckpoints.id));
}

export async function findLatestCheckpoint(db: Db): Promise<AuditCheckpointRow | undefined> {
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
  return row;
}

export async function insertCheckpoint(db: Db, row: typeof auditCheckpoints.$inferInsert): Promise<void> {
  await db.insert(auditCheckpoints).values(row);
}
