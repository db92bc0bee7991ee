import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  CREDIT_CODE_ALPHABET,
  computeCreditCodeCheckChar,
  computeOrgCodeCheckChar,
  normalizeCreditCode,
  validateCreditCode,
} from './credit-code.ts';

// Real codes from DOMAIN.md §8.
const REAL = ['914403001922038216', '91330100799655058B', '91110000100010433L'];

describe('validateCreditCode (GB 32100-2015 + GB 11714)', () => {
  it.each(REAL)('accepts the real code %s', (code) => {
    expect(validateCreditCode(code)).toEqual({ valid: true });
  });

  it.each(REAL)('computes both check characters of %s', (code) => {
    expect(computeOrgCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
    expect(computeCreditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it.each(REAL)('refuses EVERY single-character substitution of %s (18 positions × 30 characters)', (code) => {
    let tried = 0;
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_ALPHABET) {
        if (c === code[i]) continue;
        const mutated = code.slice(0, i) + c + code.slice(i + 1);
        const r = validateCreditCode(mutated);
        expect(r.valid, mutated).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(18 * 30);
  });

  it('gives distinct reasons', () => {
    expect(validateCreditCode('')).toMatchObject({ valid: false, failure: 'empty' });
    expect(validateCreditCode('91440300192203821')).toMatchObject({ valid: false, failure: 'length' });
    expect(validateCreditCode('9144030019220382161')).toMatchObject({ valid: false, failure: 'length' });
    expect(validateCreditCode('91330100799655058b')).toMatchObject({ valid: false, failure: 'lowercase' });
    for (const bad of ['I', 'O', 'Z', 'S', 'V', '-', '８']) {
      expect(validateCreditCode(`9${bad}4403001922038216`), bad).toMatchObject({
        valid: false,
        failure: 'illegalCharacter',
        reason: expect.stringContaining('第 2 位'),
      });
    }
    // Organisation code body altered (char 10): its own check (char 17) fails first.
    expect(validateCreditCode('914403001822038216')).toMatchObject({
      valid: false,
      failure: 'orgCodeCheck',
      reason: expect.stringContaining('组织机构代码'),
    });
    // Registration-authority part altered (char 3): only the overall check fails.
    expect(validateCreditCode('915403001922038216')).toMatchObject({
      valid: false,
      failure: 'checkCharacter',
      reasonEn: expect.stringContaining('check character'),
    });
  });

  it('is strict about case and whitespace; normalizeCreditCode prepares user input', () => {
    expect(validateCreditCode(' 914403001922038216').valid).toBe(false);
    expect(validateCreditCode('91110000100010433l').valid).toBe(false);
    expect(normalizeCreditCode(' 91110000100010433l\t')).toBe('91110000100010433L');
    expect(validateCreditCode(normalizeCreditCode('91330100799655058b'))).toEqual({ valid: true });
  });

  it('maps GB 11714 check values 10 → X and 11 → 0', () => {
    const bodies = Array.from({ length: 100 }, (_, i) => String(i).padStart(8, '0'));
    const checks = new Set(bodies.map(computeOrgCodeCheckChar));
    expect(checks.has('X')).toBe(true);
    expect(checks.has('0')).toBe(true);
    expect(computeOrgCodeCheckChar('00000000')).toBe('0'); // Σ = 0 → 11 → '0'
    // GB 11714 letter values: A = 10 … Z = 35 (not the credit-code alphabet index).
    expect(computeOrgCodeCheckChar('0000000A')).toBe('2'); // 10×2 = 20 → 11 − 9 = 2
    expect(computeOrgCodeCheckChar('00000006')).toBe('X'); // 12 mod 11 = 1 → 10 → X
    expect(computeOrgCodeCheckChar('0000000Y')).toBe('9'); // Y = 34: 68 mod 11 = 2 → 9 (alphabet index 30 would give 6)
  });

  it('refuses bad input to the check-character functions', () => {
    expect(() => computeOrgCodeCheckChar('1234567')).toThrow(DomainError);
    expect(() => computeOrgCodeCheckChar('1234567a')).toThrow(DomainError);
    expect(() => computeCreditCodeCheckChar('9144030019220382')).toThrow(DomainError);
    expect(() => computeCreditCodeCheckChar('91440300192203821I')).toThrow(DomainError);
  });
});
