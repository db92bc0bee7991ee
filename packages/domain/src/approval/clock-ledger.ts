/**
 * The working-day clock of a case, kept as an append-only ledger so every deadline can be explained entry by entry
 * (DOMAIN.md §5). Legal basis: working days exclude statutory holidays (行政许可法 art.82); the starting day is not
 * counted and a period ending on a holiday ends on the next working day (民法典 arts.201, 203); the general limit is 20
 * working days, extendable by 10 (行政许可法 art.42; 核准: 20 + up to 40, 条例673 art.10); time for special procedures —
 * 补正, 听证, 招标, 拍卖, 检验, 检测, 鉴定, 专家评审, commissioned evaluation — is not counted (行政许可法 art.45, 条例673
 * art.10).
 *
 * Semantics:
 * - The ledger is append-only and ordered by date: each entry is dated on or after the previous one
 *   (`CLOCK_ENTRY_OUT_OF_ORDER`). Entries of one day apply in ledger order.
 * - `start` comes exactly once, first (`CLOCK_NOT_STARTED` / `CLOCK_ALREADY_STARTED`); its `workingDays` is the limit.
 * - A *run* is a stretch of running time. Its first day is not counted (民法典 art.201): a run from `s` that is stopped on
 *   `e` (or still running `today`) uses the working days in (s, e].
 * - `stop` only while running (`CLOCK_NOT_RUNNING`); its `workingDays` is the announced length of the special procedure
 *   (the applicant is told in writing, art.45), informational only, or null.
 * - `resume` only while stopped (`CLOCK_NOT_STOPPED`); the resume day starts a new run and is not counted. So a stop and a
 *   resume on the same day leave the deadline where it was.
 * - `extend` adds `workingDays` (> 0) to the limit; all extensions together may not exceed the matter's maximum
 *   (`CLOCK_EXTENSION_EXCEEDED`), checked by {@link validateClockAppend}.
 * - The deadline is the day on which the used working days reach the limit: while running, with `r` days remaining at
 *   the start `s` of the current run, addWorkingDays(s, r). If the limit was already reached in an earlier run, the
 *   deadline is that (past) day. While stopped and not overdue there is no fixed deadline; `deadline` is then the
 *   projection "if resumed today": addWorkingDays(today, remaining).
 * - Level: `red` when the deadline has passed — used > limit, or running and today after the deadline (a weekend right
 *   after the deadline is red with 0 overdue working days); `overdueWorkingDays` = used − limit, i.e. the working days in
 *   (deadline, today] that the clock ran (days spent stopped never count, so a stopped clock never turns red while
 *   stopped). `yellow` when running and remaining ≤ `yellowWhenRemainingAtMost`. Otherwise `normal`.
 * - `provisional` when any working-day computation touched a year the calendar has not loaded.
 */
import type { WorkingDayCalendar } from '../calendar.ts';
import { type CivilDate, compareCivilDates, parseCivilDate } from '../civil-date.ts';
import { DomainError } from '../errors.ts';

/** Kinds of clock-ledger entry. */
export const CLOCK_ENTRY_KINDS = ['start', 'stop', 'resume', 'extend'] as const;
export type ClockEntryKind = (typeof CLOCK_ENTRY_KINDS)[number];

/** One entry of the append-only clock ledger. */
export interface ClockEntry {
  kind: ClockEntryKind;
  /** Civil date `'YYYY-MM-DD'` on which it took effect. */
  date: string;
  /** Why (e.g. 受理, 专家评审, 补正材料已收到), shown in the explanation. */
  reason: string;
  /** Legal basis, e.g. 《行政许可法》第四十五条. Required for start, stop and extend. */
  legalBasis: string;
  /**
   * start: the limit; extend: the days added (> 0); stop: the announced length of the special procedure
   * (informational) or null; resume: null.
   */
  workingDays: number | null;
}

