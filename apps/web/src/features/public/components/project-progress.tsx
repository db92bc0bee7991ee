import { Alert, Empty, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../app/api/http.ts';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { CaseStatusTag } from '../../applications/components/approval-tags.tsx';
import { usePublicProgress } from '../api/progress.api.ts';

const STAGE_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  correctionRequested: 'warning',
  accepted: 'blue',
  completed: 'success',
  rejected: 'error',
  notStarted: 'default',
};

/** 审批进度 (public): each stage and its matters — department, status, deadline, licence number. */
export function ProjectProgress({ code }: { code: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const progress = usePublicProgress(code);
  if (progress.isPending) return <Spin />;
  if (progress.isError) {
    if (progress.error instanceof ApiError && progress.error.status === 404) return null;
    return <Alert type="error" showIcon title={errorText(progress.error)} />;
  }
  const stages = progress.data.stages;
  return (
    <section className="public-progress" data-testid="public-progress">
      <Typography.Title level={5}>{t('progress.title')}</Typography.Title>
      {stages.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('progress.none')} />
      ) : (
        stages.map((stage) => (
          <div key={stage.stageCode} className="progress-stage" data-testid={`progress-stage-${stage.stageCode}`}>
            <div className="progress-stage-head">
              <Typography.Text strong>{stage.stageName}</Typography.Text>
              <Tag color={STAGE_COLORS[stage.status] ?? 'default'}>{stageStatusLabel(stage.status, t)}</Tag>
            </div>
            <ul className="case-list">
              {stage.cases.map((c, index) => (
                <li key={`${c.matterName}-${index}`} className="case-item">
                  <div className="case-item-head">
                    <Typography.Text>{c.matterName}</Typography.Text>
                    <CaseStatusTag status={c.status} testId="progress-case-status" />
                  </div>
                  <div className="case-item-facts">
                    <span>{c.departmentName}</span>
                    {c.decision ? (
                      <span>
                        {t('case.decidedOn')}：{c.decidedOn ?? '—'}
                      </span>
                    ) : (
                      <>
                        {c.currentStepName ? (
                          <span>
                            {t('case.step')}：{c.currentStepName}
                          </span>
                        ) : null}
                        <span>
                          {t('case.deadline')}：{c.deadline ?? '—'}
                        </span>
                      </>
                    )}
                    {c.licenceNumber ? (
                      <span>
                        {t('licence.number')}：
                        <Link to={`/public/licences/${encodeURIComponent(c.licenceNumber)}`} className="mono">
                          {c.licenceNumber}
                        </Link>
                      </span>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}

function stageStatusLabel(status: string, t: ReturnType<typeof useI18n>['t']): string {
  switch (status) {
    case 'draft':
    case 'submitted':
    case 'correctionRequested':
    case 'accepted':
    case 'rejected':
    case 'withdrawn':
    case 'completed':
      return t(`application.status.${status}`);
    default:
      return status === 'notStarted' ? t('progress.notStarted') : status;
  }
}
