/**
 * 建设进度 reporting periods (DOMAIN.md §7: the project unit reports progress through the platform on a schedule — monthly
 * for 重大项目 is common, some provinces annual [U], so the interval is configuration). A period's report is due by a
 * configured day of the month after the period ends; it may be filed from the period's first day.
 */
import { daysInMonth, formatCivilDate, parseCivilDate, type CivilDate } from '../civil-date.ts';
import { DomainError } from '../errors.ts';

export const PROGRESS_INTERVALS = ['monthly', 'quarterly', 'annual'] as const;
export type ProgressInterval = (typeof PROGRESS_INTERVALS)[number];

export interface ProgressPeriod {
  start: CivilDate;
  end: CivilDate;
}

export interface ProgressSchedule {
  interval: ProgressInterval;
  /** Day of the month after the period by which its report is due (1–28). */
  dueDay: number;
}

const MONTHS_PER_PERIOD: Readonly<Record<ProgressInterval, number>> = { monthly: 1, quarterly: 3, annual: 12 };

/** The period containing `date`. */
export function progressPeriodOf(date: CivilDate, interval: ProgressInterval): ProgressPeriod {
  const { year, month } = parseCivilDate(date);
  const span = MONTHS_PER_PERIOD[interval];
  const firstMonth = Math.floor((month - 1) / span) * span + 1;
  const lastMonth = firstMonth + span - 1;
  return {
    start: formatCivilDate({ year, month: firstMonth, day: 1 }),
    end: formatCivilDate({ year, month: lastMonth, day: daysInMonth(year, lastMonth) }),
  };
}

/** The period after `period`. */
export function nextProgressPeriod(period: ProgressPeriod, interval: ProgressInterval): ProgressPeriod {
  const { year, month } = parseCivilDate(period.end);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return progressPeriodOf(formatCivilDate({ ...next, day: 1 }), interval);
}

/** The period before `period`. */
export function previousProgressPeriod(period: ProgressPeriod, interval: ProgressInterval): ProgressPeriod {
  const { year, month } = parseCivilDate(period.start);
  const prev = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return progressPeriodOf(formatCivilDate({ ...prev, day: 1 }), interval);
}

/** The day the report of `period` is due: `dueDay` of the month after the period ends. */
export function progressDueOn(period: ProgressPeriod, schedule: ProgressSchedule): CivilDate {
  if (!Number.isInteger(schedule.dueDay) || schedule.dueDay < 1 || schedule.dueDay > 28) {
    throw new DomainError(
      'PROGRESS_SCHEDULE_INVALID',
      `报送截止日须为 1–28，当前为 ${schedule.dueDay}`,
      `due day must be 1–28, got ${schedule.dueDay}`,
    );
  }
  const { year, month } = parseCivilDate(period.end);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return formatCivilDate({ ...next, day: schedule.dueDay });
}

/** The latest period whose report was due before `today` (its due day has passed): the one an overdue check looks at. */
export function latestPastDuePeriod(today: CivilDate, schedule: ProgressSchedule): ProgressPeriod {
  let period = previousProgressPeriod(progressPeriodOf(today, schedule.interval), schedule.interval);
  // The previous period's due day may still be ahead (e.g. the 5th of this month with due day 10): go one further back.
  while (progressDueOn(period, schedule) >= today) period = previousProgressPeriod(period, schedule.interval);
  return period;
}

/** The earliest period whose report is due on or after `today`: the one the unit is reminded of. */
export function nextDuePeriod(today: CivilDate, schedule: ProgressSchedule): ProgressPeriod {
  return nextProgressPeriod(latestPastDuePeriod(today, schedule), schedule.interval);
}

export interface OwedPeriod extends ProgressPeriod {
  dueOn: CivilDate;
}

/**
 * The periods a project owes a report for, oldest first: from the one containing its 开工 day through the latest one
 * whose due day has passed by `today` — or, once completed, through the one before the 竣工 day's (the 竣工 report
 * covers the last stretch).
 */
export function owedProgressPeriods(
  startedOn: CivilDate,
  completedOn: CivilDate | null,
  today: CivilDate,
  schedule: ProgressSchedule,
): OwedPeriod[] {
  const lastDue = latestPastDuePeriod(today, schedule);
  const last = completedOn
    ? minPeriod(lastDue, previousProgressPeriod(progressPeriodOf(completedOn, schedule.interval), schedule.interval))
    : lastDue;
  const owed: OwedPeriod[] = [];
  for (
    let period = progressPeriodOf(startedOn, schedule.interval);
    period.end <= last.end;
    period = nextProgressPeriod(period, schedule.interval)
  ) {
    owed.push({ ...period, dueOn: progressDueOn(period, schedule) });
  }
  return owed;
}

const minPeriod = (a: ProgressPeriod, b: ProgressPeriod) => (a.end <= b.end ? a : b);

/** 2026年11月 / 2026年第四季度 / 2026年度 — the period as the forms and notices name it. */
export function progressPeriodLabel(period: ProgressPeriod, interval: ProgressInterval): string {
  const { year, month } = parseCivilDate(period.start);
  if (interval === 'annual' || (period.start.endsWith('-01-01') && period.end.endsWith('-12-31'))) return `${year}年度`;
  const endMonth = parseCivilDate(period.end).month;
  if (endMonth - month === 2) return `${year}年第${'一二三四'[(month - 1) / 3]}季度`;
  return `${year}年${month}月`;
}

/** 2026-11 / 2026-Q4 / 2026 — the same in English. */
export function progressPeriodLabelEn(period: ProgressPeriod, interval: ProgressInterval): string {
  const { year, month } = parseCivilDate(period.start);
  if (interval === 'annual' || (period.start.endsWith('-01-01') && period.end.endsWith('-12-31'))) return `${year}`;
  const endMonth = parseCivilDate(period.end).month;
  if (endMonth - month === 2) return `${year}-Q${(month + 2) / 3}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}
