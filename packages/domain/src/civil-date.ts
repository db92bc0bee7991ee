/**
 * Civil (calendar) dates as plain `'YYYY-MM-DD'` strings, meaning the date on the wall in Asia/Shanghai.
 *
 * All arithmetic is done on integers (a day number counted from 1970-01-01), so nothing here depends on the host's
 * time zone and no `Date` object is ever created. The conversions are Howard Hinnant's `days_from_civil` /
 * `civil_from_days` algorithms for the proleptic Gregorian calendar.
 */
import { DomainError } from './errors.ts';

/** A civil date `'YYYY-MM-DD'` (Asia/Shanghai wall date). */
export type CivilDate = string;

/** A civil date split into its fields; `month` is 1–12, `day` 1–31. */
export interface CivilDateParts {
  year: number;
  month: number;
  day: number;
}

const CIVIL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai has been UTC+8 all year since 1992 (no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a strict `'YYYY-MM-DD'` string, or returns `undefined` if it is malformed or not a real date. */
export function tryParseCivilDate(date: string): CivilDateParts | undefined {
  const m = CIVIL_DATE_RE.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Whether `date` is a strict, existing `'YYYY-MM-DD'` date. */
export function isCivilDate(date: string): boolean {
  return tryParseCivilDate(date) !== undefined;
}

/**
 * Parses a strict `'YYYY-MM-DD'` string.
 * @throws DomainError `INVALID_DATE` if malformed or not a real date (e.g. `2025-02-29`).
 */
export function parseCivilDate(date: string): CivilDateParts {
  const parts = tryParseCivilDate(date);
  if (!parts) {
    throw new DomainError(
      'INVALID_DATE',
      `日期格式无效：「${date}」，应为 YYYY-MM-DD`,
      `Invalid date "${date}", expected YYYY-MM-DD`,
    );
  }
  return parts;
}

/** Formats date parts as `'YYYY-MM-DD'`. */
export function formatCivilDate(parts: CivilDateParts): CivilDate {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/** Days since 1970-01-01 (negative before). Hinnant's `days_from_civil`. */
export function civilToDayNumber(parts: CivilDateParts): number {
  const y = parts.month <= 2 ? parts.year - 1 : parts.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (parts.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + parts.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link civilToDayNumber}. Hinnant's `civil_from_days`. */
export function dayNumberToCivil(dayNumber: number): CivilDateParts {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** `date` plus `days` calendar days (may be negative). */
export function addCalendarDays(date: CivilDate, days: number): CivilDate {
  return formatCivilDate(dayNumberToCivil(civilToDayNumber(parseCivilDate(date)) + days));
}

/** Day of week of `date`: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(date: CivilDate): number {
  const n = civilToDayNumber(parseCivilDate(date));
  return (((n + 4) % 7) + 7) % 7;
}

/** Negative, zero or positive as `a` is before, equal to or after `b` (both strict `'YYYY-MM-DD'`). */
export function compareCivilDates(a: CivilDate, b: CivilDate): number {
  return civilToDayNumber(parseCivilDate(a)) - civilToDayNumber(parseCivilDate(b));
}

/**
 * The Asia/Shanghai civil date of an instant given as epoch milliseconds. Pass the value of an injected clock; the
 * domain never reads the clock itself.
 */
export function shanghaiCivilDate(epochMs: number): CivilDate {
  if (!Number.isFinite(epochMs)) {
    throw new DomainError('INVALID_INSTANT', '时间戳无效', `Invalid epoch milliseconds: ${epochMs}`);
  }
  return formatCivilDate(dayNumberToCivil(Math.floor((epochMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY)));
}