/** One explained line of the ledger: the entry and the clock right after it. */
export interface ClockLine {
  date: string;
  kind: ClockEntryKind;
  reason: string;
  legalBasis: string;
  workingDays: number | null;
  /** Working days used up to the entry's date, after it applied. */
  usedWorkingDaysAfter: number;
  /** The limit after the entry (extensions included). */
  limitWorkingDaysAfter: number;
  /** The deadline after the entry, or null while stopped and not yet overdue (it depends on the resume date). */
  deadlineAfter: string | null;
  text: string;
  textEn: string;
}

/** Warning level of a clock. */
export type ClockLevel = 'normal' | 'yellow' | 'red';

/** The clock computed from a ledger on a given day. */
export interface ClockState {
  running: boolean;
  started: boolean;
  /** The limit including extensions. */
  limitWorkingDays: number;
  /** Sum of the extensions. */
  extendedWorkingDays: number;
  usedWorkingDays: number;
  /** max(0, limit − used). */
  remainingWorkingDays: number;
  /** See the file header; null only when not started. */
  deadline: string | null;
  provisional: boolean;
  level: ClockLevel;
  overdueWorkingDays: number;
  lines: ClockLine[];
}

/** Display options of {@link computeClock}. */
export interface ClockOptions {
  /** A running clock turns yellow when at most this many working days remain (e.g. 2). */
  yellowWhenRemainingAtMost: number;
}

/** A stretch of running time: from `start` (not counted) to `end` (counted), `end` null while still running. */
interface Run {
  start: CivilDate;
  end: CivilDate | null;
}

/** The clock's shape right after one entry (no day counted yet). */
interface Snapshot {
  running: boolean;
  limit: number;
  extended: number;
  runs: readonly Run[];
}

const KIND_NAMES: Readonly<Record<ClockEntryKind, string>> = Object.freeze({
  start: '开始计时',
  stop: '暂停计时',
  resume: '恢复计时',
  extend: '延长时限',
});

function entryError(index: number, detail: string, detailEn: string): DomainError {
  return new DomainError(
    'CLOCK_ENTRY_INVALID',
    `计时记录第 ${index + 1} 条无效：${detail}`,
    `Clock entry ${index + 1} is invalid: ${detailEn}`,
  );
}

/** Checks one entry's own fields (kind, date, reason, basis, days). */
function checkEntryShape(e: ClockEntry, index: number): void {
  if (!(CLOCK_ENTRY_KINDS as readonly string[]).includes(e.kind))
    throw entryError(index, `类型「${String(e.kind)}」未知`, `unknown kind "${String(e.kind)}"`);
  parseCivilDate(e.date);
  if (typeof e.reason !== 'string' || e.reason.trim() === '')
    throw entryError(index, '缺少事由', 'the reason is blank');
  // 行政许可法 art.45 / DOMAIN.md §5: every start, stop and extension is recorded with its legal basis.
  if (e.kind !== 'resume' && (typeof e.legalBasis !== 'string' || e.legalBasis.trim() === ''))
    throw entryError(index, `${KIND_NAMES[e.kind]}须注明法律依据`, `${e.kind} needs its legal basis`);
  const n = e.workingDays;
  const isCount = (x: number | null, min: number) => typeof x === 'number' && Number.isInteger(x) && x >= min;
  if (e.kind === 'start' && !isCount(n, 0))
    throw entryError(index, '开始计时须给出时限（非负整数工作日）', 'start needs the limit (a non-negative integer)');
  if (e.kind === 'extend' && !isCount(n, 1))
    throw entryError(index, '延长的工作日数须为正整数', 'extend needs a positive integer number of working days');
  if (e.kind === 'stop' && n !== null && !isCount(n, 0))
    throw entryError(
      index,
      '暂停的预计工作日数须为非负整数或为空',
      'stop: expected length must be a non-negative integer or null',
    );
  if (e.kind === 'resume' && n !== null)
    throw entryError(index, '恢复计时不带工作日数', 'resume carries no working days');
}

