/**
 * The case clock (DOMAIN.md §5): the append-only ledger `case_clock_entries` is the truth; every append is checked by the
 * domain (`validateClockAppend`) and the case's denormalised columns (deadline, clock_running, clock_level) are
 * recomputed from the whole ledger with `computeClock`, so inboxes can sort and filter.
 */
import {
  computeClock,
  shanghaiCivilDate,
  validateClockAppend,
  type ClockEntry,
  type ClockState,
  type WorkingDayCalendar,
} from '@yiwang/domain';
import type { Db, Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { withDomainRule } from '../../lib/domain-errors.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import * as repo from './cases.repository.ts';

/** 行政许可法 art.42: the general limit and its extension (the head of the authority approves +10 WD). */
export const LEGAL_BASIS_GENERAL_LIMIT = '《行政许可法》第四十二条';
/** 条例673 art.10: 核准 within 20 WD of acceptance, extendable by up to 40 WD; commissioned evaluation not counted. */
export const LEGAL_BASIS_RATIFICATION = '《企业投资项目核准和备案管理条例》第十条';
/** 行政许可法 art.45: time for 听证, 检验, 检测, 鉴定, 专家评审 … is not counted in the limit. */
export const LEGAL_BASIS_SPECIAL_PROCEDURE = '《行政许可法》第四十五条';

export const LEVEL_RANK = { normal: 0, yellow: 1, red: 2 } as const;

/** Today in Asia/Shanghai. */
export function today(ctx: AppContext): string {
  return shanghaiCivilDate(ctx.clock.now().getTime());
}

/**
 * The merged working-day calendar (shipped data + admin overrides) read through `db`. Inside a transaction pass the
 * transaction: the embedded pool has one connection, so reading through `ctx.db` there would wait for ever.
 */
export async function calendarFor(ctx: AppContext, db: Db | Tx): Promise<WorkingDayCalendar> {
  // The calendar service reads `ctx.db`; a transaction is a drop-in reader for its one query.
  return loadCalendar({ ...ctx, db: db as Db });
}

export function clockOptions(ctx: AppContext) {
  return { yellowWhenRemainingAtMost: ctx.config.clockYellowWorkingDays };
}

export function toClockEntry(row: repo.ClockEntryRow): ClockEntry {
  return {
    kind: row.kind,
    date: row.date,
    reason: row.reason,
    legalBasis: row.legalBasis,
    workingDays: row.workingDays,
  };
}

export async function ledgerOf(db: Db | Tx, caseId: string): Promise<ClockEntry[]> {
  return (await repo.findClockEntries(db, caseId)).map(toClockEntry);
}

/** The ledgers of many cases, loaded in one query (a list page must not cost one query per row). */
export async function ledgersOf(db: Db | Tx, caseIds: string[]): Promise<Map<string, ClockEntry[]>> {
  const out = new Map<string, ClockEntry[]>(caseIds.map((id) => [id, []]));
  for (const row of await repo.findClockEntriesOfCases(db, caseIds)) out.get(row.caseId)?.push(toClockEntry(row));
  return out;
}

/** The clock of a case on `on`, with its explanation lines. */
export function clockOf(
  ctx: AppContext,
  ledger: readonly ClockEntry[],
  calendar: WorkingDayCalendar,
  on: string,
): ClockState {
  return withDomainRule('CLOCK_RULE_VIOLATED', () => computeClock(ledger, calendar, on, clockOptions(ctx)));
}

/** The columns denormalised from the clock. */
export function clockColumns(state: ClockState): {
  deadline: string | null;
  clockRunning: boolean;
  clockLevel: ClockState['level'];
} {
  return { deadline: state.deadline, clockRunning: state.running, clockLevel: state.level };
}

/**
 * Appends one ledger entry (checked by the domain: order, state, extension maximum → 409 CLOCK_RULE_VIOLATED) and stores
 * the recomputed deadline, running flag and level on the case. Returns the clock after the entry.
 */
export async function appendClockEntry(
  tx: Tx,
  ctx: AppContext,
  calendar: WorkingDayCalendar,
  row: repo.CaseRow,
  entry: ClockEntry,
  recordedBy: string | null,
): Promise<ClockState> {
  const existing = await repo.findClockEntries(tx, row.id);
  const ledger = existing.map(toClockEntry);
  withDomainRule('CLOCK_RULE_VIOLATED', () =>
    validateClockAppend(ledger, entry, { maxExtensionWorkingDays: row.maxExtensionWorkingDays }),
  );
  await repo.insertClockEntries(tx, [
    {
      caseId: row.id,
      seq: (existing.at(-1)?.seq ?? 0) + 1,
      kind: entry.kind,
      date: entry.date,
      workingDays: entry.workingDays,
      reason: entry.reason,
      legalBasis: entry.legalBasis,
      recordedBy,
      recordedAt: ctx.clock.now(),
    },
  ]);
  const state = clockOf(ctx, [...ledger, entry], calendar, today(ctx));
  // A level that got better is stored at once (an extension lifts a red case); one that got worse is left for the
  // warning sweep, which raises the warning (and the escalation) exactly when it stores the new level.
  const columns = clockColumns(state);
  if (LEVEL_RANK[columns.clockLevel] > LEVEL_RANK[row.clockLevel]) columns.clockLevel = row.clockLevel;
  await repo.updateCase(tx, row.id, { ...columns, updatedAt: ctx.clock.now() });
  return state;
}
