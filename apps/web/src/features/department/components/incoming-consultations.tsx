import { Alert, Button, Empty, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useIncomingConsultations } from '../api/cases.api.ts';
import type { ConsultationView } from '../api/cases.types.ts';
import { ConsultationReplyModal } from './consultation-reply-modal.tsx';

/** 征求意见待复: other departments' questions to mine, unanswered first, each with a reply button and its case. */
export function IncomingConsultations() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const list = useIncomingConsultations();
  const [target, setTarget] = useState<ConsultationView | null>(null);
  const rows = [...(list.data ?? [])].sort((a, b) => Number(a.reply !== null) - Number(b.reply !== null));
  const columns: TableColumnsType<ConsultationView> = [
    {
      title: t('department.col.caseNo'),
      dataIndex: 'caseNumber',
      render: (value: string, row) =>
        row.caseId ? (
          <Link to={`/department/cases/${row.caseId}`} className="mono" data-testid={`consultation-case-${row.id}`}>
            {value}
          </Link>
        ) : (
          <span className="mono">{value}</span>
        ),
    },
    { title: t('department.col.matter'), dataIndex: 'matterName' },
    {
      title: t('consultation.question'),
      dataIndex: 'question',
      render: (value: string, row) => (
        <div>
          <div className="pre-wrap">{value}</div>
          {row.reply ? <div className="pre-wrap cell-sub">{t('consultation.reply', { reply: row.reply })}</div> : null}
        </div>
      ),
    },
    {
      title: t('consultation.requestedAt'),
      dataIndex: 'requestedAt',
      responsive: ['md'],
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) =>
        row.reply ? (
          <Tag color="green">{t('consultation.replied')}</Tag>
        ) : (
          <Button
            size="small"
            type="primary"
            onClick={() => setTarget(row)}
            data-testid={`consultation-reply-${row.id}`}
          >
            {t('consultation.replyButton')}
          </Button>
        ),
    },
  ];
  return (
    <div data-testid="incoming-consultations">
      {list.isError ? <Alert type="error" showIcon className="form-alert" title={errorText(list.error)} /> : null}
      <Table
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consultation.incomingEmpty')} />,
        }}
      />
      <ConsultationReplyModal target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
