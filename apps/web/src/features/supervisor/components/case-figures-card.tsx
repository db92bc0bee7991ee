import { Alert, Card, Col, Row, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useSupervisionFigures, type SupervisionFigures } from '../api/supervision.api.ts';

type DepartmentRow = SupervisionFigures['departments'][number];

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** 办件统计: totals of the region and one row per department, with the on-time rate (decided within the deadline). */
export function CaseFiguresCard() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const figures = useSupervisionFigures();
  const totals = figures.data?.totals;
  const columns: TableColumnsType<DepartmentRow> = [
    { title: t('supervisor.figures.department'), dataIndex: 'departmentName' },
    { title: t('supervisor.figures.open'), dataIndex: 'open' },
    {
      title: t('supervisor.figures.warnings'),
      key: 'warnings',
      render: (_: unknown, row) => (
        <>
          {row.red > 0 ? (
            <Tag color="red">
              {t('supervisor.level.red')} {row.red}
            </Tag>
          ) : null}
          {row.yellow > 0 ? (
            <Tag color="gold">
              {t('supervisor.level.yellow')} {row.yellow}
            </Tag>
          ) : null}
          {row.red === 0 && row.yellow === 0 ? '—' : null}
        </>
      ),
    },
    { title: t('supervisor.figures.decided'), dataIndex: 'decided', responsive: ['md'] },
    {
      title: t('supervisor.figures.onTimeRate'),
      dataIndex: 'onTimeRate',
      render: (rate: number | null) => percent(rate),
    },
    { title: t('supervisor.figures.urged'), dataIndex: 'urged', responsive: ['lg'] },
  ];
  return (
    <Card title={t('supervisor.figures.title')} data-testid="supervision-figures">
      {figures.isError ? <Alert type="error" showIcon title={errorText(figures.error)} /> : null}
      <Row gutter={[16, 16]} className="figures-row">
        <Col xs={12} md={6}>
          <Statistic title={t('supervisor.figures.open')} value={totals?.open ?? 0} loading={figures.isLoading} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('supervisor.level.red')}
            value={totals?.red ?? 0}
            loading={figures.isLoading}
            styles={totals && totals.red > 0 ? { content: { color: '#cf1322' } } : undefined}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('supervisor.figures.decided')} value={totals?.decided ?? 0} loading={figures.isLoading} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('supervisor.figures.onTimeRate')}
            value={percent(totals?.onTimeRate ?? null)}
            loading={figures.isLoading}
          />
        </Col>
      </Row>
      <Table<DepartmentRow>
        rowKey="departmentId"
        size="small"
        columns={columns}
        dataSource={figures.data?.departments ?? []}
        loading={figures.isFetching}
        pagination={false}
        locale={{ emptyText: t('supervisor.figures.empty') }}
      />
    </Card>
  );
}
