import { Button, Empty, Table, Typography, type TableColumnsType } from 'antd';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { AuditEvent, AuditQuery } from '../api/audit.api.ts';
import { ActorRole } from './actor-role.tsx';
import { AuditActionLabel } from './audit-action-label.tsx';

interface AuditEventsTableProps {
  rows: AuditEvent[];
  total: number;
  /** The server stopped counting at `total` (10,000): shown as "10,000+". */
  totalIsLowerBound: boolean;
  loading: boolean;
  query: AuditQuery;
  onPageChange: (page: number, pageSize: number) => void;
  onOpen: (event: AuditEvent) => void;
}

/** `user · 1a19c754…`: ids are long UUIDs, so the table shows their start and the tooltip the whole. */
function AuditTarget({ event }: { event: AuditEvent }) {
  if (!event.targetId) return <>{event.targetType}</>;
  return (
    <Typography.Text className="cell-ellipsis" ellipsis={{ tooltip: event.targetId }}>
      {event.targetType} · {event.targetId}
    </Typography.Text>
  );
}

export function AuditEventsTable(props: AuditEventsTableProps) {
  const { rows, total, totalIsLowerBound, loading, query, onPageChange, onOpen } = props;
  const { t } = useI18n();
  const columns: TableColumnsType<AuditEvent> = [
    {
      title: t('audit.col.seq'),
      dataIndex: 'seq',
      width: 80,
      className: 'nowrap',
      render: (seq: number | null) => seq ?? t('audit.unsealed'),
    },
    {
      title: t('audit.col.occurredAt'),
      dataIndex: 'occurredAt',
      className: 'nowrap',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('audit.col.actor'),
      dataIndex: 'actorUsername',
      className: 'nowrap',
      render: (value: string | null) => value ?? '—',
    },
    {
      title: t('audit.col.actorRole'),
      dataIndex: 'actorRole',
      className: 'nowrap',
      render: (value: string | null) => <ActorRole role={value} />,
    },
    {
      title: t('audit.col.action'),
      dataIndex: 'action',
      render: (value: string) => <AuditActionLabel action={value} />,
    },
    {
      title: t('audit.col.target'),
      key: 'target',
      render: (_, event) => <AuditTarget event={event} />,
    },
    {
      title: t('audit.col.requestId'),
      dataIndex: 'requestId',
      render: (value: string | null) =>
        value ? (
          // Its start tells requests apart; the tooltip (and the detail) has the whole id.
          <Typography.Text type="secondary" className="cell-ellipsis cell-ellipsis-short" ellipsis={{ tooltip: value }}>
            {value}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'end',
      render: (_, event) => (
        <Button
          type="link"
          size="small"
          onClick={() => onOpen(event)}
          data-testid={`audit-detail-${event.seq ?? `unsealed-${event.id}`}`}
        >
          {t('common.detail')}
        </Button>
      ),
    },
  ];
  return (
    <Table<AuditEvent>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      // A minimum width, not the longest texts': the action's label wraps above its code, so the trail fits the 1048 px
      // a 1366 px screen leaves beside the menu (it scrolled sideways at 1175 px on the bench's data).
      scroll={{ x: 960 }}
      tableLayout="auto"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
      pagination={{
        current: query.page,
        pageSize: query.pageSize,
        total,
        showSizeChanger: true,
        showTotal: (count) =>
          totalIsLowerBound
            ? t('common.totalAtLeast', { total: count.toLocaleString('en') })
            : t('common.total', { total: count }),
        onChange: onPageChange,
      }}
    />
  );
}
