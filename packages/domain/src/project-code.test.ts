import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { computeProjectCodeCheckDigit, formatProjectCode, parseProjectCode } from './project-code.ts';

// Real codes from DOMAIN.md §2.
const CURRENT = ['2505-330354-04-01-274607', '2211-441900-04-02-310151', '2509-140602-89-05-864976'];
const LEGACY = '2019-330391-47-03-831266';

/** Positions (in the 24-char string) of the 20 digits. */
const digitPositions = (code: string) => [...code].flatMap((c, i) => (c === '-' ? [] : [i]));
const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

describe('computeProjectCodeCheckDigit (GB/T 17710 MOD 11,10)', () => {
  it.each(CURRENT)('reproduces the check digit of %s', (code) => {
    const digits = code.replaceAll('-', '');
    expect(computeProjectCodeCheckDigit(digits.slice(0, 19))).toBe(digits.slice(19));
  });

  it('refuses input that is not 19 digits', () => {
    expect(() => computeProjectCodeCheckDigit('123')).toThrow(DomainError);
    expect(() => computeProjectCodeCheckDigit('250533035404012746a')).toThrow(DomainError);
  });
});

describe('parseProjectCode', () => {
  it('parses the real current-format codes', () => {
    expect(parseProjectCode(CURRENT[0]!)).toEqual({
      valid: true,
      format: 'current',
      code: '2505-330354-04-01-274607',
      yearMonth: { year: 2025, month: 5 },
      regionCode: '330354',
      departmentCode: '04',
      projectTypeCode: '01',
      serial: '27460',
      checkDigit: '7',
    });
    for (const code of CURRENT) expect(parseProjectCode(code)).toMatchObject({ valid: true, format: 'current' });
    expect(parseProjectCode(CURRENT[2]!)).toMatchObject({ yearMonth: { year: 2025, month: 9 }, departmentCode: '89' });
  });

  it('parses the real legacy code', () => {
    expect(parseProjectCode(LEGACY)).toEqual({
      valid: true,
      format: 'legacy',
      code: LEGACY,
      year: 2019,
      regionCode: '330391',
      industryCode: '47',
      projectTypeCode: '03',
      serial: '831266',
    });
  });

  it('trims surrounding whitespace', () => {
    expect(parseProjectCode(`  ${CURRENT[1]}\n`)).toMatchObject({ valid: true, code: CURRENT[1] });
  });

  it.each(CURRENT)('detects EVERY single-digit substitution in %s (20 positions × 9 digits)', (code) => {
    let tried = 0;
    for (const i of digitPositions(code)) {
      for (const d of '0123456789') {
        if (d === code[i]) continue;
        const mutated = replaceAt(code, i, d);
        const result = parseProjectCode(mutated);
        expect(result.valid, mutated).toBe(false);
        // The checksum alone also catches it (MOD 11,10 detects all single-digit errors).
        const digits = mutated.replaceAll('-', '');
        expect(computeProjectCodeCheckDigit(digits.slice(0, 19)), mutated).not.toBe(digits.slice(19));
        tried++;
      }
    }
    expect(tried).toBe(180);
  });

  it.each(CURRENT)('detects every swap of adjacent distinct digits in %s', (code) => {
    const pos = digitPositions(code);
    let tried = 0;
    for (let k = 0; k + 1 < pos.length; k++) {
      const i = pos[k]!;
      const j = pos[k + 1]!;
      if (code[i] === code[j]) continue;
      const swapped = replaceAt(replaceAt(code, i, code[j]!), j, code[i]!);
      expect(parseProjectCode(swapped).valid, swapped).toBe(false);
      tried++;
    }
    expect(tried).toBeGreaterThan(10);
  });

  it('MOD 11,10 misses some transpositions; the month rule catches the one in our samples', () => {
    // 2211 → 2121: the checksum still matches, but month 21 does not exist.
    const swapped = '2121-441900-04-02-310151';
    const digits = swapped.replaceAll('-', '');
    expect(computeProjectCodeCheckDigit(digits.slice(0, 19))).toBe(digits.slice(19));
    expect(parseProjectCode(swapped)).toMatchObject({ valid: false, reasonEn: expect.stringMatching(/invalid month/) });
  });

  it('reports a check-digit mismatch with its reason', () => {
    expect(parseProjectCode('2505-330354-04-01-274608')).toEqual({
      valid: false,
      format: 'current',
      reason: expect.stringContaining('校验位错误'),
      reasonEn: expect.stringContaining('check digit mismatch'),
    });
  });

  it.each([
    ['', '为空', 'empty'],
    ['   ', '为空', 'empty'],
    ['2505-330354-04-01-27460', '长度', 'malformed'],
    ['2505-330354-04-01-2746077', '长度', 'malformed'],
    ['25053303540401274607', '长度', 'malformed'],
    ['2505-3303540-4-01-274607', '格式不符', 'malformed'],
    ['25053-30354-04-01-274607', '格式不符', 'malformed'],
    ['2505-330354-04-01-27460-', '格式不符', 'malformed'],
    ['2505_330354_04_01_274607', '非法字符', 'characters other than'],
    ['2505-33O354-04-01-274607', '非法字符', 'characters other than'],
    ['2505-330354-04-01-27460a', '非法字符', 'characters other than'],
    ['2505 330354-04-01-274607', '非法字符', 'characters other than'],
    ['２５０５-330354-04-01-274607', '全角', 'full-width'],
    ['2505－330354－04－01－274607', '全角', 'full-width'],
    ['2505—330354-04-01-274607', '全角', 'full-width'],
    ['2500-330354-04-01-274607', '月份无效', 'invalid month'],
    ['2513-330354-04-01-274607', '月份无效', 'invalid month'],
    ['2514-330354-04-01-274607', '月份无效', 'invalid month'],
    ['2521-330354-04-01-274607', '月份无效', 'invalid month'],
  ])('refuses %j with a reason', (input, zh, en) => {
    const r = parseProjectCode(input);
    expect(r.valid).toBe(false);
    if (r.valid) return;
    expect(r.reason).toContain(zh);
    expect(r.reasonEn).toContain(en);
  });

  it('refuses a current-format code dated before 2020-11', () => {
    // A correct check digit, but the format did not exist yet.
    const code = formatProjectCode({
      issuedAt: { year: 2020, month: 11 },
      regionCode: '330354',
      departmentCode: '04',
      projectTypeCode: '01',
      serial5: '27460',
    }).replace(/^2011/, '2010');
    const digits = code.replaceAll('-', '');
    const fixed = code.slice(0, 23) + computeProjectCodeCheckDigit(digits.slice(0, 19));
    expect(parseProjectCode(fixed)).toMatchObject({
      valid: false,
      format: 'current',
      reasonEn: expect.stringMatching(/2020-11/),
    });
  });

  it.each([
    ['2014-330391-47-03-831266', 'month'], // 14 is neither a month nor a legacy year
    ['2021-330391-47-03-831266', 'month'], // 21 likewise
    ['1915-330391-47-03-831266', 'year'], // looks legacy, year out of 2015–2020
    ['2019-330391-00-03-831266', 'industry'],
    ['2019-330391-98-03-831266', 'industry'],
    ['2019-330391-47-04-831266', 'project type'],
    ['2019-330391-47-00-831266', 'project type'],
  ])('refuses the malformed legacy-looking code %s (%s)', (input, what) => {
    const r = parseProjectCode(input);
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.reasonEn).toContain(what);
  });

  it('accepts legacy codes for every year 2015–2020 and types 01–03', () => {
    for (const y of ['2015', '2016', '2017', '2018', '2019', '2020']) {
      for (const t of ['01', '02', '03']) {
        expect(parseProjectCode(`${y}-330391-47-${t}-831266`)).toMatchObject({ valid: true, format: 'legacy' });
      }
    }
  });
});

