/**
 * Electronic licences (电子证照) issued by decided matters: the canonical data that is signed/hashed, the status on a
 * day, validity arithmetic in months, and the extension rule (核准: valid 2 years to start construction; an extension is
 * requested ≥ 30 working days before expiry, once, for ≤ 1 year — 条例673 art.12, DOMAIN.md §3).
 */
import type { WorkingDayCalendar } from '../calendar.ts';
import {
  addCalendarDays,
  compareCivilDates,
  daysInMonth,
  formatCivilDate,
  parseCivilDate,
  type CivilDate,
} from '../civil-date.ts';
import { DomainError } from '../errors.ts';

/** The content of an issued licence: exactly what {@link canonicalLicenceData} covers. */
export interface LicenceRecord {
  number: string;
  licenceType: string;
  licenceTypeName: string;
  holderName: string;
  holderCreditCode: string;
  projectCode: string;
  projectName: string;
  matterCode: string;
  matterName: string;
  issuingDepartment: string;
  content: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
}

/** The fields of a {@link LicenceRecord}, sorted: the canonical form's key order. */
export const LICENCE_RECORD_FIELDS = Object.freeze(
  (
    [
      'number',
      'licenceType',
      'licenceTypeName',
      'holderName',
      'holderCreditCode',
      'projectCode',
      'projectName',
      'matterCode',
      'matterName',
      'issuingDepartment',
      'content',
      'issuedOn',
      'validFrom',
      'validUntil',
    ] as const satisfies readonly (keyof LicenceRecord)[]
  )
    .slice()
    .sort(),
) as readonly (keyof LicenceRecord)[];

/**
 * Deterministic JSON of a licence record, for hashing and signing: exactly the {@link LicenceRecord} fields (anything
 * else on the object is left out), keys sorted, no whitespace. The same licence always gives the same bytes, so a
 * verifier recomputes the hash from the stored fields.
 * @throws DomainError `LICENCE_RECORD_INVALID` if a field is missing or of the wrong type (only `validUntil` may be null)
 */
export function canonicalLicenceData(record: LicenceRecord): string {
  const parts = LICENCE_RECORD_FIELDS.map((key) => {
    const value: unknown = record[key];
    const ok = typeof value === 'string' || (key === 'validUntil' && value === null);
    if (!ok) {
      throw new DomainError(
        'LICENCE_RECORD_INVALID',
        `证照数据字段「${key}」缺失或类型不正确`,
        `Licence record field "${key}" is missing or not a string`,
      );
    }
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  });
  return `{${parts.join(',')}}`;
}

/** Status of a licence on a day. */
export type LicenceStatus = 'valid' | 'revoked' | 'expired';

/**
 * The status of a licence on `today`: `revoked` from its revocation date on (e.g. a false commitment, 国办发〔2020〕42号);
 * else `expired` after `validUntil` (the last valid day, inclusive); else `valid`.
 * @throws DomainError `INVALID_DATE`
 */
export function licenceStatus(
  l: { validUntil: string | null; revokedOn: string | null },
  today: string,
): LicenceStatus {
  if (l.revokedOn !== null && compareCivilDates(l.revokedOn, today) <= 0) return 'revoked';
  if (l.validUntil !== null && compareCivilDates(l.validUntil, today) < 0) return 'expired';
  return 'valid';
}

/**
 * `date` plus `months` calendar months (may be negative), clamped to the end of the target month: 2026-01-31 + 1 month
 * = 2026-02-28.
 * @throws DomainError `INVALID_DATE`; `INVALID_MONTHS` if `months` is not an integer
 */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) {
    throw new DomainError('INVALID_MONTHS', `月数无效：${months}，应为整数`, `Invalid number of months ${months}`);
  }
  const { year, month, day } = parseCivilDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatCivilDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** The extension rule of a licence type. */
export interface LicenceExtensionRules {
  /** How many extensions are allowed in total (0 = not extendable). */
  maxExtensions: number;
  /** Longest extension, in months. */
  maxMonths: number;
  /** The request must leave at least this many working days in (requestedOn, validUntil]. */
  minWorkingDaysBeforeExpiry: number;
}

