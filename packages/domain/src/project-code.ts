/**
 * The national investment-project code (项目代码), DOMAIN.md §2.
 *
 * - Current format (since 2020-11-01, 发改投资〔2020〕1439号 / GB/T 40058-2021): `YYMM-RRRRRR-DD-TT-NNNNNC`,
 *   20 digits + 4 hyphens = 24 characters, `C` = ISO/IEC 7064 MOD 11,10 (GB/T 17710) check digit over the 19 digits
 *   before it.
 * - Legacy format (2015 – Oct 2020): `YYYY-RRRRRR-II-TT-NNNNNN`, no check digit.
 *
 * Both formats have the same shape (groups of 4-6-2-2-6 characters); they are told apart by characters 3–4 of the first
 * group: 01–12 → current (month of issue), 15–20 → legacy (year 2015–2020).
 *
 * Deliberately NOT validated here (configurable data, DOMAIN.md marks them [U] or says "keep a table"): the region code
 * against GB/T 2260 (functional zones such as 330354 exist), the 中央业务指导部门 code `DD`, and the current-format
 * project-type code `TT`.
 */
import { DomainError } from './errors.ts';

/** Year and month of issue of a current-format code. */
export interface ProjectCodeYearMonth {
  year: number;
  month: number;
}

/** A valid current-format code, split into its parts (all code parts are digit strings). */
export interface CurrentProjectCode {
  valid: true;
  format: 'current';
  /** The code as accepted (surrounding whitespace trimmed). */
  code: string;
  yearMonth: ProjectCodeYearMonth;
  regionCode: string;
  departmentCode: string;
  projectTypeCode: string;
  /** The 5 random digits `NNNNN`. */
  serial: string;
  checkDigit: string;
}

/** A valid legacy (2015 – Oct 2020) code, split into its parts. */
export interface LegacyProjectCode {
  valid: true;
  format: 'legacy';
  /** The code as accepted (surrounding whitespace trimmed). */
  code: string;
  year: number;
  regionCode: string;
  /** GB/T 4754 大类 (2 digits). */
  industryCode: string;
  /** 01 审批, 02 核准, 03 备案. */
  projectTypeCode: string;
  /** The 6-digit serial. */
  serial: string;
}

/** A refused code. `format` is set when the code was recognisably of one format. */
export interface InvalidProjectCode {
  valid: false;
  format?: 'current' | 'legacy';
  /** Reason in Chinese (for users). */
  reason: string;
  /** Reason in English. */
  reasonEn: string;
}

/** Result of {@link parseProjectCode}. */
export type ParsedProjectCode = CurrentProjectCode | LegacyProjectCode | InvalidProjectCode;

/** Input of {@link formatProjectCode}. */
export interface ProjectCodeParts {
  issuedAt: ProjectCodeYearMonth;
  regionCode: string;
  departmentCode: string;
  projectTypeCode: string;
  serial5: string;
}

/** The current format took effect on 2020-11-01 (发改投资〔2020〕1439号); no current-format code is older. */
export const CURRENT_FORMAT_SINCE: Readonly<ProjectCodeYearMonth> = Object.freeze({ year: 2020, month: 11 });

/** Legacy codes were issued 2015 – Oct 2020 (DOMAIN.md §2). */
const LEGACY_FIRST_YEAR = 2015;
const LEGACY_LAST_YEAR = 2020;
/** Legacy project types: 01 审批 / 02 核准 / 03 备案. */
const LEGACY_PROJECT_TYPES = ['01', '02', '03'];
/** GB/T 4754-2017 has 97 大类, numbered 01–97 without gaps (the 2011 edition: 01–96). */
const MAX_INDUSTRY_DIVISION = 97;

const SHAPE_RE = /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/;
/** Full-width digits ０-９, full-width hyphen, and look-alike dashes (‐ ‑ ‒ – — − ﹣). */
const FULL_WIDTH_RE = /[\uFF10-\uFF19\uFF0D\u2010-\u2015\u2212\uFE63]/;

