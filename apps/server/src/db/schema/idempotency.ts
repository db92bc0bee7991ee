import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';

/** One change of an idempotent request's transaction: an audit entry's action and target. */
export interface IdempotentChange {
  action: string;
  targetType: string;
  targetId: string | null;
}

/**
 * `Idempotency-Key` records (issue 6 §3): one row per (actor, key) whose state change committed. The row is inserted at
 * the START of the same transaction as the change (runAuditedTransaction), so the change and its key commit or vanish
 * together, and a concurrent duplicate blocks on the primary key until the first one ends. The response is recorded
 * just before it is sent (status_code/response_body stay NULL only when the process stopped between the commit and the
 * answer, i.e. when no client saw a response). Rows older than 24 h may be purged (purgeIdempotencyKeys).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id),
    key: text('key').notNull(),
    method: text('method').notNull(),
    /** The route pattern, e.g. /api/projects/:id/submit (the concrete URL is part of request_hash). */
    route: text('route').notNull(),
    /** SHA-256 (hex) of the method, the concrete URL and the canonical JSON of the body (an upload: its bytes). */
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    /**
     * The answer's headers a retry needs as well (REPLAYED_HEADERS: `Location` of a 201 without a body,
     * `Preference-Applied`); null for rows recorded before they were kept.
     */
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    /**
     * What the request's transaction changed, as its audit entries name it (action, target type, target id): written
     * with its COMMIT, so a retry that finds no recorded answer (the process stopped between commit and answer) can
     * still say what was done. Null for rows claimed before it was kept.
     */
    changes: jsonb('changes').$type<IdempotentChange[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
