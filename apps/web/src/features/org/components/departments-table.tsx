import { Alert, Empty, Table, type TableColumnsType } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useDepartments, useRegions, type Department } from '../api/org.api.ts';
import { DEPARTMENT_KIND_LABELS } from './department-kinds.ts';

export function DepartmentsTable({ regionCode }: { regionCode: string | undefined }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const departments = useDepartments(regionCode);
  const regions = useRegions();
  const regionName = (code: string) => regions.data?.find((region) => region.code === code)?.name ?? code;
  const columns: TableColumnsType<Department> = [
    { title: t('org.col.code'), dataIndex: 'code' },
    { title: t('org.col.name'), dataIndex: 'name' },
    { title: t('org.col.region'), dataIndex: 'regionCode', render: (code: string) => regionName(code) },
    {
      title: t('org.col.kind'),
      dataIndex: 'kind',
      render: (kind: string) => {
        const key = DEPARTMENT_KIND_LABELS[kind];
        return key ? t(key) : kind;
      },
    },
  ];
  if (departments.isError) return <Alert type="error" showIcon title={errorText(departments.error)} />;
  return (
    <Table<Department>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={departments.data ?? []}
      loading={departments.isFetching}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noDepartments')} /> }}
    />
  );
}
