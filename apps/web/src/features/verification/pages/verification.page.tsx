import { Alert, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import {
  VERIFICATION_STATUSES,
  useVerificationTasks,
  type VerificationStatus,
  type VerificationTask,
} from '../api/verification.api.ts';
import { VerificationCompleteModal } from '../components/verification-complete-modal.tsx';
import { VerificationTable } from '../components/verification-table.tsx';

/**
 * 告知承诺核查: after a 告知承诺 acceptance each committed material is checked; the department records the outcome and a
 * false commitment revokes the licence (国办发〔2020〕42号). Supervisors see the region's tasks read-only.
 */
export function VerificationPage() {
  const me = useCurrentUser();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [status, setStatus] = useState<VerificationStatus>('open');
  const [target, setTarget] = useState<VerificationTask | null>(null);
  const tasks = useVerificationTasks(status);
  const canComplete = me.role === 'department';
  return (
    <Page title={t('verification.title')} description={t('verification.intro')} testId="verification-page">
      <Alert type="info" showIcon className="form-alert" title={t('verification.basis')} />
      <Card>
        <Tabs
          activeKey={status}
          onChange={(key) => setStatus(key as VerificationStatus)}
          items={VERIFICATION_STATUSES.map((key) => ({
            key,
            label: <span data-testid={`verification-tab-${key}`}>{t(`verification.status.${key}`)}</span>,
          }))}
        />
        {tasks.isError ? <Alert type="error" showIcon className="form-alert" title={errorText(tasks.error)} /> : null}
        <VerificationTable
          rows={tasks.data ?? []}
          loading={tasks.isFetching}
          {...(canComplete ? { onComplete: setTarget } : {})}
        />
      </Card>
      <VerificationCompleteModal target={target} onClose={() => setTarget(null)} />
    </Page>
  );
}
