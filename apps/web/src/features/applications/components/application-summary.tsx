import { Alert, Descriptions, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { ApplicationDetail } from '../api/applications.types.ts';
import { AcceptanceModeTag, ApplicationStatusTag } from './approval-tags.tsx';

/** Status, receipt number, dates and acceptance mode of an application. */
export function ApplicationSummary({
  application: a,
  projectLink,
}: {
  application: ApplicationDetail;
  projectLink?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      data-testid="application-summary"
      items={[
        {
          key: 'status',
          label: t('application.status'),
          children: (
            <>
              <ApplicationStatusTag status={a.status} />
              {a.priority ? (
                <Tag color="green" data-testid="green-channel">
                  {t('application.greenChannel')}
                </Tag>
              ) : null}
            </>
          ),
        },
        {
          key: 'receipt',
          label: t('application.receiptNumber'),
          children: (
            <span className="mono" data-testid="receipt-number">
              {a.receiptNumber ?? '—'}
            </span>
          ),
        },
        {
          key: 'project',
          label: t('window.col.projectName'),
          children: projectLink ? <Link to={`/projects/${a.projectId}`}>{a.projectName}</Link> : a.projectName,
        },
        { key: 'code', label: t('project.code'), children: <span className="mono">{a.projectCode}</span> },
        { key: 'enterprise', label: t('application.enterprise'), children: a.enterpriseName },
        { key: 'stage', label: t('window.col.stage'), children: a.stageName },
        { key: 'submitted', label: t('window.col.submittedAt'), children: formatDateTime(a.submittedAt, false) },
        {
          key: 'accepted',
          label: t('application.acceptedOn'),
          children: (
            <>
              {a.acceptedOn ?? '—'} <AcceptanceModeTag mode={a.acceptanceMode} />
              {a.deemedAccepted ? <Tag>{t('application.deemedAccepted')}</Tag> : null}
            </>
          ),
        },
      ]}
    />
  );
}

/** One line saying where the application stands and what happens next. */
export function ApplicationStatusAlert({ application: a }: { application: ApplicationDetail }) {
  const { t } = useI18n();
  switch (a.status) {
    case 'draft':
      return <Alert type="info" showIcon title={t('application.hint.draft')} />;
    case 'submitted':
      return <Alert type="info" showIcon title={t('application.hint.submitted')} />;
    case 'rejected':
      return (
        <Alert
          type="error"
          showIcon
          title={t('application.hint.rejected')}
          description={a.rejectionReason}
          data-testid="rejection-reason"
        />
      );
    case 'withdrawn':
      return <Alert type="warning" showIcon title={t('application.hint.withdrawn')} />;
    case 'accepted':
      return (
        <Alert
          type="success"
          showIcon
          title={t('application.hint.accepted', { date: a.acceptedOn ?? '' })}
          description={a.toleranceDueOn ? t('application.hint.toleranceDue', { date: a.toleranceDueOn }) : undefined}
        />
      );
    case 'completed':
      return <Alert type="success" showIcon title={t('application.hint.completed')} />;
    default:
      return null;
  }
}
