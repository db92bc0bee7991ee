import { Alert, Badge, Card, Input, Tabs } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useWindowInbox, WINDOW_TABS, type WindowTab } from '../api/window.api.ts';
import { ApplicationInboxTable } from '../components/application-inbox-table.tsx';

const PAGE_SIZE = 20;

/** 综合窗口: receives stage applications (受理 / 补正 / 不予受理). */
export function WindowWorkbenchPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [tab, setTab] = useState<WindowTab>('submitted');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const inbox = useWindowInbox({ status: tab, q: q || undefined, page, pageSize: PAGE_SIZE });
  // The tabs that wait on the window carry their count, whichever tab is open (a one-row page: its total).
  const waiting = {
    submitted: useWindowInbox({ status: 'submitted', page: 1, pageSize: 1 }).data?.total ?? 0,
    correctionRequested: useWindowInbox({ status: 'correctionRequested', page: 1, pageSize: 1 }).data?.total ?? 0,
  };
  return (
    <Page title={t('window.title')} testId="workbench-window">
      <Card>
        <Input.Search
          allowClear
          placeholder={t('window.searchPlaceholder')}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
          className="filter-bar"
          data-testid="window-search"
        />
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setTab(key as WindowTab);
            setPage(1);
          }}
          items={WINDOW_TABS.map((key) => ({
            key,
            label: (
              <span data-testid={`window-tab-${key}`}>
                {t(`window.tab.${key}`)}{' '}
                {key === 'submitted' || key === 'correctionRequested' ? (
                  <Badge
                    count={waiting[key]}
                    overflowCount={9999}
                    size="small"
                    color={key === 'submitted' ? undefined : 'gold'}
                    data-testid={`window-tab-count-${key}`}
                  />
                ) : null}
              </span>
            ),
          }))}
        />
        {inbox.isError ? <Alert type="error" showIcon title={errorText(inbox.error)} className="form-alert" /> : null}
        <ApplicationInboxTable
          tab={tab}
          rows={inbox.data?.items ?? []}
          total={inbox.data?.total ?? 0}
          loading={inbox.isFetching}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(next) => setPage(next)}
        />
      </Card>
    </Page>
  );
}
