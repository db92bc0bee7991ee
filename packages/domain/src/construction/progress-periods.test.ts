import { describe, expect, it } from 'vitest';
import {
  latestPastDuePeriod,
  nextDuePeriod,
  owedProgressPeriods,
  progressDueOn,
  progressPeriodLabel,
  progressPeriodLabelEn,
  progressPeriodOf,
} from './progress-periods.ts';

const monthly = { interval: 'monthly' as const, dueDay: 10 };
const quarterly = { interval: 'quarterly' as const, dueDay: 10 };

describe('progress periods', () => {
  it('finds the period of a day for each interval, leap February included', () => {
    expect(progressPeriodOf('2028-02-15', 'monthly')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(progressPeriodOf('2026-11-25', 'quarterly')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(progressPeriodOf('2026-03-31', 'quarterly')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(progressPeriodOf('2026-07-01', 'annual')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('is due on the configured day of the month after the period, across the year end', () => {
    expect(progressDueOn({ start: '2026-11-01', end: '2026-11-30' }, monthly)).toBe('2026-12-10');
    expect(progressDueOn({ start: '2026-12-01', end: '2026-12-31' }, monthly)).toBe('2027-01-10');
    expect(progressDueOn({ start: '2026-10-01', end: '2026-12-31' }, quarterly)).toBe('2027-01-10');
    expect(() => progressDueOn({ start: '2026-11-01', end: '2026-11-30' }, { ...monthly, dueDay: 31 })).toThrow();
  });

  it('takes the latest period whose due day has passed, not one still due today', () => {
    // On 2026-12-10 November's report is due that day, not yet overdue: the latest past-due period is October.
    expect(latestPastDuePeriod('2026-12-10', monthly)).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(latestPastDuePeriod('2026-12-11', monthly)).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(nextDuePeriod('2026-12-10', monthly)).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(nextDuePeriod('2026-12-11', monthly)).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(latestPastDuePeriod('2027-01-05', quarterly)).toEqual({ start: '2026-07-01', end: '2026-09-30' });
  });

  it('owes every period from the start through the last past due, and stops before the completion period', () => {
    const owed = owedProgressPeriods('2026-08-20', null, '2026-11-25', monthly);
    expect(owed.map((p) => p.end)).toEqual(['2026-08-31', '2026-09-30', '2026-10-31']);
    expect(owed[0]!.dueOn).toBe('2026-09-10');
    const completed = owedProgressPeriods('2026-08-20', '2026-10-15', '2027-03-01', monthly);
    expect(completed.map((p) => p.end)).toEqual(['2026-08-31', '2026-09-30']);
    // Started this month: nothing owed yet.
    expect(owedProgressPeriods('2026-11-03', null, '2026-11-25', monthly)).toEqual([]);
  });

  it('names periods in Chinese and English', () => {
    expect(progressPeriodLabel(progressPeriodOf('2026-11-25', 'monthly'), 'monthly')).toBe('2026年11月');
    expect(progressPeriodLabel(progressPeriodOf('2026-11-25', 'quarterly'), 'quarterly')).toBe('2026年第四季度');
    expect(progressPeriodLabel(progressPeriodOf('2026-11-25', 'annual'), 'annual')).toBe('2026年度');
    expect(progressPeriodLabelEn(progressPeriodOf('2026-02-25', 'quarterly'), 'quarterly')).toBe('2026-Q1');
    expect(progressPeriodLabelEn(progressPeriodOf('2026-02-25', 'monthly'), 'monthly')).toBe('2026-02');
  });
});