/**
 * Replays the ledger, enforcing its order and state rules (not the extension maximum), and returns the clock's shape
 * after each entry.
 */
function replayLedger(entries: readonly ClockEntry[]): Snapshot[] {
  const snapshots: Snapshot[] = [];
  let state: Snapshot | null = null;
  entries.forEach((e, i) => {
    checkEntryShape(e, i);
    const previous = entries[i - 1];
    if (previous && compareCivilDates(e.date, previous.date) < 0)
      throw new DomainError(
        'CLOCK_ENTRY_OUT_OF_ORDER',
        `计时记录只能按日期顺序追加：${e.date} 早于上一条记录的 ${previous.date}`,
        `Clock entries are appended in date order: ${e.date} is before the previous entry's ${previous.date}`,
      );
    if (e.kind === 'start') {
      if (state)
        throw new DomainError(
          'CLOCK_ALREADY_STARTED',
          '办理时限已开始计时，不能再次开始',
          'The clock has already started',
        );
      state = { running: true, limit: e.workingDays!, extended: 0, runs: [{ start: e.date, end: null }] };
    } else {
      if (!state)
        throw new DomainError(
          'CLOCK_NOT_STARTED',
          `尚未开始计时，不能${KIND_NAMES[e.kind]}`,
          `The clock has not started: cannot ${e.kind}`,
        );
      const s: Snapshot = state;
      switch (e.kind) {
        case 'stop':
          // 行政许可法 art.45: the special procedure's time is not counted from the day after the stop.
          if (!s.running)
            throw new DomainError(
              'CLOCK_NOT_RUNNING',
              '计时已暂停，不能再次暂停',
              'The clock is not running: cannot stop',
            );
          state = {
            ...s,
            running: false,
            runs: [...s.runs.slice(0, -1), { start: s.runs.at(-1)!.start, end: e.date }],
          };
          break;
        case 'resume':
          if (s.running)
            throw new DomainError(
              'CLOCK_NOT_STOPPED',
              '计时未暂停，无需恢复',
              'The clock is not stopped: cannot resume',
            );
          // 民法典 art.201: the resume day starts a new period and is not counted.
          state = { ...s, running: true, runs: [...s.runs, { start: e.date, end: null }] };
          break;
        case 'extend':
          // 行政许可法 art.42 / 条例673 art.10: extension approved by the head of the authority.
          state = { ...s, limit: s.limit + e.workingDays!, extended: s.extended + e.workingDays! };
          break;
      }
    }
    snapshots.push(state!);
  });
  return snapshots;
}

/** A snapshot evaluated on a day: working days used and the deadline. */
interface Evaluation {
  used: number;
  /** Null while stopped and the limit not reached (no fixed deadline). */
  deadline: CivilDate | null;
}

/**
 * Evaluates a snapshot on `at` (the open run counted up to `at`). The deadline is the day on which the used working
 * days reach the limit, found in the run where that happens.
 */
function evaluate(
  s: Snapshot,
  at: CivilDate,
  count: (from: CivilDate, to: CivilDate) => number,
  add: (from: CivilDate, n: number) => CivilDate,
): Evaluation {
  let usedBefore = 0;
  let deadline: CivilDate | null = null;
  for (const run of s.runs) {
    const isOpen = run.end === null;
    const days = count(run.start, run.end ?? at);
    const rest = s.limit - usedBefore;
    // Reaching the limit exactly at a stop means the stop day was the last day counted; the 0 days left belong to the
    // next run (decided on its resume day). So a closed run holds the deadline only when it went past the limit.
    if (deadline === null && rest >= 0 && (isOpen || rest < days)) deadline = add(run.start, rest);
    usedBefore += days;
  }
  return { used: usedBefore, deadline };
}