/** 核准 (条例673 art.12, DOMAIN.md §3): once, ≤ 12 months, requested ≥ 30 working days before expiry. */
export const RATIFICATION_EXTENSION_RULES: Readonly<LicenceExtensionRules> = Object.freeze({
  maxExtensions: 1,
  maxMonths: 12,
  minWorkingDaysBeforeExpiry: 30,
});

/**
 * Checks a request to extend a licence's validity and returns the new last valid day (`validUntil` + months, clamped to
 * month end).
 * @throws DomainError `LICENCE_NOT_EXTENDABLE` (no expiry, or the type allows no extension);
 *   `LICENCE_EXTENSION_ALREADY_USED` (the allowed extensions are used up); `LICENCE_EXTENSION_TOO_LONG` (more than
 *   `maxMonths`, or not a positive whole number of months); `LICENCE_EXTENSION_TOO_LATE` (fewer than
 *   `minWorkingDaysBeforeExpiry` working days left, or already expired); `INVALID_DATE`
 */
export function checkLicenceExtension(
  input: { validUntil: string | null; extensionsUsed: number; requestedOn: string; extendByMonths: number },
  calendar: WorkingDayCalendar,
  rules: LicenceExtensionRules,
): { newValidUntil: string } {
  if (input.validUntil === null || rules.maxExtensions <= 0) {
    throw new DomainError(
      'LICENCE_NOT_EXTENDABLE',
      input.validUntil === null ? '该证照长期有效，无需延期' : '该类证照不可延期',
      input.validUntil === null ? 'The licence does not expire' : 'This licence type cannot be extended',
    );
  }
  if (input.extensionsUsed >= rules.maxExtensions) {
    // 条例673 art.12: 核准 may be extended once; after that it lapses.
    throw new DomainError(
      'LICENCE_EXTENSION_ALREADY_USED',
      `该证照最多可延期 ${rules.maxExtensions} 次，已延期 ${input.extensionsUsed} 次`,
      `The licence may be extended ${rules.maxExtensions} time(s) and has been extended ${input.extensionsUsed}`,
    );
  }
  if (!Number.isInteger(input.extendByMonths) || input.extendByMonths < 1 || input.extendByMonths > rules.maxMonths) {
    throw new DomainError(
      'LICENCE_EXTENSION_TOO_LONG',
      `延期期限须为 1 至 ${rules.maxMonths} 个月，申请的是 ${input.extendByMonths} 个月`,
      `An extension must be 1 to ${rules.maxMonths} whole months; ${input.extendByMonths} requested`,
    );
  }
  // 条例673 art.12: requested at least 30 working days before expiry; counted (requestedOn, validUntil].
  const left = calendar.countWorkingDaysBetween(input.requestedOn, input.validUntil).count;
  if (left < rules.minWorkingDaysBeforeExpiry) {
    throw new DomainError(
      'LICENCE_EXTENSION_TOO_LATE',
      `延期须在有效期届满 ${rules.minWorkingDaysBeforeExpiry} 个工作日前申请：${input.requestedOn} 距有效期届满（${input.validUntil}）仅剩 ${Math.max(0, left)} 个工作日`,
      `An extension must be requested at least ${rules.minWorkingDaysBeforeExpiry} working days before expiry: on ${input.requestedOn} only ${Math.max(0, left)} remain until ${input.validUntil}`,
    );
  }
  return { newValidUntil: addMonths(input.validUntil, input.extendByMonths) };
}

/**
 * The last working day on which an extension can still be requested: the latest working day leaving at least
 * `minWorkingDaysBeforeExpiry` working days in (day, validUntil] (条例673 art.12: 30 working days before expiry for a
 * 核准). Told to the holder of a decision nearing its end with no construction started; a working day, as the
 * authority takes the request on one.
 */
export function lastDayToRequestExtension(
  validUntil: CivilDate,
  calendar: WorkingDayCalendar,
  minWorkingDaysBeforeExpiry: number,
): CivilDate {
  let day = validUntil;
  let left = 0;
  while (left < minWorkingDaysBeforeExpiry) {
    if (calendar.isWorkingDay(day)) left += 1;
    day = addCalendarDays(day, -1);
  }
  while (!calendar.isWorkingDay(day)) day = addCalendarDays(day, -1);
  return day;
}
