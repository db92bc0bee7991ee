/**
 * The working-day calendar (工作日), DOMAIN.md §5.
 *
 * - Administrative time limits count working days, excluding statutory holidays (行政许可法 art.82).
 * - Weekends are off except make-up working days (调休); holidays can fall on weekdays.
 * - The calendar is data loaded per year (the State Council notice published each November). Computing past the loaded
 *   years is flagged `provisional` (weekday rule only) or, with `strict`, refused.
 * - The starting day of a period is not counted (民法典 art.201); a period ending on a holiday ends on the next working day
 *   (民法典 art.203).
 *
 * Dates are Asia/Shanghai civil dates `'YYYY-MM-DD'`; arithmetic is integer-only (see civil-date.ts).
 */
import chineseDaysJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  type CivilDate,
  civilToDayNumber,
  dayNumberToCivil,
  formatCivilDate,
  parseCivilDate,
  tryParseCivilDate,
} from './civil-date.ts';
import { DomainError } from './errors.ts';

/** Shape of `chinese-days/dist/chinese-days.json` that is used here. */
const chineseDays: { holidays: Record<string, string>; workdays: Record<string, string> } = chineseDaysJson;

/** One year of the calendar. */
export interface CalendarYearData {
  /** Off days `'YYYY-MM-DD'`: statutory holidays and the weekdays given off by 调休 (weekend dates may be listed too). */
  holidays: string[];
  /** Weekend days `'YYYY-MM-DD'` that are working days (调休上班). */
  makeUpWorkdays: string[];
  /**
   * False when the year holds only scattered admin overrides, not a whole State Council notice: its days still follow
   * the overrides, but the year does not count as loaded, so periods reaching it stay `provisional` (DOMAIN.md §5).
   * Absent means a complete year.
   */
  incomplete?: boolean;
}

/** Calendar data: the years present are the loaded years. */
export interface CalendarData {
  years: { [year: number]: CalendarYearData };
}

/** One admin-maintained override: make `date` a holiday, or a working day. */
export interface CalendarOverride {
  date: string;
  kind: 'holiday' | 'workday';
}

/** Options for calendar queries. */
export interface CalendarQueryOptions {
  /** Refuse (throw `CALENDAR_YEAR_NOT_LOADED`) instead of flagging `provisional` when a day outside the loaded years is examined. */
  strict?: boolean;
}

/** Result of {@link WorkingDayCalendar.addWorkingDays}. */
export interface WorkingDayResult {
  date: CivilDate;
  /** True when a day examined lies in a year not loaded: the result follows the weekday rule only and may change. */
  provisional: boolean;
}

/** Result of {@link WorkingDayCalendar.countWorkingDaysBetween}. */
export interface WorkingDayCount {
  /** Working days in (from, to]; negative (−count of (to, from]) when `to` is before `from`. */
  count: number;
  provisional: boolean;
}

/** How a day is classified. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

/** Result of {@link WorkingDayCalendar.describeDay}. */
export interface DayInfo {
  date: CivilDate;
  working: boolean;
  kind: DayKind;
  /** True when the year is not loaded (weekday rule only). */
  provisional: boolean;
}

/** Upper bound on `n` in addWorkingDays (≈ 400 years of working days) to guard against runaway loops. */
const MAX_WORKING_DAYS = 100_000;

function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 (day 0) was a Thursday
}

function isWeekend(dayNumber: number): boolean {
  const w = weekdayOf(dayNumber);
  return w === 0 || w === 6;
}

function invalidData(detail: string, detailEn: string): DomainError {
  return new DomainError('CALENDAR_DATA_INVALID', `工作日历数据无效：${detail}`, `Invalid calendar data: ${detailEn}`);
}

/**
 * A working-day calendar built from per-year data. Immutable; build a new one (e.g. after
 * {@link mergeCalendarOverrides}) when the data change.
 */