/**
 * Computes the clock on `today` from its ledger, with a line-by-line explanation in Chinese and English. See the file
 * header for the rules.
 * @throws DomainError `CLOCK_ENTRY_INVALID`, `CLOCK_ENTRY_OUT_OF_ORDER`, `CLOCK_NOT_STARTED`, `CLOCK_ALREADY_STARTED`,
 *   `CLOCK_NOT_RUNNING`, `CLOCK_NOT_STOPPED` for a malformed ledger; `INVALID_DATE`; `CALENDAR_YEAR_NOT_LOADED` from a
 *   strict calendar
 */
export function computeClock(
  entries: readonly ClockEntry[],
  calendar: WorkingDayCalendar,
  today: string,
  options: ClockOptions,
): ClockState {
  parseCivilDate(today);
  const snapshots = replayLedger(entries);
  let provisional = false;
  // A period that ends before it starts (an entry dated after `today`) has used nothing yet.
  const count = (from: CivilDate, to: CivilDate): number => {
    if (compareCivilDates(to, from) <= 0) return 0;
    const c = calendar.countWorkingDaysBetween(from, to);
    provisional ||= c.provisional;
    return c.count;
  };
  const add = (from: CivilDate, n: number): CivilDate => {
    const r = calendar.addWorkingDays(from, n);
    provisional ||= r.provisional;
    return r.date;
  };

  const final = snapshots.at(-1);
  if (!final) {
    return {
      running: false,
      started: false,
      limitWorkingDays: 0,
      extendedWorkingDays: 0,
      usedWorkingDays: 0,
      remainingWorkingDays: 0,
      deadline: null,
      provisional,
      level: 'normal',
      overdueWorkingDays: 0,
      lines: [],
    };
  }

  const lines: ClockLine[] = entries.map((e, i) => {
    const s = snapshots[i]!;
    const { used, deadline } = evaluate(s, e.date, count, add);
    const line = {
      date: e.date,
      kind: e.kind,
      reason: e.reason,
      legalBasis: e.legalBasis,
      workingDays: e.workingDays,
      usedWorkingDaysAfter: used,
      limitWorkingDaysAfter: s.limit,
      deadlineAfter: deadline,
    };
    return { ...line, ...explain(line, s.running) };
  });

  const { used, deadline: fixed } = evaluate(final, today, count, add);
  const remaining = Math.max(0, final.limit - used);
  // Stopped and not overdue: project the deadline as if the clock resumed today.
  const deadline = fixed ?? add(today, remaining);
  const overdue = Math.max(0, used - final.limit);
  const red = overdue > 0 || (final.running && compareCivilDates(today, deadline) > 0);
  const level: ClockLevel = red
    ? 'red'
    : final.running && remaining <= options.yellowWhenRemainingAtMost
      ? 'yellow'
      : 'normal';
  return {
    running: final.running,
    started: true,
    limitWorkingDays: final.limit,
    extendedWorkingDays: final.extended,
    usedWorkingDays: used,
    remainingWorkingDays: remaining,
    deadline,
    provisional,
    level,
    overdueWorkingDays: overdue,
    lines,
  };
}

