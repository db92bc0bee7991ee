import { describe, expect, it } from 'vitest';
import {
  WorkingDayCalendar,
  createDefaultCalendar,
  defaultCalendarData,
  mergeCalendarOverrides,
  type CalendarData,
} from './calendar.ts';
import chineseDaysJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addCalendarDays } from './civil-date.ts';
import { DomainError } from './errors.ts';

// Every expected value below is derived by hand from DOMAIN.md §5, not from the chinese-days package.
const cal = createDefaultCalendar();
const add = (start: string, n: number) => cal.addWorkingDays(start, n);

describe('default calendar data', () => {
  it('takes 2025 and 2026 from DOMAIN.md', () => {
    const data = defaultCalendarData();
    expect(data.years[2025]?.makeUpWorkdays).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    expect(data.years[2026]?.makeUpWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    // 1 + 8 + 3 + 5 + 3 + 8 days off in 2025; 3 + 9 + 3 + 5 + 3 + 3 + 7 in 2026.
    expect(data.years[2025]?.holidays).toHaveLength(28);
    expect(data.years[2026]?.holidays).toHaveLength(33);
  });

  it('loads 2004–2026 (package coverage) and nothing later', () => {
    expect(cal.loadedYears[0]).toBe(2004);
    expect(cal.loadedYears.at(-1)).toBe(2026);
    expect(cal.loadedYears).toHaveLength(23);
    expect(cal.isLoadedYear(2027)).toBe(false);
  });

  it('returns a fresh copy each call', () => {
    const a = defaultCalendarData();
    a.years[2025]?.holidays.push('2025-12-25');
    expect(defaultCalendarData().years[2025]?.holidays).not.toContain('2025-12-25');
  });

  it('has 251 working days in 2024 (package year; 19 weekday holidays, 8 make-up days in the 2024 notice)', () => {
    // Fails if the package data is read through host-time-zone Dates under a UTC−x zone (247).
    expect(cal.countWorkingDaysBetween('2023-12-31', '2024-12-31')).toEqual({ count: 251, provisional: false });
  });

  it('the chinese-days package agrees with DOMAIN.md for 2025 and 2026 (drift check)', () => {
    const data = defaultCalendarData();
    for (const year of [2025, 2026]) {
      const pkgHolidays = Object.keys(chineseDaysJson.holidays).filter((d) => d.startsWith(`${year}-`));
      const pkgWorkdays = Object.keys(chineseDaysJson.workdays).filter((d) => d.startsWith(`${year}-`));
      expect(pkgHolidays.sort()).toEqual(data.years[year]?.holidays);
      expect(pkgWorkdays.sort()).toEqual(data.years[year]?.makeUpWorkdays);
    }
  });

  it('reads package years correctly (2024 National Day: 09-29 Sun and 10-12 Sat worked, 10-01–07 off)', () => {
    expect(cal.isWorkingDay('2024-09-29')).toBe(true);
    expect(cal.isWorkingDay('2024-10-12')).toBe(true);
    expect(cal.isWorkingDay('2024-10-07')).toBe(false);
    expect(cal.isWorkingDay('2024-10-08')).toBe(true);
  });
});

describe('WorkingDayCalendar with the DOMAIN.md tables', () => {
  it('has exactly 248 working days in 2025 and in 2026', () => {
    expect(cal.countWorkingDaysBetween('2024-12-31', '2025-12-31')).toEqual({ count: 248, provisional: false });
    expect(cal.countWorkingDaysBetween('2025-12-31', '2026-12-31')).toEqual({ count: 248, provisional: false });
  });

  it('classifies days', () => {
    expect(cal.describeDay('2025-09-28')).toEqual({
      date: '2025-09-28',
      working: true,
      kind: 'makeUpWorkday',
      provisional: false,
    });
    expect(cal.describeDay('2025-10-08')).toMatchObject({ working: false, kind: 'holiday' });
    expect(cal.describeDay('2025-05-31')).toMatchObject({ working: false, kind: 'holiday' }); // a Saturday holiday
    expect(cal.describeDay('2025-10-12')).toMatchObject({ working: false, kind: 'weekend' });
    expect(cal.describeDay('2025-10-09')).toMatchObject({ working: true, kind: 'workday' });
  });

  it('National Day 2025: 09-26 + 20 WD = 10-30, + 1 WD = 09-28 (make-up Sunday)', () => {
    expect(add('2025-09-26', 20)).toEqual({ date: '2025-10-30', provisional: false });
    expect(add('2025-09-26', 1)).toEqual({ date: '2025-09-28', provisional: false });
    expect(add('2025-09-26', 4)).toEqual({ date: '2025-10-09', provisional: false });
    expect(add('2025-09-26', 6)).toEqual({ date: '2025-10-11', provisional: false }); // make-up Saturday
  });

  it('0 WD: the start itself if working, else the next working day (民法典 art.203)', () => {
    expect(add('2025-10-01', 0)).toEqual({ date: '2025-10-09', provisional: false });
    expect(add('2025-10-09', 0).date).toBe('2025-10-09');
    expect(add('2025-09-28', 0).date).toBe('2025-09-28');
  });

  it('Spring Festival 2026: 02-14 Sat worked, 02-15..23 off, 02-28 Sat worked', () => {
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = addCalendarDays(d, 1)) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(add('2026-02-13', 1).date).toBe('2026-02-14');
    expect(add('2026-02-13', 2).date).toBe('2026-02-24');
    expect(add('2026-02-15', 0).date).toBe('2026-02-24');
    expect(add('2026-02-27', 1).date).toBe('2026-02-28');
    expect(add('2026-02-28', 1).date).toBe('2026-03-02');
    expect(cal.countWorkingDaysBetween('2026-02-13', '2026-02-28').count).toBe(6); // 14, 24, 25, 26, 27, 28
  });

  it('year end: 2025-12-31 + 1 WD = 2026-01-04 (01-01..03 off, 01-04 Sunday is a make-up workday)', () => {
    expect(add('2025-12-31', 1)).toEqual({ date: '2026-01-04', provisional: false });
    expect(add('2025-12-31', 2).date).toBe('2026-01-05');
  });

  it('National Day 2026: 09-20 Sun worked, 09-25..27 and 10-01..07 off, 10-10 Sat worked', () => {
    expect(add('2026-09-18', 1).date).toBe('2026-09-20');
    expect(add('2026-09-24', 1).date).toBe('2026-09-28');
    expect(add('2026-09-30', 1).date).toBe('2026-10-08');
    expect(add('2026-10-03', 0).date).toBe('2026-10-08');
    expect(add('2026-10-08', 2).date).toBe('2026-10-10');
    expect(add('2026-09-24', 5).date).toBe('2026-10-09');
    expect(cal.countWorkingDaysBetween('2026-09-24', '2026-10-10').count).toBe(6); // 28, 29, 30, 10-08, 09, 10
  });

  it('other 2026 holidays: Qingming, Labour Day (05-09 Sat worked), Dragon Boat', () => {
    expect(add('2026-04-03', 1).date).toBe('2026-04-07');
    expect(add('2026-04-30', 1).date).toBe('2026-05-06');
    expect(add('2026-05-08', 1).date).toBe('2026-05-09');
    expect(add('2026-06-18', 1).date).toBe('2026-06-22');
  });

  it('core 20-WD licence limit from a Friday acceptance before National Day 2026', () => {
    // 09-24 + 20: 28 29 30 | 10-08 09 10 12 13 14 15 16 19 20 21 22 23 26 27 28 29 → 10-29
    expect(add('2026-09-24', 20).date).toBe('2026-10-29');
  });

  it('countWorkingDaysBetween is the inverse of addWorkingDays and negative when overdue', () => {
    for (let start = '2025-01-01'; start <= '2026-10-31'; start = addCalendarDays(start, 13)) {
      for (const n of [1, 5, 20, 60]) {
        const end = add(start, n).date;
        expect(cal.countWorkingDaysBetween(start, end).count, `${start}+${n}`).toBe(n);
      }
    }
    expect(cal.countWorkingDaysBetween('2025-10-30', '2025-09-26').count).toBe(-20);
    expect(cal.countWorkingDaysBetween('2025-10-01', '2025-10-01').count).toBe(0);
    expect(cal.countWorkingDaysBetween('2025-10-01', '2025-10-08').count).toBe(0);
  });

  it('flags days in an unloaded year as provisional, or refuses in strict mode', () => {
    expect(add('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
    expect(add('2026-12-31', 1)).toEqual({ date: '2027-01-01', provisional: true });
    expect(add('2027-03-01', 0)).toEqual({ date: '2027-03-01', provisional: true });
    expect(cal.countWorkingDaysBetween('2026-12-01', '2027-01-04').provisional).toBe(true);
    expect(cal.describeDay('2027-01-01').provisional).toBe(true);
    expect(() => cal.addWorkingDays('2026-12-31', 1, { strict: true })).toThrow(DomainError);
    try {
      cal.addWorkingDays('2026-12-31', 1, { strict: true });
    } catch (e) {
      expect(e).toMatchObject({ code: 'CALENDAR_YEAR_NOT_LOADED' });
    }
    const strictCal = createDefaultCalendar({ strict: true });
    expect(() => strictCal.isWorkingDay('2027-01-04')).toThrow(DomainError);
    expect(strictCal.addWorkingDays('2026-12-30', 1).date).toBe('2026-12-31');
    expect(strictCal.isWorkingDay('2027-01-04', { strict: false })).toBe(true);
  });

  it('refuses bad arguments', () => {
    for (const n of [-1, 1.5, Number.NaN, 1e9]) expect(() => add('2025-10-01', n)).toThrow(DomainError);
    expect(() => add('2025-02-29', 1)).toThrow(DomainError);
    expect(() => cal.isWorkingDay('2025-10-1')).toThrow(DomainError);
  });
});

describe('calendar data validation and overrides', () => {
  const tiny: CalendarData = { years: { 2030: { holidays: ['2030-01-01'], makeUpWorkdays: ['2030-01-05'] } } };

  it('rejects inconsistent data', () => {
    expect(() => new WorkingDayCalendar({ years: { 2030: { holidays: ['2031-01-01'], makeUpWorkdays: [] } } })).toThrow(
      DomainError,
    );
    expect(() => new WorkingDayCalendar({ years: { 2030: { holidays: ['2030-1-1'], makeUpWorkdays: [] } } })).toThrow(
      DomainError,
    );
    expect(
      () => new WorkingDayCalendar({ years: { 2030: { holidays: ['2030-01-05'], makeUpWorkdays: ['2030-01-05'] } } }),
    ).toThrow(DomainError);
  });

  it('works on hand-made data', () => {
    const c = new WorkingDayCalendar(tiny);
    expect(c.loadedYears).toEqual([2030]);
    expect(c.addWorkingDays('2029-12-31', 1)).toEqual({ date: '2030-01-02', provisional: false });
    expect(c.isWorkingDay('2030-01-05')).toBe(true); // Saturday make-up
  });

  it('applies admin overrides without mutating the base', () => {
    const base = defaultCalendarData();
    const merged = mergeCalendarOverrides(base, [
      { date: '2025-10-08', kind: 'workday' }, // Wednesday: just no longer a holiday
      { date: '2025-10-12', kind: 'workday' }, // Sunday: becomes a make-up workday
      { date: '2025-10-13', kind: 'holiday' },
    ]);
    expect(base.years[2025]?.holidays).toContain('2025-10-08');
    const c = new WorkingDayCalendar(merged);
    expect(c.addWorkingDays('2025-10-01', 0).date).toBe('2025-10-08');
    expect(c.describeDay('2025-10-12').kind).toBe('makeUpWorkday');
    expect(c.describeDay('2025-10-13').kind).toBe('holiday');
    expect(merged.years[2025]?.makeUpWorkdays).not.toContain('2025-10-08');
  });

  it('a later override wins', () => {
    const merged = mergeCalendarOverrides(tiny, [
      { date: '2030-01-05', kind: 'holiday' },
      { date: '2030-01-05', kind: 'workday' },
      { date: '2030-01-01', kind: 'workday' },
    ]);
    expect(merged.years[2030]).toEqual({ holidays: [], makeUpWorkdays: ['2030-01-05'] });
  });

  it('an override in an unloaded year applies but leaves the year provisional', () => {
    const next = mergeCalendarOverrides(defaultCalendarData(), [{ date: '2027-01-01', kind: 'holiday' }]);
    const c = new WorkingDayCalendar(next);
    expect(c.isLoadedYear(2027)).toBe(false);
    // 2027-01-01 (Friday) is off by the override; the period is still flagged, since 2027's notice is not loaded.
    expect(c.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true });
  });

  it('rejects a malformed override date', () => {
    expect(() => mergeCalendarOverrides(tiny, [{ date: '2030-02-30', kind: 'holiday' }])).toThrow(DomainError);
  });
});
