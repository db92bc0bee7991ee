/**
 * Dates are hand-counted on the 2026 calendar (DOMAIN.md §5): off 01-01–03, 02-15–23, 04-04–06, 05-01–05, 06-19–21,
 * 09-25–27, 10-01–07; make-up workdays 01-04 (Sun), 02-14 (Sat), 02-28 (Sat), 05-09 (Sat), 09-20 (Sun), 10-10 (Sat).
 * 2026-03-02 is a Monday.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../calendar.ts';
import {
  type ClockEntry,
  computeClock,
  correctionDeadline,
  deemedAcceptanceDate,
  validateClockAppend,
} from './clock-ledger.ts';

const calendar = createDefaultCalendar();
const OPTIONS = { yellowWhenRemainingAtMost: 2 };
const ART42 = '《行政许可法》第四十二条';
const ART45 = '《行政许可法》第四十五条';

const start = (date: string, limit: number): ClockEntry => ({
  kind: 'start',
  date,
  reason: '受理',
  legalBasis: ART42,
  workingDays: limit,
});
const stop = (date: string, reason = '专家评审', expected: number | null = null): ClockEntry => ({
  kind: 'stop',
  date,
  reason,
  legalBasis: ART45,
  workingDays: expected,
});
const resume = (date: string, reason = '专家评审结束'): ClockEntry => ({
  kind: 'resume',
  date,
  reason,
  legalBasis: '',
  workingDays: null,
});
const extend = (date: string, days: number, basis = ART42): ClockEntry => ({
  kind: 'extend',
  date,
  reason: '经负责人批准延长',
  legalBasis: basis,
  workingDays: days,
});

/** The error a call throws (its code), or null. */
function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
}

