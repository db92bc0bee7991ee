import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { calendarOverrides } from '../../db/schema/index.ts';

export type CalendarOverrideRow = typeof calendarOverrides.$inferSelect;

export async function findOverrides(db: Db | Tx): Promise<CalendarOverrideRow[]> {
  return db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.day));
}

export async function findOverride(db: Db | Tx, day: string): Promise<CalendarOverrideRow | undefined> {
  const [row] = await db.select().from(calendarOverrides).where(eq(calendarOverrides.day, day));
  return row;
}

export async function upsertOverride(tx: Tx, row: typeof calendarOverrides.$inferInsert): Promise<void> {
  await tx
    .insert(calendarOverrides)
    .values(row)
    .onConflictDoUpdate({
      target: calendarOverrides.day,
      set: { kind: row.kind, note: row.note, createdBy: row.createdBy },
    });
}

export async function deleteOverride(tx: Tx, day: string): Promise<void> {
  await tx.delete(calendarOverrides).where(eq(calendarOverrides.day, day));
}
