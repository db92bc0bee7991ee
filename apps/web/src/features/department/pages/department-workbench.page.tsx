import { Alert, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useCases } from '../api/cases.api.ts';
import { CASE_VIEWS, type CaseView } from '../api/cases.types.ts';
import { CaseInboxTable } from '../components/case-inbox-table.tsx';

const PAGE_SIZE = 20;

/** 审批部门: my to-dos (cases at a step I hold), the department's open cases, and the decided ones. */
export function DepartmentWorkbenchPage() {
  const me = useCurrentUser();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [view, setView] = useState<CaseView>('todo');
  const [page, setPage] = useState(1);
  const cases = useCases({ view, page, pageSize: PAGE_SIZE });
  return (
    <Page title={t('department.title')} description={me.departmentName ?? undefined} testId="workbench-department">
      {me.departmentSteps.length === 0 ? (
        <Alert type="info" showIcon className="form-alert" title={t('department.noSteps')} />
      ) : null}
      <Card>
        <Tabs
          activeKey={view}
          onChange={(key) => {
            setView(key as CaseView);
            setPage(1);
          }}
          items={CASE_VIEWS.map((key) => ({
            key,
            label: <span data-testid={`department-tab-${key}`}>{t(`department.view.${key}`)}</span>,
          }))}
        />
        {cases.isError ? <Alert type="error" showIcon className="form-alert" title={errorText(cases.error)} /> : null}
        <CaseInboxTable
          rows={cases.data?.items ?? []}
          total={cases.data?.total ?? 0}
          loading={cases.isFetching}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={setPage}
          emptyText={t(`department.empty.${view}`)}
        />
      </Card>
    </Page>
  );
}