describe('computeClock', () => {
  it('not started: no deadline', () => {
    expect(computeClock([], calendar, '2026-03-02', OPTIONS)).toMatchObject({
      started: false,
      running: false,
      deadline: null,
      level: 'normal',
      lines: [],
    });
  });

  it('20 WD over the Spring Festival: accepted 2026-02-06 (Fri) → 2026-03-12', () => {
    // 02-09..13 (5), 02-14 make-up Sat (6), 02-15..23 off, 02-24..27 (10), 02-28 make-up Sat (11),
    // 03-02..06 (16), 03-09..12 (20).
    const clock = computeClock([start('2026-02-06', 20)], calendar, '2026-02-06', OPTIONS);
    expect(clock).toMatchObject({
      started: true,
      running: true,
      limitWorkingDays: 20,
      usedWorkingDays: 0,
      remainingWorkingDays: 20,
      deadline: '2026-03-12',
      provisional: false,
      level: 'normal',
    });
    // On 02-24 (first day back): 02-09..14 (6) + 02-24 (7) used; the holiday counted nothing.
    const later = computeClock([start('2026-02-06', 20)], calendar, '2026-02-24', OPTIONS);
    expect(later.usedWorkingDays).toBe(7);
    expect(later.remainingWorkingDays).toBe(13);
    expect(later.deadline).toBe('2026-03-12');
  });

  it('explains the start line in Chinese and English', () => {
    const [line] = computeClock([start('2026-03-02', 20)], calendar, '2026-03-02', OPTIONS).lines;
    expect(line).toMatchObject({
      date: '2026-03-02',
      kind: 'start',
      usedWorkingDaysAfter: 0,
      limitWorkingDaysAfter: 20,
      deadlineAfter: '2026-03-30',
    });
    expect(line!.text).toBe(`2026-03-02 受理，法定/承诺时限 20 个工作日，期限至 2026-03-30（依据：${ART42}）`);
    expect(line!.textEn).toBe(`2026-03-02 受理: time limit 20 working days, due 2026-03-30 (basis: ${ART42})`);
  });

  it('a stop for 专家评审 and a resume', () => {
    // Used 03-03..06 = 4 at the stop; resumed 03-20 (not counted) with 16 left:
    // 03-23..27 (5), 03-30..04-03 (10), 04-04..06 off, 04-07..10 (14), 04-13 (15), 04-14 (16).
    const entries = [start('2026-03-02', 20), stop('2026-03-06', '专家评审', 10), resume('2026-03-20')];

    const during = computeClock(entries.slice(0, 2), calendar, '2026-03-10', OPTIONS);
    expect(during).toMatchObject({ running: false, usedWorkingDays: 4, remainingWorkingDays: 16, level: 'normal' });
    // Projected as if resumed today (03-10): 03-11..13 (3), 03-16..20 (8), 03-23..27 (13), 03-30..04-01 (16).
    expect(during.deadline).toBe('2026-04-01');
    expect(during.lines[1]).toMatchObject({ usedWorkingDaysAfter: 4, deadlineAfter: null });
    expect(during.lines[1]!.text).toContain('暂停计时，预计 10 个工作日');
    expect(during.lines[1]!.text).toContain('已用 4 个工作日，剩余 16 个工作日');

    const after = computeClock(entries, calendar, '2026-04-01', OPTIONS);
    // 4 + 03-23..27 (5) + 03-30, 03-31, 04-01 (3) = 12.
    expect(after).toMatchObject({
      running: true,
      usedWorkingDays: 12,
      remainingWorkingDays: 8,
      deadline: '2026-04-14',
    });
    expect(after.lines.map((l) => l.deadlineAfter)).toEqual(['2026-03-30', null, '2026-04-14']);
    expect(after.lines[2]!.text).toContain('恢复计时（当日不计入）');
    expect(after.lines[2]!.text).toContain('剩余 16 个工作日，期限至 2026-04-14');
  });

  it('two stops', () => {
    // Run 1: (03-02, 03-04] = 2. Run 2: (03-09, 03-11] = 2. Run 3 from 03-16 with 16 left:
    // 03-17..20 (4), 03-23..27 (9), 03-30..04-03 (14), 04-07 (15), 04-08 (16).
    const entries = [
      start('2026-03-02', 20),
      stop('2026-03-04', '补正'),
      resume('2026-03-09', '补正材料已收到'),
      stop('2026-03-11', '现场检测'),
      resume('2026-03-16', '检测完成'),
    ];
    const clock = computeClock(entries, calendar, '2026-03-16', OPTIONS);
    expect(clock).toMatchObject({ usedWorkingDays: 4, remainingWorkingDays: 16, deadline: '2026-04-08' });
    expect(clock.lines.map((l) => [l.usedWorkingDaysAfter, l.deadlineAfter])).toEqual([
      [0, '2026-03-30'],
      [2, null],
      // Resumed 03-09 with 18 left: 03-10..13 (4), 03-16..20 (9), 03-23..27 (14), 03-30..04-02 (18).
      [2, '2026-04-02'],
      [4, null],
      [4, '2026-04-08'],
    ]);
  });

  it('an extension: 20 + 10 WD (行政许可法 art.42) and 核准 20 + 40 WD (条例673)', () => {
    // 30 WD from 03-02: 03-30 (20), 03-31..04-03 (24), 04-07..10 (28), 04-13 (29), 04-14 (30).
    const licence = computeClock([start('2026-03-02', 20), extend('2026-03-27', 10)], calendar, '2026-03-27', OPTIONS);
    expect(licence).toMatchObject({ limitWorkingDays: 30, extendedWorkingDays: 10, deadline: '2026-04-14' });
    expect(licence.lines[1]!.text).toContain('延长 10 个工作日');
    expect(licence.lines[1]!.text).toContain('时限共 30 个工作日，期限至 2026-04-14');

    // 60 WD from 03-02: 04-14 (30), 04-15..17 (33), 04-20..24 (38), 04-27..30 (42), 05-01..05 off, 05-06..08 (45),
    // 05-09 make-up Sat (46), 05-11..15 (51), 05-18..22 (56), 05-25..28 (60).
    const ratification = computeClock(
      [start('2026-03-02', 20), extend('2026-03-27', 40, '《企业投资项目核准和备案管理条例》第十条')],
      calendar,
      '2026-03-27',
      OPTIONS,
    );
    expect(ratification.deadline).toBe('2026-05-28');
  });

  it('an extension while stopped is applied when the clock resumes', () => {
    const clock = computeClock(
      [start('2026-03-02', 20), stop('2026-03-06'), extend('2026-03-10', 10)],
      calendar,
      '2026-03-10',
      OPTIONS,
    );
    // 4 used, 26 left, projected from 03-10.
    expect(clock).toMatchObject({ running: false, usedWorkingDays: 4, remainingWorkingDays: 26 });
    expect(clock.lines[2]!.deadlineAfter).toBeNull();
    expect(clock.lines[2]!.text).toContain('计时暂停中');
  });

  it('a stop and a resume on the same day leave the deadline unchanged', () => {
    const plain = computeClock([start('2026-03-02', 20)], calendar, '2026-03-10', OPTIONS);
    const stopped = computeClock(
      [start('2026-03-02', 20), stop('2026-03-10', '补正'), resume('2026-03-10', '当场补正')],
      calendar,
      '2026-03-10',
      OPTIONS,
    );
    expect(plain.deadline).toBe('2026-03-30');
    expect(stopped.deadline).toBe('2026-03-30');
    expect(stopped.usedWorkingDays).toBe(plain.usedWorkingDays);
  });

  it('yellow when 2 or fewer working days remain, red after the deadline', () => {
    const entries = [start('2026-03-02', 20)];
    // 03-25: 17 used, 3 left.
    expect(computeClock(entries, calendar, '2026-03-25', OPTIONS)).toMatchObject({
      remainingWorkingDays: 3,
      level: 'normal',
    });
    expect(computeClock(entries, calendar, '2026-03-26', OPTIONS)).toMatchObject({
      remainingWorkingDays: 2,
      level: 'yellow',
    });
    expect(computeClock(entries, calendar, '2026-03-30', OPTIONS)).toMatchObject({
      remainingWorkingDays: 0,
      overdueWorkingDays: 0,
      level: 'yellow',
    });
    expect(computeClock(entries, calendar, '2026-03-31', OPTIONS)).toMatchObject({
      remainingWorkingDays: 0,
      overdueWorkingDays: 1,
      level: 'red',
      deadline: '2026-03-30',
    });
    // 04-06 is a holiday: overdue 03-31, 04-01, 04-02, 04-03.
    expect(computeClock(entries, calendar, '2026-04-06', OPTIONS)).toMatchObject({
      overdueWorkingDays: 4,
      level: 'red',
    });
    // Deadline on Friday 03-13 (9 WD from 03-02): the Saturday after is already red, with 0 working days overdue.
    expect(computeClock([start('2026-03-02', 9)], calendar, '2026-03-14', OPTIONS)).toMatchObject({
      deadline: '2026-03-13',
      overdueWorkingDays: 0,
      level: 'red',
    });
  });

  it('a stopped clock is never red for the days spent stopped', () => {
    // Stopped on 03-26 with 2 left; months later it is still not overdue.
    const clock = computeClock([start('2026-03-02', 20), stop('2026-03-26')], calendar, '2026-05-20', OPTIONS);
    expect(clock).toMatchObject({
      running: false,
      usedWorkingDays: 18,
      remainingWorkingDays: 2,
      level: 'normal',
      overdueWorkingDays: 0,
      deadline: '2026-05-22',
    });
    // Stopped when already 1 WD overdue: red, and still 1 WD overdue however long the stop.
    const late = computeClock([start('2026-03-02', 20), stop('2026-03-31')], calendar, '2026-05-20', OPTIONS);
    expect(late).toMatchObject({ level: 'red', overdueWorkingDays: 1, deadline: '2026-03-30' });
  });

  it('stopped on the deadline day: resumed, the decision is due on the resume day', () => {
    const entries = [start('2026-03-02', 20), stop('2026-03-30'), resume('2026-04-08')];
    expect(computeClock(entries.slice(0, 2), calendar, '2026-04-01', OPTIONS)).toMatchObject({
      remainingWorkingDays: 0,
      level: 'normal',
      deadline: '2026-04-01',
    });
    expect(computeClock(entries, calendar, '2026-04-08', OPTIONS)).toMatchObject({
      deadline: '2026-04-08',
      level: 'yellow',
    });
    expect(computeClock(entries, calendar, '2026-04-09', OPTIONS)).toMatchObject({
      overdueWorkingDays: 1,
      level: 'red',
    });
  });

  it('flags a deadline in 2027 (holidays not yet published) as provisional', () => {
    const clock = computeClock([start('2026-12-15', 20)], calendar, '2026-12-15', OPTIONS);
    expect(clock.provisional).toBe(true);
    expect(clock.deadline! > '2027-01-01').toBe(true);
    expect(computeClock([start('2026-03-02', 20)], calendar, '2026-03-02', OPTIONS).provisional).toBe(false);
  });

  it('refuses a malformed ledger', () => {
    expect(codeOf(() => computeClock([stop('2026-03-02')], calendar, '2026-03-02', OPTIONS))).toBe('CLOCK_NOT_STARTED');
    expect(
      codeOf(() => computeClock([start('2026-03-02', 20), start('2026-03-03', 20)], calendar, '2026-03-03', OPTIONS)),
    ).toBe('CLOCK_ALREADY_STARTED');
    expect(
      codeOf(() => computeClock([start('2026-03-10', 20), stop('2026-03-09')], calendar, '2026-03-10', OPTIONS)),
    ).toBe('CLOCK_ENTRY_OUT_OF_ORDER');
  });
});

