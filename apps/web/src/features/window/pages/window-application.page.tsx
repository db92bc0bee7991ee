import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Result, Space, Spin } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { ApiError } from '../../../app/api/http.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useApplication, useApplicationCases } from '../../applications/api/applications.api.ts';
import type { AcceptanceMode, ApplicationDetail } from '../../applications/api/applications.types.ts';
import { ApplicationStatusAlert, ApplicationSummary } from '../../applications/components/application-summary.tsx';
import { CaseTracking } from '../../applications/components/case-tracking.tsx';
import { CorrectionNotice, openCorrection } from '../../applications/components/correction-notice.tsx';
import { MaterialList } from '../../applications/components/material-list.tsx';
import { FormDataView } from '../../applications/components/stage-form-fields.tsx';
import { AcceptModal } from '../components/accept-modal.tsx';
import { CorrectionModal } from '../components/correction-modal.tsx';
import { CreditNote } from '../components/credit-note.tsx';
import { RejectModal } from '../components/reject-modal.tsx';

/** 窗口审查: the application as submitted, and 受理 / 容缺受理 / 告知承诺受理 / 一次性补正 / 不予受理. */
export function WindowApplicationPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const errorText = useErrorText();
  const application = useApplication(id);
  if (application.isPending) return <Spin />;
  if (application.isError) {
    const notFound = application.error instanceof ApiError && application.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('application.notFound') : errorText(application.error)}
      />
    );
  }
  return <WindowReview application={application.data} />;
}

function WindowReview({ application: a }: { application: ApplicationDetail }) {
  const { t } = useI18n();
  const [acceptMode, setAcceptMode] = useState<AcceptanceMode | null>(null);
  const [correctionOpen, setCorrectionOpen] = useState(false);
  const [rejectOpen, setRejectOpen] = useState(false);
  const notice = openCorrection(a);
  const cases = useApplicationCases(a);
  const pending = a.status === 'submitted';
  const canReject = pending || a.status === 'correctionRequested';

  const actions = (
    <Space wrap>
      {pending ? (
        <>
          <Button type="primary" onClick={() => setAcceptMode('normal')} data-testid="window-accept">
            {t('window.accept.normal')}
          </Button>
          <Button onClick={() => setAcceptMode('tolerance')} data-testid="window-accept-tolerance">
            {t('window.accept.tolerance')}
          </Button>
          <Button onClick={() => setAcceptMode('commitment')} data-testid="window-accept-commitment">
            {t('window.accept.commitment')}
          </Button>
          <Button onClick={() => setCorrectionOpen(true)} data-testid="window-correction">
            {t('window.correction')}
          </Button>
        </>
      ) : null}
      {canReject ? (
        <Button danger onClick={() => setRejectOpen(true)} data-testid="window-reject">
          {t('window.reject')}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <Page
      title={<span data-testid="application-title">{`${a.stageName} · ${a.projectName}`}</span>}
      description={
        <Link to="/window">
          <ArrowLeftOutlined /> {t('window.backToInbox')}
        </Link>
      }
      extra={actions}
      testId="window-application"
    >
      <Space orientation="vertical" size={16} className="full-width">
        <ApplicationStatusAlert application={a} />
        {notice ? <CorrectionNotice application={a} notice={notice} /> : null}
        <Card>
          <ApplicationSummary application={a} projectLink />
          <CreditNote application={a} />
        </Card>
        <Card title={t('application.formTitle')}>
          <FormDataView data={a.formData} fields={a.form.fields} />
        </Card>
        <Card title={t('application.materialsTitle')}>
          <MaterialList application={a} editable={false} />
        </Card>
        {a.cases.length > 0 ? (
          <Card title={t('window.casesCreated')} data-testid="window-cases">
            <CaseTracking cases={cases} />
          </Card>
        ) : null}
      </Space>
      <AcceptModal applicationId={a.id} mode={acceptMode} onClose={() => setAcceptMode(null)} />
      <CorrectionModal application={a} open={correctionOpen} onClose={() => setCorrectionOpen(false)} />
      <RejectModal applicationId={a.id} open={rejectOpen} onClose={() => setRejectOpen(false)} />
    </Page>
  );
}
