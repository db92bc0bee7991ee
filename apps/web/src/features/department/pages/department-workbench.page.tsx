import { Alert, Badge, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useCases, useIncomingConsultations } from '../api/cases.api.ts';
import { CASE_VIEWS, type CaseView } from '../api/cases.types.ts';
import { CaseInboxTable } from '../components/case-inbox-table.tsx';
import { IncomingConsultations } from '../components/incoming-consultations.tsx';

/** The case views, and 征求意见待复 (other departments' questions to mine). */
type WorkbenchTab = CaseView | 'consultations';

const PAGE_SIZE = 20;

/**
 * 审批部门: my to-dos (cases at a step I hold), the department's open cases, the decided ones, and the consultations
 * awaiting my department's reply (`/department/consultations` opens that tab; notifications link there).
 */
export function DepartmentWorkbenchPage({ initialTab = 'todo' }: { initialTab?: WorkbenchTab }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [tab, setTab] = useState<WorkbenchTab>(initialTab);
  const [page, setPage] = useState(1);
  const view: CaseView = tab === 'consultations' ? 'todo' : tab;
  const cases = useCases({ view, page, pageSize: PAGE_SIZE });
  // 我的待办 carries its count, whichever tab is open (a one-row page: its total).
  const todoCount = useCases({ view: 'todo', page: 1, pageSize: 1 }).data?.total ?? 0;
  const consultations = useIncomingConsultations();
  const openConsultations = (consultations.data ?? []).filter((c) => c.reply === null).length;
  return (
    <Page title={t('department.title')} description={me.departmentName ?? undefined} testId="workbench-department">
      {me.departmentSteps.length === 0 ? (
        <Alert type="info" showIcon className="form-alert" title={t('department.noSteps')} />
      ) : null}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setTab(key as WorkbenchTab);
            setPage(1);
          }}
          items={[
            ...CASE_VIEWS.map((key) => ({
              key,
              label: (
                <span data-testid={`department-tab-${key}`}>
                  {t(`department.view.${key}`)}{' '}
                  {key === 'todo' ? (
                    <Badge count={todoCount} overflowCount={9999} size="small" data-testid="todo-count" />
                  ) : null}
                </span>
              ),
            })),
            {
              key: 'consultations',
              label: (
                <span data-testid="department-tab-consultations">
                  {t('department.view.consultations')}{' '}
                  <Badge count={openConsultations} size="small" data-testid="consultations-open-count" />
                </span>
              ),
            },
          ]}
        />
        {tab === 'consultations' ? (
          <IncomingConsultations />
        ) : (
          <>
            {cases.isError ? (
              <Alert type="error" showIcon className="form-alert" title={errorText(cases.error)} />
            ) : null}
            <CaseInboxTable
              rows={cases.data?.items ?? []}
              total={cases.data?.total ?? 0}
              loading={cases.isFetching}
              page={page}
              pageSize={PAGE_SIZE}
              onPage={setPage}
              emptyText={t(`department.empty.${view}`)}
              decided={view === 'done'}
            />
          </>
        )}
      </Card>
    </Page>
  );
}