export class WorkingDayCalendar {
  /** The years with complete data (a whole notice), ascending. */
  readonly loadedYears: readonly number[];
  private readonly loaded: ReadonlySet<number>;
  private readonly holidays = new Set<number>();
  private readonly makeUpWorkdays = new Set<number>();
  private readonly strictByDefault: boolean;

  /**
   * @param data per-year holidays and make-up workdays
   * @param options `strict`: default for every query (refuse instead of flagging provisional)
   * @throws DomainError `CALENDAR_DATA_INVALID` on a malformed date, a date filed under the wrong year, or a date that is
   *   both a holiday and a make-up workday
   */
  constructor(data: CalendarData, options: CalendarQueryOptions = {}) {
    this.strictByDefault = options.strict ?? false;
    const years: number[] = [];
    for (const [key, yearData] of Object.entries(data.years)) {
      const year = Number(key);
      if (!Number.isInteger(year) || year < 1 || year > 9999) throw invalidData(`年份「${key}」`, `year "${key}"`);
      if (!yearData.incomplete) years.push(year);
      const add = (list: readonly string[], into: Set<number>) => {
        for (const date of list) {
          const parts = tryParseCivilDate(date);
          if (!parts) throw invalidData(`日期「${date}」格式无效`, `malformed date "${date}"`);
          if (parts.year !== year)
            throw invalidData(`日期 ${date} 不属于 ${year} 年`, `date ${date} listed under ${year}`);
          into.add(civilToDayNumber(parts));
        }
      };
      add(yearData.holidays, this.holidays);
      add(yearData.makeUpWorkdays, this.makeUpWorkdays);
    }
    for (const d of this.holidays) {
      if (this.makeUpWorkdays.has(d)) {
        const date = formatCivilDate(dayNumberToCivil(d));
        throw invalidData(`${date} 同时列为假日和调休上班日`, `${date} is both a holiday and a make-up workday`);
      }
    }
    years.sort((a, b) => a - b);
    this.loadedYears = Object.freeze(years);
    this.loaded = new Set(years);
  }

  /** Whether `year` has calendar data. */
  isLoadedYear(year: number): boolean {
    return this.loaded.has(year);
  }

  /** Classifies one day, checking the loaded years (throws in strict mode when the year is not loaded). */
  private classify(dayNumber: number, strict: boolean): { working: boolean; kind: DayKind; provisional: boolean } {
    const { year } = dayNumberToCivil(dayNumber);
    const provisional = !this.loaded.has(year);
    if (provisional && strict) {
      throw new DomainError(
        'CALENDAR_YEAR_NOT_LOADED',
        `${year} 年的节假日安排尚未载入，无法计算工作日`,
        `The holiday table for ${year} is not loaded; working days cannot be computed`,
      );
    }
    // DOMAIN.md §5: weekends off except make-up workdays; holidays can fall on weekdays.
    if (this.makeUpWorkdays.has(dayNumber)) return { working: true, kind: 'makeUpWorkday', provisional };
    if (this.holidays.has(dayNumber)) return { working: false, kind: 'holiday', provisional };
    if (isWeekend(dayNumber)) return { working: false, kind: 'weekend', provisional };
    return { working: true, kind: 'workday', provisional };
  }

  private strict(options: CalendarQueryOptions | undefined): boolean {
    return options?.strict ?? this.strictByDefault;
  }

  /** Classifies `date` (holiday, weekend, make-up workday or ordinary workday). */
  describeDay(date: CivilDate, options?: CalendarQueryOptions): DayInfo {
    const info = this.classify(civilToDayNumber(parseCivilDate(date)), this.strict(options));
    return { date, ...info };
  }

  /** A weekday that is not a holiday, or a make-up workday. Outside the loaded years: the weekday rule (or refused if strict). */
  isWorkingDay(date: CivilDate, options?: CalendarQueryOptions): boolean {
    return this.describeDay(date, options).working;
  }

