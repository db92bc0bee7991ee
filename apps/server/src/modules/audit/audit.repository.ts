import { and, asc, count, desc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { auditCheckpoints, auditEvents } from '../../db/schema/index.ts';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

/** Transaction-scoped advisory lock that serialises appends to the chain (one head, one next seq). */
const AUDIT_CHAIN_LOCK_KEY = 7_319_002;

/**
 * Takes the chain lock and reads the head in ONE round trip (issue 6: the lock is held until commit, so every round trip
 * inside it — each costing an event-loop turn of this busy process, not just the network — is paid by every concurrent
 * writer in turn; profiling showed 3–4 of them per transaction and the lock ~90 % busy). It is a simple-protocol
 * two-statement query, not one statement: under READ COMMITTED a statement's snapshot is taken when it starts, i.e.
 * BEFORE the lock is granted, so a single `SELECT lock, head` could miss the previous holder's committed row and fork
 * the chain. The second statement starts after the first returns and gets a fresh snapshot that sees it. The key is a
 * constant (no parameters are allowed in a multi-statement query).
 */
export async function lockChainHead(tx: Tx): Promise<{ seq: number; hash: string } | undefined> {
  const result: unknown = await tx.execute(
    sql.raw(
      `SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}); ` +
        'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
    ),
  );
  // node-postgres answers a multi-statement query with one result per statement; bigint arrives as a string.
  const results = (Array.isArray(result) ? result : [result]) as { rows: { seq: string; hash: string }[] }[];
  const head = results.at(-1)?.rows[0];
  return head ? { seq: Number(head.seq), hash: head.hash } : undefined;
}

/** All of a transaction's audit rows in one INSERT (one round trip under the chain lock, however many rows). */
export async function insertAuditEvents(tx: Tx, rows: (typeof auditEvents.$inferInsert)[]): Promise<void> {
  await tx.insert(auditEvents).values(rows);
}

export async function findAuditEvents(
  db: Db,
  filter: { action?: string | undefined; actor?: string | undefined; targetType?: string | undefined },
  page: { limit: number; offset: number },
): Promise<{ rows: AuditEventRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.actor) conditions.push(eq(auditEvents.actorUsername, filter.actor));
  if (filter.targetType) conditions.push(eq(auditEvents.targetType, filter.targetType));
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(auditEvents).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** The trail of one target (served by audit_events_target_idx), optionally only some actions, in chain order. */
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
    .orderBy(asc(auditEvents.seq));
}

/** Rows in chain order, after `afterSeq`, a batch at a time (verification streams the whole trail). */
export async function findAuditEventsAfter(db: Db, afterSeq: number, limit: number): Promise<AuditEventRow[]> {
  return db.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(limit);
}

export async function findChainHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return head;
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
