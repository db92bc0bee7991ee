import { Alert, Button, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { ExportButton } from '../../../app/layout/export-button.tsx';
import { Page } from '../../../app/layout/page.tsx';
import type { CaseListItem } from '../../department/api/cases.types.ts';
import { CaseInboxTable } from '../../department/components/case-inbox-table.tsx';
import { downloadWarnedCases, useSupervisionCases, type WarningLevel } from '../api/supervision.api.ts';
import '../../applications/components/approval.css';
import { SupervisionDashboardCard } from '../components/supervision-dashboard-card.tsx';
import { UrgeModal } from '../components/urge-modal.tsx';

const PAGE_SIZE = 20;
const LEVELS: WarningLevel[] = ['red', 'yellow'];

/** 监管: yellow / red warnings of the region's cases, and 督办. */
export function SupervisorWorkbenchPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [level, setLevel] = useState<WarningLevel>('red');
  const [page, setPage] = useState(1);
  const [target, setTarget] = useState<CaseListItem | null>(null);
  const cases = useSupervisionCases({ level, page, pageSize: PAGE_SIZE });
  return (
    <Page title={t('supervisor.title')} description={t('supervisor.intro')} testId="workbench-supervisor">
      <SupervisionDashboardCard />
      <Card className="section-gap">
        <Tabs
          activeKey={level}
          onChange={(key) => {
            setLevel(key as WarningLevel);
            setPage(1);
          }}
          items={LEVELS.map((key) => ({
            key,
            label: <span data-testid={`supervision-tab-${key}`}>{t(`supervisor.level.${key}`)}</span>,
          }))}
          tabBarExtraContent={
            <ExportButton
              run={(language) => downloadWarnedCases(level, language)}
              disabled={(cases.data?.total ?? 0) === 0}
              truncatedNote={(rows) => t('supervisor.exportTruncated', { total: rows.toLocaleString('en') })}
              testId="supervision-export"
            />
          }
        />
        {cases.isError ? <Alert type="error" showIcon className="form-alert" title={errorText(cases.error)} /> : null}
        <CaseInboxTable
          rows={cases.data?.items ?? []}
          total={cases.data?.total ?? 0}
          loading={cases.isFetching}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={setPage}
          emptyText={t('supervisor.warningEmpty')}
          action={(row) => (
            <Button size="small" onClick={() => setTarget(row)} data-testid={`urge-${row.caseNumber}`}>
              {t('supervisor.urge')}
            </Button>
          )}
        />
      </Card>
      <UrgeModal target={target} onClose={() => setTarget(null)} />
    </Page>
  );
}
