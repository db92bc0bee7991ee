import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  civilToDayNumber,
  compareCivilDates,
  dayNumberToCivil,
  dayOfWeek,
  formatCivilDate,
  isCivilDate,
  parseCivilDate,
  shanghaiCivilDate,
} from './civil-date.ts';
import { DomainError } from './errors.ts';

describe('civil dates', () => {
  it('validates strictly', () => {
    expect(isCivilDate('2025-10-01')).toBe(true);
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2000-02-29')).toBe(true);
    for (const bad of [
      '2025-02-29',
      '1900-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-1-1',
      '2025/10/01',
      '',
    ])
      expect(isCivilDate(bad), bad).toBe(false);
    expect(() => parseCivilDate('2025-02-29')).toThrow(DomainError);
  });

  it('agrees with Date.UTC day numbers over 1900–2100 (pure arithmetic, no time zone)', () => {
    const start = Date.UTC(1900, 0, 1) / 86_400_000;
    const end = Date.UTC(2100, 11, 31) / 86_400_000;
    const mismatches: number[] = [];
    for (let n = start; n <= end; n += 1) {
      const parts = dayNumberToCivil(n);
      if (civilToDayNumber(parts) !== n || Date.UTC(parts.year, parts.month - 1, parts.day) / 86_400_000 !== n) {
        mismatches.push(n);
      }
    }
    expect(end - start).toBeGreaterThan(73_000);
    expect(mismatches).toEqual([]);
  });

  it('computes day of week and adds days', () => {
    expect(dayOfWeek('2025-10-01')).toBe(3); // Wednesday
    expect(dayOfWeek('2026-01-04')).toBe(0); // Sunday
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1969-12-28')).toBe(0);
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(compareCivilDates('2025-01-02', '2025-01-01')).toBe(1);
    expect(formatCivilDate({ year: 2025, month: 1, day: 2 })).toBe('2025-01-02');
  });

  it('converts an instant to the Asia/Shanghai date', () => {
    expect(shanghaiCivilDate(Date.UTC(2025, 9, 8, 16, 0))).toBe('2025-10-09'); // 00:00 +08:00
    expect(shanghaiCivilDate(Date.UTC(2025, 9, 8, 15, 59, 59, 999))).toBe('2025-10-08');
    expect(() => shanghaiCivilDate(Number.NaN)).toThrow(DomainError);
  });
});
