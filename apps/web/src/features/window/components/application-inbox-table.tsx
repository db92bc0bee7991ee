import { Empty, Table, Tag, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { WindowInboxItem, WindowTab } from '../api/window.api.ts';

interface InboxTableProps {
  tab: WindowTab;
  rows: WindowInboxItem[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
}

/** Stage applications at the window: green channel first, then the oldest. */
export function ApplicationInboxTable({ tab, rows, loading, total, page, pageSize, onPage }: InboxTableProps) {
  const { t } = useI18n();
  const columns: TableColumnsType<WindowInboxItem> = [
    {
      title: t('window.col.projectName'),
      key: 'project',
      width: 260,
      render: (_, row) => (
        <div>
          <Link to={`/window/applications/${row.id}`} data-testid={`window-open-${row.id}`}>
            {row.projectName}
          </Link>
          {row.priority ? (
            <Tag color="green" className="inline-tag" data-testid="green-channel">
              {t('application.greenChannel')}
            </Tag>
          ) : null}
          <div className="mono cell-sub nowrap">{row.projectCode}</div>
        </div>
      ),
    },
    { title: t('application.enterprise'), dataIndex: 'enterpriseName', width: 180, responsive: ['md'] },
    { title: t('window.col.stage'), dataIndex: 'stageName' },
    { title: t('window.col.matterCount'), dataIndex: 'matterCount', className: 'nowrap', responsive: ['xl'] },
    {
      title: t('window.col.missing'),
      dataIndex: 'missingMaterialCount',
      className: 'nowrap',
      render: (count: number) =>
        count > 0 ? (
          <Tag color="orange">{t('window.missingCount', { count })}</Tag>
        ) : (
          <Tag color="green">{t('window.complete')}</Tag>
        ),
    },
    ...(tab === 'submitted' || tab === 'correctionRequested'
      ? [
          {
            title: t('window.col.correctionDue'),
            key: 'due',
            className: 'nowrap',
            render: (_: unknown, row: WindowInboxItem) =>
              row.correctionDueOn ? (
                <span className="stacked-cell">
                  <span>{row.correctionDueOn}</span>
                  {row.correctionWorkingDaysLeft !== null ? (
                    <Tag
                      color={row.correctionWorkingDaysLeft <= 1 ? 'red' : 'default'}
                      data-testid="correction-days-left"
                    >
                      {row.correctionWorkingDaysLeft < 0
                        ? t('window.overdueDays', { days: -row.correctionWorkingDaysLeft })
                        : t('case.remainingDays', { days: row.correctionWorkingDaysLeft })}
                    </Tag>
                  ) : null}
                </span>
              ) : (
                '—'
              ),
          },
        ]
      : []),
    {
      title: t('window.col.submittedAt'),
      dataIndex: 'submittedAt',
      className: 'nowrap',
      render: (value: string | null) => formatDateTime(value, false),
    },
  ];
  return (
    <Table<WindowInboxItem>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      // A minimum width, not max-content: the project and enterprise names wrap, so every column (the submission time
      // last) stays in view at 1366 px; below it (a phone) the table scrolls.
      scroll={{ x: 880 }}
      size="middle"
      data-testid="window-inbox"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('window.empty')} /> }}
      pagination={{ current: page, pageSize, total, onChange: onPage, showSizeChanger: false }}
    />
  );
}
