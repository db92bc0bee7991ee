/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015, with the embedded 组织机构代码 (GB 11714-1997) check.
 * DOMAIN.md §8.
 *
 * Layout (18 characters): 1 登记管理部门码, 2 机构类别码, 3–8 登记管理机关行政区划码, 9–17 主体标识码 (组织机构代码,
 * its 9th character being the GB 11714 check), 18 overall check character.
 *
 * Case policy: {@link validateCreditCode} is strict — the canonical form is upper case, and a lower-case code is refused
 * with its own reason (so stored and compared codes are always canonical). Input forms should call
 * {@link normalizeCreditCode} first, which trims and upper-cases.
 *
 * Not checked (not in DOMAIN.md): which 登记管理部门码/机构类别码 combinations exist, and the region code in 3–8.
 */
import { DomainError } from './errors.ts';

/** The 31-character alphabet of GB 32100-2015 (no I, O, Z, S, V); a character's value is its index. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100 weights for positions 1–17: 3^(i-1) mod 31. */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714 weights for the 8 body characters of the 组织机构代码. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Result of {@link validateCreditCode}. */
export type CreditCodeValidation =
  | { valid: true }
  | {
      valid: false;
      /** Which rule failed. */
      failure: 'empty' | 'length' | 'lowercase' | 'illegalCharacter' | 'orgCodeCheck' | 'checkCharacter';
      /** Reason in Chinese. */
      reason: string;
      /** Reason in English. */
      reasonEn: string;
    };

function isAlphabetString(s: string): boolean {
  for (const ch of s) if (!CREDIT_CODE_ALPHABET.includes(ch)) return false;
  return true;
}

/**
 * GB 11714 value of an 组织机构代码 character: digits 0–9, letters A=10 … Z=35 (GB 11714-1997 appendix A; note this
 * differs from the credit-code alphabet index for letters after H).
 */
function orgCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  return c - 55;
}

/**
 * GB 11714 check character of a 组织机构代码: C9 = 11 − (Σ Ci·Wi mod 11), W = 3,7,9,10,5,8,4,2; 10 → `X`, 11 → `0`.
 * @param first8 the 8 body characters (digits or upper-case letters)
 * @throws DomainError `CREDIT_CODE_INVALID_INPUT` if not 8 characters of 0–9/A–Z
 */
export function computeOrgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new DomainError(
      'CREDIT_CODE_INVALID_INPUT',
      '组织机构代码本体应为 8 位数字或大写字母',
      `The organisation code body must be 8 digits or upper-case letters, got "${first8}"`,
    );
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(first8.charAt(i)) * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * GB 32100 check character: C18 = 31 − (Σ Ci·Wi mod 31), Wi = 3^(i-1) mod 31, 31 → `0`; values and result are taken
 * from {@link CREDIT_CODE_ALPHABET}.
 * @param first17 the first 17 characters, all from the alphabet
 * @throws DomainError `CREDIT_CODE_INVALID_INPUT` if not 17 alphabet characters
 */
export function computeCreditCodeCheckChar(first17: string): string {
  if (first17.length !== 17 || !isAlphabetString(first17)) {
    throw new DomainError(
      'CREDIT_CODE_INVALID_INPUT',
      '计算校验码需要 17 位合法字符',
      `The check character is computed over 17 characters of the GB 32100 alphabet, got "${first17}"`,
    );
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i)) * (CREDIT_WEIGHTS[i] ?? 0);
  const c = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET.charAt(c === 31 ? 0 : c);
}

/** Trims surrounding whitespace and upper-cases, for user input. Does not validate. */
export function normalizeCreditCode(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * Validates a 统一社会信用代码 (GB 32100-2015) including its embedded 组织机构代码 check (GB 11714). Strict: no trimming and
 * no case folding (see {@link normalizeCreditCode}). Checks, in order: length 18, lower case, alphabet (no I/O/Z/S/V),
 * the 组织机构代码 check (character 17), the overall check character (character 18).
 */
export function validateCreditCode(code: string): CreditCodeValidation {
  if (code.length === 0) {
    return { valid: false, failure: 'empty', reason: '统一社会信用代码为空', reasonEn: 'credit code is empty' };
  }
  if (code.length !== 18) {
    return {
      valid: false,
      failure: 'length',
      reason: `统一社会信用代码应为 18 位，实际 ${code.length} 位`,
      reasonEn: `credit code must be 18 characters, got ${code.length}`,
    };
  }
  if (/[a-z]/.test(code)) {
    return {
      valid: false,
      failure: 'lowercase',
      reason: '统一社会信用代码含小写字母，应使用大写',
      reasonEn: 'credit code contains lower-case letters; use upper case',
    };
  }
  for (let i = 0; i < code.length; i++) {
    const ch = code.charAt(i);
    if (!CREDIT_CODE_ALPHABET.includes(ch)) {
      return {
        valid: false,
        failure: 'illegalCharacter',
        reason: `统一社会信用代码第 ${i + 1} 位“${ch}”为非法字符（不使用 I、O、Z、S、V）`,
        reasonEn: `illegal character "${ch}" at position ${i + 1} (the alphabet excludes I, O, Z, S, V)`,
      };
    }
  }
  if (computeOrgCodeCheckChar(code.slice(8, 16)) !== code.charAt(16)) {
    return {
      valid: false,
      failure: 'orgCodeCheck',
      reason: '统一社会信用代码第 9–17 位（组织机构代码）校验码错误',
      reasonEn: 'the embedded organisation code (characters 9-17) fails its GB 11714 check',
    };
  }
  if (computeCreditCodeCheckChar(code.slice(0, 17)) !== code.charAt(17)) {
    return {
      valid: false,
      failure: 'checkCharacter',
      reason: '统一社会信用代码校验码（第 18 位）错误',
      reasonEn: 'check character (position 18) mismatch',
    };
  }
  return { valid: true };
}
