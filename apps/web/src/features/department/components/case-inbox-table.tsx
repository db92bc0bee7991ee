import { Empty, Table, Tag, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { CaseStatusTag, RemainingTag } from '../../applications/components/approval-tags.tsx';
import type { CaseListItem } from '../api/cases.types.ts';

interface CaseInboxTableProps {
  rows: CaseListItem[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  emptyText: string;
  /** Extra column (the supervisor's 督办 button). */
  action?: (row: CaseListItem) => ReactNode;
  /** Decided cases only (已办结): the last column is their decision date, not the working days left. */
  decided?: boolean;
}

/** Cases (办件): number, matter, project, step, deadline and remaining working days with the yellow / red warning. */
export function CaseInboxTable({
  rows,
  loading,
  total,
  page,
  pageSize,
  onPage,
  emptyText,
  action,
  decided = false,
}: CaseInboxTableProps) {
  const { t } = useI18n();
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: t('department.col.caseNo'),
      dataIndex: 'caseNumber',
      render: (value: string, row) => (
        <Link to={`/department/cases/${row.id}`} className="mono" data-testid={`case-open-${row.caseNumber}`}>
          {value}
        </Link>
      ),
    },
    {
      title: t('department.col.matter'),
      dataIndex: 'matterName',
      render: (value: string, row) => (
        <div data-testid={`case-row-${row.matterCode}`}>
          <Link to={`/department/cases/${row.id}`}>{value}</Link>
          {row.urgeCount > 0 ? (
            <Tag color="volcano" className="inline-tag">
              {t('case.urged', { count: row.urgeCount })}
            </Tag>
          ) : null}
        </div>
      ),
    },
    {
      title: t('window.col.projectName'),
      key: 'project',
      responsive: ['md'],
      render: (_, row) => (
        <div>
          {row.projectName}
          <div className="mono cell-sub">{row.projectCode}</div>
        </div>
      ),
    },
    // A department's own inbox needs no department column; the supervisor's list (with its 督办 action) does.
    ...(action ? [{ title: t('case.department'), dataIndex: 'departmentName', responsive: ['lg' as const] }] : []),
    {
      title: t('case.step'),
      key: 'step',
      render: (_, row) => (
        <span>
          {row.currentStepName || row.currentStep} <CaseStatusTag status={row.status} />
        </span>
      ),
    },
    { title: t('case.deadline'), dataIndex: 'deadline', render: (value: string | null) => value ?? '—' },
    {
      title: t(decided ? 'case.decidedOn' : 'case.remaining'),
      key: 'remaining',
      render: (_, row) =>
        row.decision ? (
          <span>{row.decidedOn ?? '—'}</span>
        ) : (
          <RemainingTag days={row.remainingWorkingDays} level={row.level} running={row.clockRunning} />
        ),
    },
    ...(action
      ? [{ title: t('common.actions'), key: 'action', render: (_: unknown, row: CaseListItem) => action(row) }]
      : []),
  ];
  return (
    <Table<CaseListItem>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      scroll={{ x: 'max-content' }}
      data-testid="case-inbox"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      pagination={{ current: page, pageSize, total, onChange: onPage, showSizeChanger: false }}
    />
  );
}