  /**
   * The date `n` working days after `start`. The starting day is not counted (民法典 art.201), so for n ≥ 1 the result is
   * the n-th working day after `start`. For n = 0 the result is `start` if it is a working day, else the next working day
   * (a period ending on a holiday ends on the next working day, 民法典 art.203).
   * @throws DomainError `INVALID_WORKING_DAYS` if n is not an integer in 0 … 100000; `INVALID_DATE`;
   *   `CALENDAR_YEAR_NOT_LOADED` in strict mode
   */
  addWorkingDays(start: CivilDate, n: number, options?: CalendarQueryOptions): WorkingDayResult {
    if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw new DomainError(
        'INVALID_WORKING_DAYS',
        `工作日数无效：${n}，应为 0 至 ${MAX_WORKING_DAYS} 的整数`,
        `Invalid number of working days ${n}: expected an integer 0-${MAX_WORKING_DAYS}`,
      );
    }
    const strict = this.strict(options);
    let d = civilToDayNumber(parseCivilDate(start));
    let provisional = false;
    const examine = (day: number): boolean => {
      const c = this.classify(day, strict);
      provisional ||= c.provisional;
      return c.working;
    };
    if (n === 0) {
      while (!examine(d)) d++;
    } else {
      let remaining = n;
      while (remaining > 0) {
        d++;
        if (examine(d)) remaining--;
      }
    }
    return { date: formatCivilDate(dayNumberToCivil(d)), provisional };
  }

  /**
   * Working days in the interval (from, to] — `from` excluded (民法典 art.201), `to` included. So
   * `countWorkingDaysBetween(start, addWorkingDays(start, n).date).count === n` for n ≥ 1, and with `from` = today and
   * `to` = the deadline it gives the working days left (negative when overdue).
   */
  countWorkingDaysBetween(from: CivilDate, to: CivilDate, options?: CalendarQueryOptions): WorkingDayCount {
    const strict = this.strict(options);
    const a = civilToDayNumber(parseCivilDate(from));
    const b = civilToDayNumber(parseCivilDate(to));
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    let provisional = false;
    for (let d = lo + 1; d <= hi; d++) {
      const c = this.classify(d, strict);
      provisional ||= c.provisional;
      if (c.working) count++;
    }
    return { count: sign * count, provisional };
  }
}

/**
 * The authoritative holiday tables, copied verbatim from DOMAIN.md §5 (State Council notices). They override the
 * `chinese-days` package for these years. Ranges are inclusive `[first, last]`.
 */
export const STATE_COUNCIL_HOLIDAY_NOTICES: Readonly<
  Record<number, { source: string; off: ReadonlyArray<readonly [string, string]>; makeUpWorkdays: readonly string[] }>
