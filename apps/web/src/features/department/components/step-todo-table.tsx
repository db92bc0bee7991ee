import { Empty, Table, type TableColumnsType } from 'antd';
import { stepLabelKey, type DepartmentStep } from '../../../app/auth/roles.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';

/** A case (办件) waiting at one internal step; filled once the case module serves a to-do endpoint. */
export interface StepTodoRow {
  id: string;
  caseNo: string;
  projectCode: string;
  projectName: string;
  matter: string;
  receivedAt: string;
  remaining: string;
}

export function StepTodoTable({ step, rows }: { step: DepartmentStep; rows: StepTodoRow[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<StepTodoRow> = [
    { title: t('department.col.caseNo'), dataIndex: 'caseNo' },
    { title: t('window.col.projectCode'), dataIndex: 'projectCode' },
    { title: t('window.col.projectName'), dataIndex: 'projectName' },
    { title: t('department.col.matter'), dataIndex: 'matter' },
    { title: t('department.col.receivedAt'), dataIndex: 'receivedAt' },
    { title: t('window.col.remaining'), dataIndex: 'remaining' },
  ];
  const emptyText = t('department.empty', { step: t(stepLabelKey(step)) });
  return (
    <Table<StepTodoRow>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      pagination={false}
    />
  );
}
