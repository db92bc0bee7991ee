import { DownloadOutlined, EditOutlined, FilePdfOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../app/api/http.ts';
import { StageApplicationsSection } from '../../applications/components/stage-applications-section.tsx';
import { ConstructionSection } from '../../construction/components/construction-section.tsx';
import { FinancingSection } from '../../finance/components/financing-section.tsx';
import { IntermediarySection } from '../../intermediary/components/intermediary-section.tsx';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { downloadFilingCertificate, useProcedureSuggestion, useProject, type Project } from '../api/projects.api.ts';
import { ChangeModal } from '../components/change-modal.tsx';
import { HistoryTimeline } from '../components/history-timeline.tsx';
import { ProjectCodeBlock } from '../components/project-code-block.tsx';
import { ProjectPlanSection } from '../components/project-plan.tsx';
import { ProjectInfo } from '../components/project-info.tsx';
import { ProcedureTag, ProjectStatusTag } from '../components/project-tags.tsx';
import { VoidModal } from '../components/void-modal.tsx';

/** The reason for the procedure in the UI language (the project stores the Chinese one; English asks the server again). */
function useProcedureReason(project: Project): string | null {
  const { locale } = useI18n();
  const english = locale === 'en-US';
  const suggestion = useProcedureSuggestion({
    investmentNature: english ? (project.investmentNature ?? undefined) : undefined,
    ...(english && project.industryCode ? { industryCode: project.industryCode } : {}),
  });
  if (english && suggestion.data && suggestion.data.procedure === project.procedure) return suggestion.data.reasonEn;
  return project.procedureReason;
}

/** 项目详情: code and QR, status and procedure, every information item, history, documents, and the owner's actions. */
export function ProjectDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const errorText = useErrorText();
  const project = useProject(id);

  if (project.isPending) return <Spin />;
  if (project.isError) {
    const notFound = project.error instanceof ApiError && project.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('project.notFound') : errorText(project.error)}
        subTitle={notFound ? errorText(project.error) : undefined}
      />
    );
  }
  return <ProjectDetail project={project.data} />;
}

function ProjectDetail({ project }: { project: Project }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [changeOpen, setChangeOpen] = useState(false);
  const [voidOpen, setVoidOpen] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [facts, setFacts] = useState<string[]>([]);
  const reason = useProcedureReason(project);
  const isOwner = me.role === 'applicant' || me.role === 'agent';
  const active = project.status === 'coded' || project.status === 'filed';

  const download = () => {
    setDownloading(true);
    downloadFilingCertificate(project)
      .catch((error: unknown) => message.error(errorText(error)))
      .finally(() => setDownloading(false));
  };

  const actions = isOwner ? (
    <Space wrap>
      {project.status === 'draft' ? (
        <Link to={`/portal/apply/new?draft=${project.id}`}>
          <Button type="primary" icon={<EditOutlined />} data-testid="continue-draft">
            {t('project.continueDraft')}
          </Button>
        </Link>
      ) : null}
      {active ? (
        <Button icon={<EditOutlined />} onClick={() => setChangeOpen(true)} data-testid="open-change">
          {t('project.change.title')}
        </Button>
      ) : null}
      {project.status !== 'voided' ? (
        <Button danger icon={<StopOutlined />} onClick={() => setVoidOpen(true)} data-testid="open-void">
          {t('project.void.title')}
        </Button>
      ) : null}
    </Space>
  ) : null;

  return (
    <Page
      title={<span data-testid="project-name">{project.name}</span>}
      description={project.enterpriseName}
      extra={actions}
      testId="project-detail"
    >
      {project.status === 'voided' ? (
        <Alert type="error" showIcon className="form-alert" title={t('project.voidedNotice')} />
      ) : null}
      {!isOwner ? <Alert type="info" showIcon className="form-alert" title={t('project.readOnly')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Space orientation="vertical" size={16} className="full-width">
            <Card title={t('project.codeCard')} data-testid="code-card">
              {project.code ? (
                <ProjectCodeBlock code={project.code} qrSize={200} />
              ) : (
                <Typography.Paragraph type="secondary">{t('project.noCodeYet')}</Typography.Paragraph>
              )}
              <Descriptions
                size="small"
                column={1}
                className="code-card-facts"
                items={[
                  {
                    key: 'status',
                    label: t('project.col.status'),
                    children: <ProjectStatusTag status={project.status} />,
                  },
                  {
                    key: 'procedure',
                    label: t('project.col.procedure'),
                    children: (
                      <div>
                        <ProcedureTag procedure={project.procedure} />
                        {reason ? (
                          <Typography.Paragraph
                            type="secondary"
                            className="procedure-reason"
                            data-testid="procedure-reason"
                          >
                            {reason}
                          </Typography.Paragraph>
                        ) : null}
                      </div>
                    ),
                  },
                  { key: 'codedAt', label: t('project.codedAt'), children: formatDateTime(project.codedAt) },
                  { key: 'filedAt', label: t('project.filedAt'), children: formatDateTime(project.filedAt) },
                ]}
              />
            </Card>
            <Card title={t('project.documents')} data-testid="documents-card">
              <div className="document-row">
                <FilePdfOutlined className="document-icon" />
                <div className="document-text">
                  <Typography.Text strong>{t('project.filingCertificate')}</Typography.Text>
                  <Typography.Text type="secondary" data-testid="filing-certificate-hint">
                    {project.status === 'filed'
                      ? t('project.filingCertificateHint')
                      : project.procedure === 'approval' || project.procedure === 'ratification'
                        ? // 审批 / 核准 projects are never filed (条例673 第十三条 applies to 备案 only): say so, not "later".
                          t('project.filingCertificateNotApplicable', {
                            procedure: t(`project.procedure.${project.procedure}`),
                          })
                        : t('project.filingCertificateNone')}
                  </Typography.Text>
                </div>
                {project.status === 'filed' ? (
                  <Button
                    type="primary"
                    icon={<DownloadOutlined />}
                    loading={downloading}
                    onClick={download}
                    data-testid="download-certificate"
                  >
                    {t('project.download')}
                  </Button>
                ) : null}
              </div>
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={15}>
          <Space orientation="vertical" size={16} className="full-width">
            <Card title={t('project.infoCard')}>
              <ProjectInfo project={project} />
            </Card>
            <Card title={t('project.historyCard')}>
              <HistoryTimeline projectId={project.id} />
            </Card>
          </Space>
        </Col>
      </Row>
      {project.status !== 'voided' ? (
        <Card title={t('plan.title')} className="plan-card" id="roadmap" data-testid="plan-card">
          <ProjectPlanSection projectId={project.id} facts={facts} onFactsChange={setFacts} />
        </Card>
      ) : null}
      {project.status !== 'voided' && project.status !== 'draft' ? (
        <StageApplicationsSection projectId={project.id} facts={facts} canApply={isOwner && active} />
      ) : null}
      {project.status !== 'draft' ? <ConstructionSection projectId={project.id} /> : null}
      {isOwner && active ? <IntermediarySection projectId={project.id} /> : null}
      {isOwner && active ? <FinancingSection projectId={project.id} industryCode={project.industryCode} /> : null}
      {isOwner ? (
        <>
          <ChangeModal project={project} open={changeOpen} onClose={() => setChangeOpen(false)} />
          <VoidModal project={project} open={voidOpen} onClose={() => setVoidOpen(false)} />
        </>
      ) : null}
    </Page>
  );
}