describe('formatProjectCode', () => {
  it('rebuilds the real codes', () => {
    expect(
      formatProjectCode({
        issuedAt: { year: 2025, month: 5 },
        regionCode: '330354',
        departmentCode: '04',
        projectTypeCode: '01',
        serial5: '27460',
      }),
    ).toBe('2505-330354-04-01-274607');
    expect(
      formatProjectCode({
        issuedAt: { year: 2022, month: 11 },
        regionCode: '441900',
        departmentCode: '04',
        projectTypeCode: '02',
        serial5: '31015',
      }),
    ).toBe('2211-441900-04-02-310151');
    expect(
      formatProjectCode({
        issuedAt: { year: 2025, month: 9 },
        regionCode: '140602',
        departmentCode: '89',
        projectTypeCode: '05',
        serial5: '86497',
      }),
    ).toBe('2509-140602-89-05-864976');
  });

  it('round-trips through parseProjectCode for many serials', () => {
    for (let i = 0; i < 1000; i++) {
      const serial5 = String((i * 7919) % 100000).padStart(5, '0');
      const m = 2020 * 12 + 10 + (i % 950); // 2020-11 … 2099-12
      const code = formatProjectCode({
        issuedAt: { year: Math.floor(m / 12), month: (m % 12) + 1 },
        regionCode: '330100',
        departmentCode: '04',
        projectTypeCode: '01',
        serial5,
      });
      expect(parseProjectCode(code)).toMatchObject({ valid: true, format: 'current', serial: serial5 });
    }
  });

  const good = {
    issuedAt: { year: 2025, month: 5 },
    regionCode: '330354',
    departmentCode: '04',
    projectTypeCode: '01',
    serial5: '27460',
  };
  it.each([
    ['month 0', { ...good, issuedAt: { year: 2025, month: 0 } }],
    ['month 13', { ...good, issuedAt: { year: 2025, month: 13 } }],
    ['before 2020-11', { ...good, issuedAt: { year: 2020, month: 10 } }],
    ['year 2100', { ...good, issuedAt: { year: 2100, month: 1 } }],
    ['fractional year', { ...good, issuedAt: { year: 2025.5, month: 1 } }],
    ['short region', { ...good, regionCode: '33035' }],
    ['letter in department', { ...good, departmentCode: '0A' }],
    ['3-digit type', { ...good, projectTypeCode: '001' }],
    ['6-digit serial', { ...good, serial5: '274600' }],
  ])('throws a DomainError for %s', (_label, parts) => {
    expect(() => formatProjectCode(parts)).toThrow(DomainError);
    try {
      formatProjectCode(parts);
    } catch (e) {
      expect(e).toMatchObject({
        code: 'PROJECT_CODE_INVALID_INPUT',
        messageEn: expect.stringContaining('Cannot build'),
      });
    }
  });
});
