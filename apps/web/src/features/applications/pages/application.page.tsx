import { FilePdfOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Result, Space, Spin } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { ApiError } from '../../../app/api/http.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { fileLinks, useApplication, useApplicationCases } from '../api/applications.api.ts';
import type { ApplicationDetail } from '../api/applications.types.ts';
import { ApplicationFormCard } from '../components/application-form-card.tsx';
import { ApplicationStatusAlert, ApplicationSummary } from '../components/application-summary.tsx';
import { CaseTracking } from '../components/case-tracking.tsx';
import { CorrectionNotice, flaggedMaterials, openCorrection } from '../components/correction-notice.tsx';
import { IssuedLicences } from '../components/issued-licences.tsx';
import { MaterialList } from '../components/material-list.tsx';
import { useApplicationActions } from '../components/use-application-actions.ts';
import { WITHDRAWABLE, WithdrawButton } from '../components/withdraw-button.tsx';

/** 阶段申请: the one form, the one material list, 补正, and after 受理 the cases and the licences. */
export function ApplicationPage() {
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
  return <ApplicationView application={application.data} />;
}

function ApplicationView({ application: a }: { application: ApplicationDetail }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const [form] = Form.useForm();
  const isOwner = me.role === 'applicant' || me.role === 'agent';
  const notice = openCorrection(a);
  const flagged = flaggedMaterials(notice);
  const flaggedFields = new Set((notice?.items ?? []).map((i) => i.fieldCode).filter((c): c is string => Boolean(c)));
  const draft = a.status === 'draft';
  const correcting = a.status === 'correctionRequested';
  const formEditable = isOwner && (draft || (correcting && flaggedFields.size > 0));
  const actions = useApplicationActions(a, form, formEditable);
  const accepted = a.status === 'accepted' || a.status === 'completed';
  const cases = useApplicationCases(a);
  const [withdrawError, setWithdrawError] = useState<string | null>(null);
  /** Owners act (save, submit, 补正, 撤回) only before 受理. */
  const withdrawable = isOwner && WITHDRAWABLE.includes(a.status);

  return (
    <Page
      title={<span data-testid="application-title">{a.stageName}</span>}
      description={`${a.projectName} · ${a.projectCode}`}
      extra={
        accepted ? (
          <a href={fileLinks.receipt(a.id)} target="_blank" rel="noreferrer">
            <Button icon={<FilePdfOutlined />} data-testid="download-receipt">
              {t('application.receipt')}
            </Button>
          </a>
        ) : null
      }
      testId="application-page"
    >
      <Space orientation="vertical" size={16} className="full-width">
        <ApplicationStatusAlert application={a} />
        {notice ? <CorrectionNotice application={a} notice={notice} /> : null}
        <Card>
          <ApplicationSummary application={a} projectLink />
        </Card>
        <ApplicationFormCard application={a} form={form} editable={formEditable} />
        <Card title={t('application.materialsTitle')}>
          <MaterialList application={a} editable={isOwner} flagged={flagged} />
        </Card>
        {actions.error ? <Alert type="error" showIcon title={actions.error} data-testid="application-error" /> : null}
        {withdrawError ? (
          <Alert type="error" showIcon title={withdrawError} data-testid="application-withdraw-error" />
        ) : null}
        {withdrawable ? (
          <Space wrap className="application-actions">
            {formEditable ? (
              <Button
                icon={<SaveOutlined />}
                onClick={actions.save}
                loading={actions.saving}
                disabled={actions.busy}
                data-testid="application-save"
              >
                {t('application.save')}
              </Button>
            ) : null}
            {draft ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={actions.submit}
                loading={actions.submitting}
                disabled={actions.busy}
                data-testid="application-submit"
              >
                {t('application.submit')}
              </Button>
            ) : null}
            {correcting ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={actions.supplement}
                loading={actions.supplementing}
                disabled={actions.busy}
                data-testid="application-supplement"
              >
                {t('application.supplement')}
              </Button>
            ) : null}
            {withdrawable ? (
              <WithdrawButton applicationId={a.id} disabled={actions.busy} onError={setWithdrawError} />
            ) : null}
          </Space>
        ) : null}
        {accepted ? (
          <Card title={t('case.trackingTitle')}>
            <CaseTracking cases={cases} />
          </Card>
        ) : null}
        {accepted ? <IssuedLicences cases={cases} /> : null}
      </Space>
    </Page>
  );
}