function explain(line: Omit<ClockLine, 'text' | 'textEn'>, running: boolean): { text: string; textEn: string } {
  const { date, reason, legalBasis, workingDays: n, usedWorkingDaysAfter: used, limitWorkingDaysAfter: limit } = line;
  const remaining = Math.max(0, limit - used);
  const due = line.deadlineAfter;
  const dueZh = due === null ? '期限待恢复计时后确定' : `期限至 ${due}`;
  const dueEn = due === null ? 'deadline set on resumption' : `due ${due}`;
  const basisZh = legalBasis.trim() === '' ? '' : `（依据：${legalBasis}）`;
  const basisEn = legalBasis.trim() === '' ? '' : ` (basis: ${legalBasis})`;
  switch (line.kind) {
    case 'start':
      return {
        text: `${date} ${reason}，法定/承诺时限 ${n} 个工作日，期限至 ${due}${basisZh}`,
        textEn: `${date} ${reason}: time limit ${n} working days, due ${due}${basisEn}`,
      };
    case 'stop': {
      const expected = n === null ? '' : `，预计 ${n} 个工作日`;
      const expectedEn = n === null ? '' : `, expected ${n} working days`;
      return {
        text: `${date} ${reason}，暂停计时${expected}${basisZh}；已用 ${used} 个工作日，剩余 ${remaining} 个工作日，${dueZh}`,
        textEn: `${date} ${reason}: clock stopped${expectedEn}${basisEn}; ${used} working days used, ${remaining} left, ${dueEn}`,
      };
    }
    case 'resume':
      return {
        text: `${date} ${reason}，恢复计时（当日不计入）${basisZh}；剩余 ${remaining} 个工作日，${dueZh}`,
        textEn: `${date} ${reason}: clock resumed (the day itself not counted)${basisEn}; ${remaining} working days left, ${dueEn}`,
      };
    case 'extend':
      return {
        text: `${date} ${reason}，延长 ${n} 个工作日${basisZh}，时限共 ${limit} 个工作日，${running ? dueZh : `计时暂停中，${dueZh}`}`,
        textEn: `${date} ${reason}: extended by ${n} working days${basisEn}, limit now ${limit} working days, ${running ? dueEn : `clock stopped, ${dueEn}`}`,
      };
  }
}

/**
 * Checks that `next` may be appended to the ledger `entries`: well-formed, dated on or after the last entry, allowed in
 * the clock's state, and — for `extend` — within the matter's maximum extension (行政许可法 art.42: +10 WD by default;
 * 核准 +40 WD, 条例673 art.10).
 * @throws DomainError `CLOCK_ENTRY_INVALID`, `CLOCK_ENTRY_OUT_OF_ORDER`, `CLOCK_NOT_STARTED`, `CLOCK_ALREADY_STARTED`,
 *   `CLOCK_NOT_RUNNING`, `CLOCK_NOT_STOPPED`, `CLOCK_EXTENSION_EXCEEDED`; `INVALID_DATE`
 */
export function validateClockAppend(
  entries: readonly ClockEntry[],
  next: ClockEntry,
  rules: { maxExtensionWorkingDays: number },
): void {
  const extended = replayLedger([...entries, next]).at(-1)!.extended;
  if (next.kind === 'extend' && extended > rules.maxExtensionWorkingDays) {
    const before = extended - next.workingDays!;
    throw new DomainError(
      'CLOCK_EXTENSION_EXCEEDED',
      `延长 ${next.workingDays} 个工作日后共延长 ${extended} 个工作日，超过本事项最多可延长的 ${rules.maxExtensionWorkingDays} 个工作日（已延长 ${before} 个工作日）`,
      `Extending by ${next.workingDays} would make ${extended} working days of extension, above the maximum of ${rules.maxExtensionWorkingDays} (already extended ${before})`,
    );
  }
}

/**
 * The last day on which the window may send the one-time 补正 notice: `workingDays` working days after the application
 * was received (行政许可法 art.32: on the spot or within 5 days; some places 2 — configurable). If no notice went out by
 * then, the application counts as accepted from receipt; see {@link deemedAcceptanceDate} for when that is applied.
 * @throws DomainError `INVALID_WORKING_DAYS`, `INVALID_DATE`, `CALENDAR_YEAR_NOT_LOADED` from a strict calendar
 */
export function correctionDeadline(submittedOn: string, calendar: WorkingDayCalendar, workingDays: number): string {
  return calendar.addWorkingDays(submittedOn, workingDays).date;
}

/**
 * The working day after the {@link correctionDeadline}: the day the auto-acceptance job marks an application without a
 * correction notice as accepted (from its receipt date, 行政许可法 art.32).
 */
export function deemedAcceptanceDate(submittedOn: string, calendar: WorkingDayCalendar, workingDays: number): string {
  return calendar.addWorkingDays(submittedOn, workingDays + 1).date;
}
