import type { ClockState } from '@yiwang/domain';
import { Descriptions, Tag, Timeline, Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { RemainingTag } from '../../applications/components/approval-tags.tsx';

const KIND_COLORS: Record<string, string> = { start: 'blue', stop: 'orange', resume: 'green', extend: 'purple' };

/** The working-day clock explained line by line: each ledger entry, and the deadline after it. */
export function ClockExplained({ clock }: { clock: ClockState }) {
  const { t, locale } = useI18n();
  return (
    <div data-testid="case-clock">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'remaining',
            label: t('case.remaining'),
            // Overdue, the ledger's remaining days stop at 0: the tag says 超期 N instead (a negative figure), as the
            // case lists and the page's header do, rather than 剩 0 beside a separate 超期 row.
            children: (
              <RemainingTag
                days={clock.overdueWorkingDays > 0 ? -clock.overdueWorkingDays : clock.remainingWorkingDays}
                level={clock.level}
                running={clock.running}
              />
            ),
          },
          { key: 'deadline', label: t('case.deadline'), children: clock.deadline ?? '—' },
          {
            key: 'limit',
            label: t('clock.limit'),
            children: t('clock.limitValue', { limit: clock.limitWorkingDays, extended: clock.extendedWorkingDays }),
          },
          { key: 'used', label: t('clock.used'), children: t('case.days', { days: clock.usedWorkingDays }) },
        ]}
      />
      {clock.provisional ? <Typography.Text type="secondary">{t('plan.provisionalHint')}</Typography.Text> : null}
      <Timeline
        className="clock-lines"
        items={clock.lines.map((line, index) => ({
          key: `${line.date}-${index}`,
          color: KIND_COLORS[line.kind] ?? 'gray',
          content: (
            <div className="clock-line" data-testid="clock-line">
              <div>
                <Typography.Text strong>{line.date}</Typography.Text>{' '}
                <Tag color={KIND_COLORS[line.kind]}>{t(`clock.kind.${line.kind}`)}</Tag>
              </div>
              <div>{locale === 'en-US' ? line.textEn || line.text : line.text}</div>
              <Typography.Text type="secondary">
                {line.legalBasis ? `${line.legalBasis} · ` : ''}
                {t('clock.deadlineAfter', { deadline: line.deadlineAfter ?? t('clock.stopped') })}
              </Typography.Text>
            </div>
          ),
        }))}
      />
    </div>
  );
}
