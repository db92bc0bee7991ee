import { Alert, Card } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { ExportButton } from '../../../app/layout/export-button.tsx';
import { downloadAuditEvents, useAuditEvents, type AuditEvent, type AuditQuery } from '../api/audit.api.ts';
import { AuditEventDrawer } from '../components/audit-event-drawer.tsx';
import { AuditEventsTable } from '../components/audit-events-table.tsx';
import { AuditFilterBar } from '../components/audit-filter-bar.tsx';

/** 审计日志, the audit administrator's landing page. Only this role may read the audit trail. */
export function AuditLogPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 20, action: '', actor: '' });
  const [opened, setOpened] = useState<AuditEvent | null>(null);
  const events = useAuditEvents(query);
  return (
    <Page
      title={t('audit.title')}
      testId="workbench-auditAdmin"
      extra={
        <ExportButton
          run={(language) => downloadAuditEvents(query, language)}
          disabled={(events.data?.total ?? 0) === 0}
          truncatedNote={(rows) => t('audit.exportTruncated', { total: rows.toLocaleString('en') })}
          testId="audit-export"
        />
      }
    >
      <Card>
        <AuditFilterBar onSearch={(action, actor) => setQuery((current) => ({ ...current, action, actor, page: 1 }))} />
        {events.isError ? <Alert type="error" showIcon title={errorText(events.error)} className="form-alert" /> : null}
        <AuditEventsTable
          rows={events.data?.items ?? []}
          total={events.data?.total ?? 0}
          totalIsLowerBound={events.data?.totalIsLowerBound ?? false}
          loading={events.isFetching}
          query={query}
          onPageChange={(page, pageSize) =>
            setQuery((current) => ({ ...current, page: pageSize === current.pageSize ? page : 1, pageSize }))
          }
          onOpen={setOpened}
        />
      </Card>
      <AuditEventDrawer event={opened} onClose={() => setOpened(null)} />
    </Page>
  );
}