describe('validateClockAppend', () => {
  const rules = { maxExtensionWorkingDays: 10 };

  it('accepts a well-formed append', () => {
    expect(() => validateClockAppend([], start('2026-03-02', 20), rules)).not.toThrow();
    expect(() => validateClockAppend([start('2026-03-02', 20)], stop('2026-03-02'), rules)).not.toThrow();
    expect(() => validateClockAppend([start('2026-03-02', 20)], extend('2026-03-20', 10), rules)).not.toThrow();
  });

  it('refuses an entry dated before the last one', () => {
    expect(
      codeOf(() => validateClockAppend([start('2026-03-02', 20), stop('2026-03-10')], resume('2026-03-09'), rules)),
    ).toBe('CLOCK_ENTRY_OUT_OF_ORDER');
  });

  it('refuses entries the clock state does not allow', () => {
    expect(codeOf(() => validateClockAppend([], extend('2026-03-02', 5), rules))).toBe('CLOCK_NOT_STARTED');
    expect(codeOf(() => validateClockAppend([start('2026-03-02', 20)], start('2026-03-03', 20), rules))).toBe(
      'CLOCK_ALREADY_STARTED',
    );
    expect(codeOf(() => validateClockAppend([start('2026-03-02', 20)], resume('2026-03-03'), rules))).toBe(
      'CLOCK_NOT_STOPPED',
    );
    expect(
      codeOf(() => validateClockAppend([start('2026-03-02', 20), stop('2026-03-03')], stop('2026-03-04'), rules)),
    ).toBe('CLOCK_NOT_RUNNING');
  });

  it('refuses extensions beyond the maximum (行政许可法 art.42: +10 WD)', () => {
    const entries = [start('2026-03-02', 20), extend('2026-03-20', 6)];
    expect(codeOf(() => validateClockAppend(entries, extend('2026-03-25', 5), rules))).toBe('CLOCK_EXTENSION_EXCEEDED');
    expect(codeOf(() => validateClockAppend(entries, extend('2026-03-25', 4), rules))).toBeNull();
    expect(
      codeOf(() =>
        validateClockAppend([start('2026-03-02', 20)], extend('2026-03-20', 40), { maxExtensionWorkingDays: 40 }),
      ),
    ).toBeNull();
  });

  it('refuses malformed entries', () => {
    const s = start('2026-03-02', 20);
    expect(codeOf(() => validateClockAppend([s], extend('2026-03-03', 0), rules))).toBe('CLOCK_ENTRY_INVALID');
    expect(codeOf(() => validateClockAppend([s], { ...stop('2026-03-03'), legalBasis: ' ' }, rules))).toBe(
      'CLOCK_ENTRY_INVALID',
    );
    expect(codeOf(() => validateClockAppend([], { ...s, workingDays: null }, rules))).toBe('CLOCK_ENTRY_INVALID');
    expect(codeOf(() => validateClockAppend([], { ...s, date: '2026-02-30' }, rules))).toBe('INVALID_DATE');
  });
});

describe('correctionDeadline (行政许可法 art.32)', () => {
  it('submitted Fri 2026-11-20: the 补正 notice may go out until 2026-11-27; deemed accepted on 2026-11-30', () => {
    expect(correctionDeadline('2026-11-20', calendar, 5)).toBe('2026-11-27');
    expect(deemedAcceptanceDate('2026-11-20', calendar, 5)).toBe('2026-11-30');
  });

  it('skips holidays: submitted 2026-09-30 with 2 WD → 2026-10-09', () => {
    // 10-01..07 off; 10-08 (1), 10-09 (2).
    expect(correctionDeadline('2026-09-30', calendar, 2)).toBe('2026-10-09');
  });
});
