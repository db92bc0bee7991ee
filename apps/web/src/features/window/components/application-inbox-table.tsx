import { Empty, Table, type TableColumnsType } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';

/** A stage application waiting at the window; filled once the application module serves an inbox endpoint. */
export interface InboxRow {
  id: string;
  applicationNo: string;
  projectCode: string;
  projectName: string;
  stage: string;
  submittedAt: string;
  remaining: string;
}

export function ApplicationInboxTable({ rows }: { rows: InboxRow[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<InboxRow> = [
    { title: t('window.col.applicationNo'), dataIndex: 'applicationNo' },
    { title: t('window.col.projectCode'), dataIndex: 'projectCode' },
    { title: t('window.col.projectName'), dataIndex: 'projectName' },
    { title: t('window.col.stage'), dataIndex: 'stage' },
    { title: t('window.col.submittedAt'), dataIndex: 'submittedAt' },
    { title: t('window.col.remaining'), dataIndex: 'remaining' },
  ];
  return (
    <Table<InboxRow>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('window.empty')} /> }}
      pagination={false}
    />
  );
}
