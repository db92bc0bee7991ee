import { sql } from 'drizzle-orm';
import { bigint, jsonb, pgTable, text, timestamp, uuid, serial, index, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The audit trail (等保 8.1.4.3): one row per state change, written in the same transaction as the change, chained by
 * SM3: hash = SM3(prev_hash ‖ canonical JSON of the row). A trigger (see the migrations) refuses DELETE and every UPDATE
 * but the one that seals a row, so only a superuser who disables it can tamper, and the chain then shows it.
 *
 * Sealing is asynchronous (ADR 0003, update 3): a business transaction inserts its rows with `id` from a sequence and
 * `seq`/`prev_hash`/`hash` NULL — no lock, no head read. The sealer (audit-sealer.ts) then gives committed rows the next
 * contiguous chain positions in `id` order and their hashes, once. `id` is insertion order; `seq` is chain order.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** Chain position, set by the sealer (NULL until sealed). */
    seq: bigint('seq', { mode: 'number' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    requestId: text('request_id'),
    ip: text('ip'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_events_seq_uq').on(t.seq),
    index('audit_events_unsealed_idx')
      .on(t.id)
      .where(sql`${t.seq} IS NULL`),
    index('audit_events_action_idx').on(t.action),
    index('audit_events_actor_idx').on(t.actorUsername),
    index('audit_events_target_idx').on(t.targetType, t.targetId),
    // 三员 mutual oversight (security-notes §1.2): the security admin reviews what the audit admins did, newest first.
    // Only the three admins' rows are in it (a few, among millions), so business writes never touch it.
    index('audit_events_admin_idx')
      .on(t.actorRole, t.id.desc().nullsFirst())
      .where(sql`${t.actorRole} IN ('sysAdmin', 'secAdmin', 'auditAdmin')`),
  ],
);

/**
 * Signed checkpoints: every so often the head of the chain (seq, hash) is signed with the platform's SM2 key. A tail
 * truncation removes rows *and* their hashes, which the chain alone cannot notice; a checkpoint beyond the last row can.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: serial('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  signature: text('signature').notNull(),
  publicKey: text('public_key').notNull(),
});
