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
        <Link to={`/department/cases/${row.id}`} className="mono nowrap" data-testid={`case-open-${row.caseNumber}`}>
          {value}
        </Link>
      ),
    },
    {
      title: t('department.col.matter'),
      dataIndex: 'matterName',
      // Names wrap (the numbers and dates beside them do not), but not down to a character or two a line.
      width: 180,
      render: (value: string, row) => (
        <div data-testid={`case-row-${row.matterCode}`}>
          <Link to={`/department/cases/${row.id}`}>{value}</Link>
          {row.urgeCount > 0 ? (
            <Tag color="volcano" className="inline-tag">
              {t('case.urged', { count: row.urgeCount })}
            </Tag>
          ) : null}
          {/* The supervisor's list spans departments: each case's department under its matter, not in a column of
              its own, so that the list still fits a 1366 px screen with its 督办 button. */}
          {action ? <div className="cell-sub">{row.departmentName}</div> : null}
        </div>
      ),
    },
    {
      title: t('window.col.projectName'),
      key: 'project',
      responsive: ['md'],
      width: 220,
      render: (_, row) => (
        <div>
          {row.projectName}
          <div className="mono cell-sub nowrap">{row.projectCode}</div>
        </div>
      ),
    },
    {
      title: t('case.step'),
      key: 'step',
      render: (_, row) => (
        <span>
          {row.currentStepName || row.currentStep} <CaseStatusTag status={row.status} />
        </span>
      ),
    },
    {
      title: t('case.deadline'),
      dataIndex: 'deadline',
      render: (value: string | null) => <span className="nowrap">{value ?? '—'}</span>,
    },
    {
      title: t(decided ? 'case.decidedOn' : 'case.remaining'),
      key: 'remaining',
      render: (_, row) =>
        row.decision ? (
          <span className="nowrap">{row.decidedOn ?? '—'}</span>
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
      // A minimum width, not max-content: the matter and project names wrap at a desktop's width, so the working days
      // left (the column a clerk reads first) stay in view at 1366 px; below it (a phone) the table scrolls.
      scroll={{ x: 880 }}
      size="middle"
      data-testid="case-inbox"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      pagination={{ current: page, pageSize, total, onChange: onPage, showSizeChanger: false }}
    />
  );
}
