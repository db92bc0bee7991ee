/**
 * Credit and the privileges it brings (DOMAIN.md §6). National credit schemes differ and their grades are not unified
 * ([U]): a grade is data — scheme, grade, source, validity — and which grades open the green channel or count as bad
 * credit is deployment configuration ({@link CreditPolicy}), not code.
 *
 * - Good credit → green channel: priority handling, 容缺受理, 告知承诺, 帮代办.
 * - Bad credit → no green channel and no commitment route: applicants with serious bad credit are excluded from 告知承诺
 *   (国办发〔2020〕42号).
 * - Optionally (`routesRequireGreenChannel`) a deployment reserves 容缺 and 告知承诺 for the green channel.
 * - An expired grade (validUntil before today) is ignored.
 */
import { compareCivilDates, parseCivilDate } from '../civil-date.ts';

/** One credit grade of an applicant, as received from a credit source. */
export interface CreditGrade {
  /** The rating scheme, e.g. `public-credit` (公共信用综合评价), `tax` (纳税信用). */
  scheme: string;
  /** The grade in that scheme, e.g. `A`, `D`. */
  grade: string;
  /** Where it came from (platform, document), for the audit trail. */
  source: string;
  /** Last day of validity (inclusive), or null when open-ended. */
  validUntil: string | null;
}

/** Which grades mean what, per scheme: configuration, since schemes differ. */
export interface CreditPolicy {
  /** scheme → grades that open the green channel. */
  greenChannelGrades: Readonly<Record<string, readonly string[]>>;
  /** scheme → grades that count as (serious) bad credit. */
  badGrades: Readonly<Record<string, readonly string[]>>;
  /** When true, 容缺受理 and 告知承诺 are available only through the green channel. */
  routesRequireGreenChannel: boolean;
}

/** A starting policy: A opens the green channel, D is bad credit, in the public-credit and tax schemes. */
export const DEFAULT_CREDIT_POLICY: CreditPolicy = Object.freeze({
  greenChannelGrades: Object.freeze({ 'public-credit': Object.freeze(['A']), tax: Object.freeze(['A']) }),
  badGrades: Object.freeze({ 'public-credit': Object.freeze(['D']), tax: Object.freeze(['D']) }),
  routesRequireGreenChannel: false,
});

/** What an applicant's credit allows, and why. */
export interface CreditPrivileges {
  greenChannel: boolean;
  /** Priority handling (part of the green channel). */
  priority: boolean;
  /** 容缺受理 may be offered. */
  toleranceAllowed: boolean;
  /** 告知承诺 may be offered. */
  commitmentAllowed: boolean;
  badCredit: boolean;
  /** One line per grade considered and per conclusion, Chinese. */
  reasons: string[];
  reasonsEn: string[];
}

/**
 * The privileges `grades` give on `today` under `policy`. Bad credit in any scheme outweighs good credit in another:
 * no green channel and no 告知承诺 (国办发〔2020〕42号).
 * @throws DomainError `INVALID_DATE` on a malformed `today` or `validUntil`
 */
export function creditPrivileges(
  grades: readonly CreditGrade[],
  today: string,
  policy: CreditPolicy,
): CreditPrivileges {
  parseCivilDate(today);
  const reasons: string[] = [];
  const reasonsEn: string[] = [];
  let good = false;
  let bad = false;
  for (const g of grades) {
    const label = `${g.scheme} ${g.grade}（${g.source}）`;
    const labelEn = `${g.scheme} ${g.grade} (${g.source})`;
    if (g.validUntil !== null && compareCivilDates(g.validUntil, today) < 0) {
      reasons.push(`${label}已于 ${g.validUntil} 过期，不予采用`);
      reasonsEn.push(`${labelEn} expired on ${g.validUntil}; ignored`);
      continue;
    }
    if (policy.badGrades[g.scheme]?.includes(g.grade)) {
      bad = true;
      reasons.push(`${label}属于失信等级`);
      reasonsEn.push(`${labelEn} is a bad-credit grade`);
    } else if (policy.greenChannelGrades[g.scheme]?.includes(g.grade)) {
      good = true;
      reasons.push(`${label}属于守信等级，可走绿色通道`);
      reasonsEn.push(`${labelEn} is a good-credit grade: green channel`);
    }
  }
  const greenChannel = good && !bad;
  // With the routes reserved for the green channel, only it opens them; otherwise everyone may use them.
  const routesOpen = !policy.routesRequireGreenChannel || greenChannel;
  const toleranceAllowed = routesOpen;
  // 国办发〔2020〕42号: applicants with serious bad credit are excluded from 告知承诺.
  const commitmentAllowed = routesOpen && !bad;
  if (bad) {
    reasons.push('存在失信记录：不适用绿色通道和告知承诺（国办发〔2020〕42号）');
    reasonsEn.push('bad credit: no green channel and no commitment route (国办发〔2020〕42号)');
  }
  if (!routesOpen) {
    reasons.push('本地规定容缺受理和告知承诺仅适用于绿色通道');
    reasonsEn.push('locally, 容缺 and 告知承诺 are reserved for the green channel');
  }
  return {
    greenChannel,
    priority: greenChannel,
    toleranceAllowed,
    commitmentAllowed,
    badCredit: bad,
    reasons,
    reasonsEn,
  };
}
