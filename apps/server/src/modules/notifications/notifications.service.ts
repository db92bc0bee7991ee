/**
 * Notifications (issue 5 §8): an in-app notice for every event addressed to a user, and — for the events that warrant it
 * — an SMS / e-mail through one channel interface. `notify` runs inside the caller's transaction, so a notice exists
 * exactly when its event committed; SMS/e-mail are written to an outbox in that same transaction and delivered afterwards
 * by {@link deliverOutbox} (a crash between commit and delivery loses nothing: the row stays pending).
 */
import crypto from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { concurrently } from '../../db/concurrently.ts';
import type { Db, Tx } from '../../db/database.ts';
import { notificationOutbox, notifications, users } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { runAuditedTransaction, type AuditContext, type PendingStatement } from '../audit/audit.service.ts';
import { createChannels, type NotificationChannels } from './notification-channels.ts';

export interface NoticeInput {
  /** Recipients (duplicates and nulls ignored). */
  userIds: readonly (string | null | undefined)[];
  /** Machine kind, e.g. `application.correction_requested`. */
  kind: string;
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  /** Web path to open. */
  link?: string | null;
  /** Also send by SMS / e-mail (the outbox). In-app always. */
  channels?: readonly ('sms' | 'email')[];
}

/** Records in-app notices (and outbox rows) inside the caller's transaction. */
export async function notify(tx: Tx, ctx: AppContext, input: NoticeInput): Promise<void> {
  await notifyAll(tx, ctx, [input]);
}

/**
 * Several notices at once (e.g. one per dispatched case): one insert for all the in-app rows and, when any notice goes
 * out by SMS / e-mail, one outbox insert that looks up the recipients' usernames itself — not three statements per
 * notice.
 */
export async function notifyAll(tx: Tx, ctx: AppContext, inputs: readonly NoticeInput[]): Promise<void> {
  // Handed to the connection in order (`execute()`, not awaited one by one): the outbox insert, which refers to the
  // in-app rows, is written behind them and leaves in the same send; PostgreSQL runs them in the order written
  // (writes-per-tick.ts). Both awaited: if the first fails, the second fails behind it (the transaction is aborted);
  // the first error is thrown.
  await concurrently(noticeStatements(tx, ctx, inputs).map((statement) => statement.execute()));
}

/**
 * The statements that record `inputs` (none when no notice has a recipient), not sent yet: to be sent in the order
 * given — by notifyAll, or by a transaction's `sendWithCommit` when nothing waits on them (audit.service.ts).
 */
export function noticeStatements(tx: Tx, ctx: AppContext, inputs: readonly NoticeInput[]): PendingStatement[] {
  const notices = inputs
    .map((input) => ({
      input,
      recipients: [...new Set(input.userIds.filter((id): id is string => typeof id === 'string'))],
    }))
    .filter((n) => n.recipients.length > 0);
  if (notices.length === 0) return [];
  const now = ctx.clock.now();
  // Ids made here, so each outbox row knows its notice without relying on the order RETURNING gives rows back in.
  const sent = notices.map(({ input, recipients }) => ({
    input,
    rows: recipients.map((userId) => ({ id: crypto.randomUUID(), userId })),
  }));
  const inApp = tx.insert(notifications).values(
    sent.flatMap(({ input, rows }) =>
      rows.map(({ id, userId }) => ({
        id,
        userId,
        kind: input.kind,
        title: input.title,
        titleEn: input.titleEn,
        body: input.body,
        bodyEn: input.bodyEn,
        link: input.link ?? null,
        createdAt: now,
      })),
    ),
  );
  const outgoing = sent.flatMap(({ input, rows }) =>
    rows.flatMap(({ id, userId }) =>
      (input.channels ?? []).map((channel) => ({
        notification_id: id,
        user_id: userId,
        channel,
        subject: input.title,
        body: input.body,
      })),
    ),
  );
  if (outgoing.length === 0) return [inApp];
  // The recipient address is the account's; accounts have no phone/e-mail of their own yet, so the username stands in
  // and the gateway adapter resolves it (documented in docs/runbooks/operations.md). Looked up by the insert itself:
  // one statement for all the outbox rows, not a read of the usernames and then an insert (issue 6).
  const outbox = tx.execute(
    sql`
    INSERT INTO ${notificationOutbox} (notification_id, channel, recipient, subject, body, created_at)
    SELECT o.notification_id, o.channel, COALESCE(u.username, o.user_id::text), o.subject, o.body, ${now.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(outgoing)}::jsonb)
      AS o(notification_id uuid, user_id uuid, channel text, subject text, body text)
    LEFT JOIN ${users} u ON u.id = o.user_id`,
  );
  return [inApp, outbox];
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function listNotifications(
  db: Db,
  actor: Actor,
  query: { unreadOnly?: boolean; limit?: number },
): Promise<{ items: NotificationView[]; unread: number }> {
  const mine = eq(notifications.userId, actor.id);
  const rows = await db
    .select()
    .from(notifications)
    .where(query.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine)
    .orderBy(desc(notifications.createdAt))
    .limit(query.limit ?? 50);
  const [counted] = await db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      titleEn: r.titleEn,
      body: r.body,
      bodyEn: r.bodyEn,
      link: r.link,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
    unread: counted?.unread ?? 0,
  };
}

/** Marks one notice (or, with `id` null, all of the actor's notices) read. */
export async function markNotificationsRead(
  ctx: AppContext,
  actor: Actor,
  auditContext: AuditContext,
  id: string | null,
): Promise<{ updated: number }> {
  return runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    const mineUnread = and(eq(notifications.userId, actor.id), isNull(notifications.readAt));
    const updated = await tx
      .update(notifications)
      .set({ readAt: ctx.clock.now() })
      .where(id === null ? mineUnread : and(mineUnread, eq(notifications.id, id)))
      .returning({ id: notifications.id });
    if (id !== null && updated.length === 0) {
      const [exists] = await tx
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.id, id), eq(notifications.userId, actor.id)));
      if (!exists) throw new AppError('NOT_FOUND');
    }
    await recordAudit({
      action: 'notification.read',
      targetType: 'notification',
      targetId: id,
      after: { count: updated.length },
    });
    return { updated: updated.length };
  });
}

/**
 * Delivers pending outbox rows through the configured channels (log channel by default). Each row is claimed with
 * FOR UPDATE SKIP LOCKED, so several processes can run it; a failure is recorded and retried up to 5 times.
 */
export async function deliverOutbox(
  ctx: AppContext,
  channels: NotificationChannels = createChannels(ctx.config),
  batch = 50,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  await ctx.db.transaction(async (tx) => {
    const pending = await tx
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.status, 'pending'), sql`${notificationOutbox.attempts} < 5`))
      .orderBy(notificationOutbox.createdAt)
      .limit(batch)
      .for('update', { skipLocked: true });
    for (const row of pending) {
      try {
        await channels[row.channel].send({ to: row.recipient, subject: row.subject, text: row.body });
        await tx
          .update(notificationOutbox)
          .set({ status: 'sent', sentAt: ctx.clock.now(), attempts: row.attempts + 1 })
          .where(eq(notificationOutbox.id, row.id));
        sent += 1;
      } catch (error) {
        const attempts = row.attempts + 1;
        await tx
          .update(notificationOutbox)
          .set({ attempts, lastError: String(error).slice(0, 500), status: attempts >= 5 ? 'failed' : 'pending' })
          .where(eq(notificationOutbox.id, row.id));
        failed += 1;
      }
    }
  });
  return { sent, failed };
}
