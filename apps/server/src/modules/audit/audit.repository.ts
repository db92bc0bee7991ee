import { and, asc, count, desc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { auditCheckpoints, auditEvents } from '../../db/schema/index.ts';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

/** Transaction-scoped advisory lock that serialises appends to the chain (one head, one next seq). */
const AUDIT_CHAIN_LOCK_KEY = 7_319_002;

export async function lockChainHead(tx: Tx): Promise<{ seq: number; hash: string } | undefined> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const [head] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return head;
}

export async function insertAuditEvent(tx: Tx, row: typeof auditEvents.$inferInsert): Promise<void> {
  await tx.insert(auditEvents).values(row);
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