> = Object.freeze({
  // 2025 (国办发明电〔2024〕12号): off 01-01; 01-28–02-04; 04-04–06; 05-01–05; 05-31–06-02; 10-01–08.
  // Make-up workdays: 01-26, 02-08, 04-27, 09-28, 10-11.
  2025: {
    source: '国办发明电〔2024〕12号',
    off: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  // 2026 (notice of 2025-11-04): off 01-01–03; 02-15–23; 04-04–06; 05-01–05; 06-19–21; 09-25–27; 10-01–07.
  // Make-up workdays: 01-04, 02-14, 02-28, 05-09, 09-20, 10-10.
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）',
    off: [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
});

function expandRange(first: string, last: string): string[] {
  const out: string[] = [];
  const end = civilToDayNumber(parseCivilDate(last));
  for (let d = civilToDayNumber(parseCivilDate(first)); d <= end; d++) out.push(formatCivilDate(dayNumberToCivil(d)));
  return out;
}

let packageDataCache: CalendarData | undefined;

/**
 * The `chinese-days` package's own data file (1.5.7: 2004–2026): `holidays` = official days off (weekend ones included),
 * `workdays` = make-up working days. The file is read rather than the package's functions because those build their
 * table through host-time-zone `Date`s: under a UTC−x time zone (e.g. America/Los_Angeles) every entry lands a day early
 * (2024 came out with 247 working days instead of 251). The JSON is plain data, independent of the time zone.
 */
function chineseDaysData(): CalendarData {
  if (packageDataCache) return packageDataCache;
  const years: CalendarData['years'] = {};
  const put = (table: Record<string, string>, list: 'holidays' | 'makeUpWorkdays') => {
    for (const date of Object.keys(table)) {
      const parts = tryParseCivilDate(date);
      if (!parts) {
        throw new DomainError(
          'CALENDAR_SOURCE_INVALID',
          `节假日数据源含无效日期「${date}」`,
          `chinese-days data contains an invalid date "${date}"`,
        );
      }
      (years[parts.year] ??= { holidays: [], makeUpWorkdays: [] })[list].push(date);
    }
  };
  put(chineseDays.holidays, 'holidays');
  put(chineseDays.workdays, 'makeUpWorkdays');
  for (const y of Object.values(years)) {
    y.holidays.sort();
    y.makeUpWorkdays.sort();
  }
  packageDataCache = { years };
  return packageDataCache;
}

function cloneData(data: CalendarData): CalendarData {
  const years: CalendarData['years'] = {};
  for (const [key, y] of Object.entries(data.years)) {
    years[Number(key)] = {
      holidays: [...y.holidays],
      makeUpWorkdays: [...y.makeUpWorkdays],
      ...(y.incomplete ? { incomplete: true } : {}),
    };
  }
  return { years };
}

/**
 * The default calendar data: the `chinese-days` package (2004–2026), with 2025 and 2026 replaced by the authoritative
 * tables from DOMAIN.md ({@link STATE_COUNCIL_HOLIDAY_NOTICES}). Returns a fresh copy on every call. Later years must be
 * added by an administrator ({@link mergeCalendarOverrides}) when the State Council publishes them each November.
 */
export function defaultCalendarData(): CalendarData {
  const data = cloneData(chineseDaysData());
  for (const [key, notice] of Object.entries(STATE_COUNCIL_HOLIDAY_NOTICES)) {
    data.years[Number(key)] = {
      holidays: notice.off.flatMap(([first, last]) => expandRange(first, last)),
      makeUpWorkdays: [...notice.makeUpWorkdays],
    };
  }
  return data;
}

/**
 * Applies admin-edited overrides on top of `base` (not mutated) and returns new data. A `holiday` override makes the date
 * an off day; a `workday` override makes it a working day (listed as a make-up workday only if it is a weekend).
 * Later overrides win. An override in a year absent from `base` adds that year as `incomplete`: its overrides apply, but
 * the year does not count as loaded — a handful of entered dates must not make a whole unpublished year look certain.
 * @throws DomainError `INVALID_DATE` on a malformed date
 */
export function mergeCalendarOverrides(base: CalendarData, overrides: readonly CalendarOverride[]): CalendarData {
  const data = cloneData(base);
  for (const { date, kind } of overrides) {
    const parts = parseCivilDate(date);
    const year = (data.years[parts.year] ??= { holidays: [], makeUpWorkdays: [], incomplete: true });
    year.holidays = year.holidays.filter((d) => d !== date);
    year.makeUpWorkdays = year.makeUpWorkdays.filter((d) => d !== date);
    if (kind === 'holiday') year.holidays.push(date);
    else if (isWeekend(civilToDayNumber(parts))) year.makeUpWorkdays.push(date);
  }
  for (const y of Object.values(data.years)) {
    y.holidays.sort();
    y.makeUpWorkdays.sort();
  }
  return data;
}

/** A {@link WorkingDayCalendar} over {@link defaultCalendarData}. */
export function createDefaultCalendar(options?: CalendarQueryOptions): WorkingDayCalendar {
  return new WorkingDayCalendar(defaultCalendarData(), options);
}
