import { ArrowRightOutlined, FormOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Space, Spin, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { LicencePackage } from '../../licences/components/licence-package.tsx';
import { useProjectPlan } from '../../projects/api/plan.api.ts';
import { useProjectApplications, useProjectCases, useStartApplication } from '../api/applications.api.ts';
import type { ApplicationListItem } from '../api/applications.types.ts';
import { ApplicationStatusTag } from './approval-tags.tsx';
import { CaseTracking } from './case-tracking.tsx';

const CLOSED = new Set(['rejected', 'withdrawn']);

interface SectionProps {
  projectId: string;
  /** The facts chosen on the roadmap (一项目一方案), sent with a new application. */
  facts: string[];
  /** Applicant / agent of the project, with a verified code: may start applications. */
  canApply: boolean;
}

/** 阶段申报 on the project page: start or continue each stage, the applications, the licence package, the cases. */
export function StageApplicationsSection({ projectId, facts, canApply }: SectionProps) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={16} className="full-width" data-testid="stage-applications">
      <Card title={t('application.sectionTitle')} className="plan-card">
        <StageList projectId={projectId} facts={facts} canApply={canApply} />
      </Card>
      <Card title={t('case.trackingTitle')}>
        <ProjectCases projectId={projectId} />
      </Card>
      <Card title={t('licence.packageTitle')}>
        <LicencePackage projectId={projectId} />
      </Card>
    </Space>
  );
}

function StageList({ projectId, facts, canApply }: SectionProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const plan = useProjectPlan(projectId, undefined, facts);
  const applications = useProjectApplications(projectId);
  if (plan.isPending || applications.isPending) return <Spin />;
  if (plan.isError) return <Alert type="info" showIcon title={errorText(plan.error)} />;
  if (applications.isError) return <Alert type="error" showIcon title={errorText(applications.error)} />;
  const items = applications.data.items;
  return (
    <ul className="stage-apply-list">
      {plan.data.stages.map((stage) => {
        const ofStage = items.filter((a) => a.stageCode === stage.code);
        const live = ofStage.find((a) => !CLOSED.has(a.status));
        return (
          <li key={stage.code} className="stage-apply" data-testid={`stage-apply-${stage.code}`}>
            <div className="stage-apply-head">
              <span className="plan-stage-order">{stage.order}</span>
              <div className="stage-apply-title">
                <Typography.Text strong>{stage.name}</Typography.Text>
                <Typography.Text type="secondary" className="stage-apply-meta">
                  {stage.matters.length === 0
                    ? t('plan.noMatters')
                    : t('application.matterCount', { count: stage.matters.length })}
                </Typography.Text>
              </div>
              <StageAction
                projectId={projectId}
                stageCode={stage.code}
                facts={facts}
                live={live}
                disabled={!canApply || stage.matters.length === 0}
                showStart={canApply}
              />
            </div>
            {ofStage.length > 0 ? <ApplicationRows items={ofStage} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function StageAction(props: {
  projectId: string;
  stageCode: string;
  facts: string[];
  live: ApplicationListItem | undefined;
  disabled: boolean;
  showStart: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const start = useStartApplication(props.projectId);
  if (props.live) {
    return (
      <Link to={`/applications/${props.live.id}`} data-testid={`continue-stage-${props.stageCode}`}>
        <Button type="primary" icon={<ArrowRightOutlined />}>
          {t('application.continue')}
        </Button>
      </Link>
    );
  }
  if (!props.showStart) return null;
  return (
    <Button
      type="primary"
      icon={<FormOutlined />}
      disabled={props.disabled}
      loading={start.isPending}
      data-testid={`apply-stage-${props.stageCode}`}
      onClick={() =>
        start.mutate(
          { stageCode: props.stageCode, facts: props.facts },
          {
            onSuccess: (detail) => void navigate(`/applications/${detail.id}`),
            onError: (error) => void message.error(errorText(error)),
          },
        )
      }
    >
      {t('application.start')}
    </Button>
  );
}

function ApplicationRows({ items }: { items: ApplicationListItem[] }) {
  const { t } = useI18n();
  return (
    <ul className="stage-apply-apps">
      {items.map((a) => (
        <li key={a.id} data-testid={`application-row-${a.id}`}>
          <Link to={`/applications/${a.id}`}>{a.receiptNumber ?? t('application.draftName')}</Link>
          <ApplicationStatusTag status={a.status} testId={`application-status-${a.stageCode}`} />
          <Typography.Text type="secondary">
            {a.submittedOn ? t('application.submittedAt', { time: a.submittedOn }) : ''}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

function ProjectCases({ projectId }: { projectId: string }) {
  const errorText = useErrorText();
  const { t } = useI18n();
  const cases = useProjectCases(projectId);
  if (cases.isPending) return <Spin />;
  if (cases.isError) return <Alert type="error" showIcon title={errorText(cases.error)} />;
  if (cases.data.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.none')} />;
  return <CaseTracking cases={cases.data.items} />;
}
