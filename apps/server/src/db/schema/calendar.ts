import { date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Admin-maintained calendar overrides on top of the shipped holiday data (chinese-days + DOMAIN.md's 2025/2026 notices).
 * Each November the State Council publishes next year's holidays and 调休 days; the system admin enters them here, and
 * every deadline computed afterwards uses them. One row per date.
 */
export const calendarOverrides = pgTable('calendar_overrides', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
