import { Button, Empty, Table, Tag, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.tsx';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { VERIFICATION_METHODS, type VerificationStatus, type VerificationTask } from '../api/verification.api.ts';

const STATUS_COLORS: Record<VerificationStatus, string> = { open: 'processing', passed: 'success', failed: 'error' };

function methodKey(method: string): MessageKey | null {
  return (VERIFICATION_METHODS as readonly string[]).includes(method)
    ? (`verification.method.${method}` as MessageKey)
    : null;
}

/** Verification tasks: the case, the enterprise, the committed material, how and by when to check, the outcome. */
export function VerificationTable({
  rows,
  loading,
  onComplete,
}: {
  rows: VerificationTask[];
  loading: boolean;
  /** Only for department users (the server lets only them complete a check). */
  onComplete?: (task: VerificationTask) => void;
}) {
  const { t } = useI18n();
  const columns: TableColumnsType<VerificationTask> = [
    {
      title: t('department.col.caseNo'),
      key: 'case',
      render: (_, row) => (
        <div>
          {row.caseId ? (
            <Link to={`/department/cases/${row.caseId}`} className="mono" data-testid={`verification-case-${row.id}`}>
              {row.caseNumber ?? row.caseId}
            </Link>
          ) : (
            '—'
          )}
          <div className="cell-sub">{row.matterName}</div>
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
          <div className="cell-sub">{row.enterpriseName}</div>
        </div>
      ),
    },
    {
      title: t('verification.material'),
      key: 'material',
      render: (_, row) => {
        const key = methodKey(row.method);
        return (
          <div>
            <span className="mono">{row.materialCode}</span>
            <div className="cell-sub">{key ? t(key) : row.method}</div>
          </div>
        );
      },
    },
    { title: t('verification.dueOn'), dataIndex: 'dueOn' },
    {
      title: t('verification.status'),
      key: 'status',
      render: (_, row) => (
        <div>
          <Tag color={STATUS_COLORS[row.status]} data-testid={`verification-status-${row.id}`}>
            {t(`verification.status.${row.status}`)}
          </Tag>
          {row.result ? <div className="pre-wrap cell-sub">{row.result}</div> : null}
          {row.checkedAt ? <div className="cell-sub">{formatDateTime(row.checkedAt, false)}</div> : null}
        </div>
      ),
    },
  ];
  if (onComplete) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) =>
        row.status === 'open' ? (
          <Button
            size="small"
            type="primary"
            onClick={() => onComplete(row)}
            data-testid={`verification-complete-${row.id}`}
          >
            {t('verification.complete')}
          </Button>
        ) : null,
    });
  }
  return (
    <Table
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('verification.empty')} /> }}
    />
  );
}