/**
 * ISO/IEC 7064 MOD 11,10 (GB/T 17710) check digit over the 19 digits of a current-format code before the check digit
 * (hyphens removed). Algorithm exactly as DOMAIN.md §2:
 * `p = 10; for each digit d: s = (p + d) % 10; if s == 0: s = 10; p = (s * 2) % 11; check = (11 - p) % 10`.
 * @param digits19 exactly 19 ASCII digits
 * @returns the check digit as a one-character string
 * @throws DomainError `PROJECT_CODE_INVALID_INPUT` if `digits19` is not 19 digits
 */
export function computeProjectCodeCheckDigit(digits19: string): string {
  if (!/^\d{19}$/.test(digits19)) {
    throw new DomainError(
      'PROJECT_CODE_INVALID_INPUT',
      '计算校验位需要恰好 19 位数字',
      `The check digit is computed over exactly 19 digits, got "${digits19}"`,
    );
  }
  let p = 10;
  for (const ch of digits19) {
    let s = (p + Number(ch)) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

function invalid(reason: string, reasonEn: string, format?: 'current' | 'legacy'): InvalidProjectCode {
  return format ? { valid: false, format, reason, reasonEn } : { valid: false, reason, reasonEn };
}

/**
 * Parses and verifies a project code of either format (DOMAIN.md §2). Surrounding whitespace is trimmed; nothing else is
 * normalised (full-width digits/hyphens are refused with a specific reason). A department must refuse a matter whose code
 * fails this check (条例673 art.4, 条例712 art.10).
 */
export function parseProjectCode(code: string): ParsedProjectCode {
  const s = code.trim();
  if (s === '') return invalid('项目代码为空', 'project code is empty');
  if (FULL_WIDTH_RE.test(s)) {
    return invalid(
      '项目代码含全角数字或全角连字符，请使用半角数字和“-”',
      'project code contains full-width digits or hyphens; use ASCII digits and "-"',
    );
  }
  if (!/^[0-9-]*$/.test(s)) {
    return invalid(
      '项目代码含非法字符，只能由数字和“-”组成',
      'project code contains characters other than digits and "-"',
    );
  }
  if (s.length !== 24) {
    return invalid(
      `项目代码长度应为 24 位（含连字符），实际 ${s.length} 位`,
      `malformed: expected 24 characters, got ${s.length}`,
    );
  }
  if (!SHAPE_RE.test(s)) {
    return invalid(
      '项目代码格式不符，应为 XXXX-XXXXXX-XX-XX-XXXXXX',
      'malformed: expected groups of 4-6-2-2-6 digits separated by hyphens',
    );
  }
  const [g1 = '', regionCode = '', g3 = '', projectTypeCode = '', g5 = ''] = s.split('-');
  const mid = Number(g1.slice(2, 4));
  if (mid >= 1 && mid <= 12) return parseCurrent(s, g1, regionCode, g3, projectTypeCode, g5);
  if (mid >= 15 && mid <= 20) return parseLegacy(s, g1, regionCode, g3, projectTypeCode, g5);
  return invalid(
    `月份无效：首段第 3–4 位为 ${g1.slice(2, 4)}，新版代码应为月份 01–12，旧版代码应为年份 2015–2020`,
    `invalid month: characters 3-4 of the first group are ${g1.slice(2, 4)}; expected a month 01-12 (current format) or a year 2015-2020 (legacy format)`,
  );
}

function parseCurrent(
  s: string,
  g1: string,
  regionCode: string,
  departmentCode: string,
  projectTypeCode: string,
  g5: string,
): ParsedProjectCode {
  const year = 2000 + Number(g1.slice(0, 2));
  const month = Number(g1.slice(2, 4));
  if (year * 12 + month < CURRENT_FORMAT_SINCE.year * 12 + CURRENT_FORMAT_SINCE.month) {
    return invalid(
      `签发年月 ${year}-${String(month).padStart(2, '0')} 早于新版项目代码启用时间（2020年11月）`,
      `issue month ${year}-${String(month).padStart(2, '0')} is before the current format took effect (2020-11)`,
      'current',
    );
  }
  const digits = s.replaceAll('-', '');
  const expected = computeProjectCodeCheckDigit(digits.slice(0, 19));
  const checkDigit = digits.slice(19);
  if (checkDigit !== expected) {
    // GB/T 17710 MOD 11,10 catches every single-digit error and most transpositions.
    return invalid(
      '项目代码校验位错误，请核对是否有输错或颠倒的数字',
      'check digit mismatch: a digit is probably mistyped or two digits are swapped',
      'current',
    );
  }
  return {
    valid: true,
    format: 'current',
    code: s,
    yearMonth: { year, month },
    regionCode,
    departmentCode,
    projectTypeCode,
    serial: g5.slice(0, 5),
    checkDigit,
  };
}

function parseLegacy(
  s: string,
  g1: string,
  regionCode: string,
  industryCode: string,
  projectTypeCode: string,
  serial: string,
): ParsedProjectCode {
  const year = Number(g1);
  if (year < LEGACY_FIRST_YEAR || year > LEGACY_LAST_YEAR) {
    return invalid(
      `旧版项目代码年份无效：${g1}，应为 2015–2020`,
      `invalid year ${g1} for a legacy code: expected 2015-2020`,
      'legacy',
    );
  }
  const division = Number(industryCode);
  if (division < 1 || division > MAX_INDUSTRY_DIVISION) {
    return invalid(
      `旧版项目代码行业代码无效：${industryCode}，应为国民经济行业分类大类 01–97`,
      `invalid industry code ${industryCode} for a legacy code: expected a GB/T 4754 division 01-97`,
      'legacy',
    );
  }
  if (!LEGACY_PROJECT_TYPES.includes(projectTypeCode)) {
    return invalid(
      `旧版项目代码项目类型无效：${projectTypeCode}，应为 01 审批、02 核准或 03 备案`,
      `invalid project type ${projectTypeCode} for a legacy code: expected 01, 02 or 03`,
      'legacy',
    );
  }
  return { valid: true, format: 'legacy', code: s, year, regionCode, industryCode, projectTypeCode, serial };
}

/** Whether `code` is a valid project code of either format. */
export function isValidProjectCode(code: string): boolean {
  return parseProjectCode(code).valid;
}

/**
 * Builds a current-format code `YYMM-RRRRRR-DD-TT-NNNNNC` with its MOD 11,10 check digit (DOMAIN.md §2).
 * Choosing the random serial and guaranteeing uniqueness (a voided code is never reused) is the issuer's job.
 * @throws DomainError `PROJECT_CODE_INVALID_INPUT` if a part is malformed or the issue month is outside 2020-11 … 2099-12
 */
export function formatProjectCode(parts: ProjectCodeParts): string {
  const { issuedAt, regionCode, departmentCode, projectTypeCode, serial5 } = parts;
  const bad = (what: string, whatEn: string): never => {
    throw new DomainError(
      'PROJECT_CODE_INVALID_INPUT',
      `无法生成项目代码：${what}`,
      `Cannot build project code: ${whatEn}`,
    );
  };
  const { year, month } = issuedAt;
  if (!Number.isInteger(month) || month < 1 || month > 12) bad(`月份无效（${month}）`, `invalid month ${month}`);
  if (
    !Number.isInteger(year) ||
    year > 2099 ||
    year * 12 + month < CURRENT_FORMAT_SINCE.year * 12 + CURRENT_FORMAT_SINCE.month
  ) {
    bad(
      `签发年月无效（${year}-${month}），应在 2020年11月 至 2099年12月 之间`,
      `issue month ${year}-${month} outside 2020-11 … 2099-12`,
    );
  }
  if (!/^\d{6}$/.test(regionCode)) bad('区划代码应为 6 位数字', 'region code must be 6 digits');
  if (!/^\d{2}$/.test(departmentCode)) bad('部门代码应为 2 位数字', 'department code must be 2 digits');
  if (!/^\d{2}$/.test(projectTypeCode)) bad('项目类型代码应为 2 位数字', 'project type code must be 2 digits');
  if (!/^\d{5}$/.test(serial5)) bad('顺序号应为 5 位数字', 'serial must be 5 digits');
  const yymm = String(year % 100).padStart(2, '0') + String(month).padStart(2, '0');
  const check = computeProjectCodeCheckDigit(yymm + regionCode + departmentCode + projectTypeCode + serial5);
  return `${yymm}-${regionCode}-${departmentCode}-${projectTypeCode}-${serial5}${check}`;
}
