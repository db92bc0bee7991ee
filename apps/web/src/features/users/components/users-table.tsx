import { Empty, Table, Tag, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { isDepartmentStep, roleLabelKey, stepLabelKey } from '../../../app/auth/roles.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { UserRow, UsersQuery } from '../api/users.api.ts';
import { UserStatusTag } from './user-status-tag.tsx';

interface UsersTableProps {
  rows: UserRow[];
  total: number;
  loading: boolean;
  query: UsersQuery;
  onPageChange: (page: number, pageSize: number) => void;
  /**
   * The security admin's view: the second factor and the last sign-in in place of the internal steps and the opening
   * date (the system admin's concerns), and the row actions (解锁 / 重置口令 / 停用 / 启用). Both fit a 1366 px screen.
   */
  renderActions?: (user: UserRow) => ReactNode;
}

export function UsersTable({ rows, total, loading, query, onPageChange, renderActions }: UsersTableProps) {
  const { t } = useI18n();
  const identityColumns: TableColumnsType<UserRow> = [
    {
      title: t('users.col.username'),
      dataIndex: 'username',
      render: (value: string) => <span className="nowrap">{value}</span>,
    },
    { title: t('users.col.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.col.role'),
      dataIndex: 'role',
      render: (_, user) => <span className="nowrap">{t(roleLabelKey(user.role))}</span>,
    },
    {
      title: t('users.col.region'),
      dataIndex: 'regionName',
      render: (value: string) => <span className="nowrap">{value}</span>,
    },
    {
      title: t('users.col.department'),
      dataIndex: 'departmentName',
      // Names wrap (not down to a character or two a line); usernames and dates stay on one line.
      width: 160,
      render: (value: string | null) => value ?? '—',
    },
  ];
  const status: TableColumnsType<UserRow>[number] = {
    title: t('users.col.status'),
    key: 'status',
    render: (_, user) => <UserStatusTag user={user} />,
  };
  /** The system admin's concerns: the internal steps and when the account was opened. */
  const provisioningColumns: TableColumnsType<UserRow> = [
    {
      title: <span className="nowrap">{t('users.col.steps')}</span>,
      dataIndex: 'departmentSteps',
      render: (_, user) =>
        user.departmentSteps.filter(isDepartmentStep).map((step) => <Tag key={step}>{t(stepLabelKey(step))}</Tag>),
    },
    status,
    {
      title: t('users.col.createdAt'),
      dataIndex: 'createdAt',
      render: (value: string) => <span className="nowrap">{formatDateTime(value, false)}</span>,
    },
  ];
  /** The security admin's: the second factor, the last sign-in (inactive accounts) and the row actions. */
  const securityColumns = (actions: (user: UserRow) => ReactNode): TableColumnsType<UserRow> => [
    status,
    {
      title: <span className="nowrap">{t('users.col.secondFactor')}</span>,
      dataIndex: 'secondFactorEnrolled',
      render: (on: boolean) => (on ? <Tag color="green">{t('users.secondFactorOn')}</Tag> : '—'),
    },
    {
      title: t('users.col.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      render: (value: string | null) => (
        <span className="nowrap">{value ? formatDateTime(value, false) : t('users.neverSignedIn')}</span>
      ),
    },
    { title: t('common.actions'), key: 'actions', fixed: 'end', render: (_, user) => actions(user) },
  ];
  const columns = [...identityColumns, ...(renderActions ? securityColumns(renderActions) : provisioningColumns)];
  return (
    <Table<UserRow>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      // A minimum width, not max-content: at a desktop's width the names wrap and every column stays in view.
      scroll={{ x: 960 }}
      // Auto, not the fixed layout antd picks for a table with a fixed column: columns sized by their content.
      tableLayout="auto"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.empty')} /> }}
      pagination={{
        current: query.page,
        pageSize: query.pageSize,
        total,
        showSizeChanger: true,
        showTotal: (count) => t('common.total', { total: count }),
        onChange: onPageChange,
      }}
    />
  );
}
