import { Alert, Card } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useAuditAdminEvents, type AuditEvent } from '../../audit/api/audit.api.ts';
import { AuditEventDrawer } from '../../audit/components/audit-event-drawer.tsx';
import { AuditEventsTable } from '../../audit/components/audit-events-table.tsx';

/**
 * 审计员操作 (三员 mutual oversight, security-notes §1.2): the security admin reviews what the audit admins did —
 * their sign-ins, exports and verifications — and sees nothing else of the trail.
 */
export function AuditAdminReviewPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [opened, setOpened] = useState<AuditEvent | null>(null);
  const events = useAuditAdminEvents(page);
  return (
    <Page title={t('auditReview.title')} description={t('auditReview.description')} testId="audit-admin-review">
      <Card>
        {events.isError ? <Alert type="error" showIcon title={errorText(events.error)} className="form-alert" /> : null}
        <AuditEventsTable
          rows={events.data?.items ?? []}
          total={events.data?.total ?? 0}
          totalIsLowerBound={events.data?.totalIsLowerBound ?? false}
          loading={events.isFetching}
          query={{ ...page, action: '', actor: '' }}
          onPageChange={(next, pageSize) =>
            setPage((current) => ({ page: pageSize === current.pageSize ? next : 1, pageSize }))
          }
          onOpen={setOpened}
        />
      </Card>
      <AuditEventDrawer event={opened} onClose={() => setOpened(null)} />
    </Page>
  );
}
