import {
  defaultCalendarData,
  isCivilDate,
  mergeCalendarOverrides,
  WorkingDayCalendar,
  type CalendarData,
} from '@yiwang/domain';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import * as repo from './calendar.repository.ts';

const shippedData: CalendarData = defaultCalendarData();

/**
 * The working-day calendar in force: shipped data with the admin's overrides on top. The overrides are read from the
 * database on each use (a few hundred rows at most), so every app node sees an edit at once — no process-local cache
 * to go stale.
 *
 * Building the calendar from them parses every shipped holiday (~2 % of the server's CPU under the bench's approval
 * load, issue 6), so a built calendar is kept per set of overrides: the same rows give the same calendar (it is
 * immutable), other rows another. What is kept cannot go stale — it is keyed by what was just read.
 */
export async function loadCalendar(ctx: AppContext): Promise<WorkingDayCalendar> {
  const overrides = (await repo.findOverrides(ctx.db)).map((o) => ({ date: o.day, kind: o.kind }));
  const key = JSON.stringify(overrides);
  let calendar = builtCalendars.get(key);
  if (!calendar) {
    calendar = new WorkingDayCalendar(mergeCalendarOverrides(shippedData, overrides));
    builtCalendars.set(key, calendar);
    if (builtCalendars.size > MAX_BUILT_CALENDARS) builtCalendars.delete(builtCalendars.keys().next().value!);
  }
  return calendar;
}

/** Calendars built by loadCalendar, by their overrides (JSON); the oldest goes first beyond the bound. */
const builtCalendars = new Map<string, WorkingDayCalendar>();
const MAX_BUILT_CALENDARS = 16;

/**
 * Deadline = `workingDays` working days after `start` (the starting day is not counted, 民法典 art.201; a period that
 * would end on a holiday ends on the next working day, art.203). `provisional` when the period reaches a year whose
 * holidays are not loaded yet (DOMAIN.md §5).
 */
export async function computeDeadline(
  ctx: AppContext,
  start: string,
  workingDays: number,
): Promise<{ deadline: string; provisional: boolean }> {
  if (!isCivilDate(start)) throw AppError.invalidField('start', '日期无效', 'not a valid date');
  const calendar = await loadCalendar(ctx);
  const result = calendar.addWorkingDays(start, workingDays);
  return { deadline: result.date, provisional: result.provisional };
}

export interface CalendarOverrideView {
  date: string;
  kind: 'holiday' | 'workday';
  note: string | null;
}

export async function listOverrides(ctx: AppContext): Promise<CalendarOverrideView[]> {
  return (await repo.findOverrides(ctx.db)).map((o) => ({ date: o.day, kind: o.kind, note: o.note }));
}

export async function setOverride(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { date: string; kind: 'holiday' | 'workday'; note?: string | undefined },
): Promise<CalendarOverrideView> {
  if (!isCivilDate(input.date)) throw AppError.invalidField('date', '日期无效', 'not a valid date');
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const before = await repo.findOverride(tx, input.date);
    await repo.upsertOverride(tx, { day: input.date, kind: input.kind, note: input.note ?? null, createdBy: actor.id });
    await recordAudit({
      action: 'calendar.override_set',
      targetType: 'calendar_day',
      targetId: input.date,
      before: before ? { kind: before.kind, note: before.note } : null,
      after: { kind: input.kind, note: input.note ?? null },
    });
  });
  return { date: input.date, kind: input.kind, note: input.note ?? null };
}

export async function removeOverride(ctx: AppContext, audit: AuditContext, date: string): Promise<void> {
  const existing = await repo.findOverride(ctx.db, date);
  if (!existing) throw new AppError('NOT_FOUND');
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    await repo.deleteOverride(tx, date);
    await recordAudit({
      action: 'calendar.override_removed',
      targetType: 'calendar_day',
      targetId: date,
      before: { kind: existing.kind, note: existing.note },
    });
  });
}
