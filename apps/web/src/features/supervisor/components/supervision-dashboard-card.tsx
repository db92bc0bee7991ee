import { Alert, Card, Col, Row, Statistic, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import {
  useSupervisionDashboard,
  type DashboardCaseFigures,
  type SupervisionDashboard,
} from '../api/supervision.api.ts';

type RegionRow = SupervisionDashboard['regions'][number];
type DepartmentRow = SupervisionDashboard['departments'][number];

const STATUSES = ['pending', 'inProgress', 'suspended', 'approved', 'denied'] as const;
const PROCEDURES = ['approval', 'ratification', 'filing', 'undetermined'] as const;
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * 监管看板: case totals of the region subtree (by status, overdue / near the deadline today, on-time rate), then a table
 * by child region and by department, and projects by procedure — all from GET /api/supervision/dashboard.
 */
export function SupervisionDashboardCard() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const dashboard = useSupervisionDashboard();
  const data = dashboard.data;
  const totals = data?.totals;
  const loading = dashboard.isLoading;

  const figureColumns = <T extends DashboardCaseFigures>(): TableColumnsType<T> => [
    { title: t('supervisor.dashboard.total'), dataIndex: 'total', align: 'right' },
    { title: t('supervisor.dashboard.open'), dataIndex: 'open', align: 'right' },
    {
      title: t('supervisor.figures.warnings'),
      key: 'warnings',
      render: (_: unknown, row) => (
        <>
          {row.overdue > 0 ? (
            <Tag color="red">
              {t('supervisor.dashboard.overdue')} {row.overdue}
            </Tag>
          ) : null}
          {row.yellow > 0 ? (
            <Tag color="gold">
              {t('supervisor.dashboard.yellow')} {row.yellow}
            </Tag>
          ) : null}
          {row.overdue === 0 && row.yellow === 0 ? (
            <Typography.Text type="secondary">{t('supervisor.dashboard.noWarnings')}</Typography.Text>
          ) : null}
        </>
      ),
    },
    { title: t('supervisor.dashboard.decided'), dataIndex: 'decided', align: 'right', responsive: ['md'] },
    {
      title: t('supervisor.dashboard.onTimeRate'),
      dataIndex: 'onTimeRate',
      align: 'right',
      render: (rate: number | null) => percent(rate),
    },
    { title: t('supervisor.dashboard.urged'), dataIndex: 'urged', align: 'right', responsive: ['lg'] },
  ];
  const regionColumns: TableColumnsType<RegionRow> = [
    {
      title: t('supervisor.dashboard.region'),
      dataIndex: 'regionName',
      render: (name: string, row) => (row.own ? t('supervisor.dashboard.own', { name }) : name),
    },
    ...figureColumns<RegionRow>(),
  ];
  const departmentColumns: TableColumnsType<DepartmentRow> = [
    { title: t('supervisor.dashboard.department'), dataIndex: 'departmentName' },
    ...figureColumns<DepartmentRow>(),
  ];

  return (
    <Card title={t('supervisor.dashboard.title')} data-testid="supervision-figures">
      {dashboard.isError ? <Alert type="error" showIcon title={errorText(dashboard.error)} /> : null}
      {data ? (
        <Typography.Paragraph type="secondary">
          {t('supervisor.dashboard.asOf', { asOf: data.asOf, days: data.yellowWorkingDays })}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={[16, 16]} className="figures-row">
        <Col xs={12} md={6}>
          <Statistic title={t('supervisor.dashboard.open')} value={totals?.open ?? 0} loading={loading} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('supervisor.dashboard.overdue')}
            value={totals?.overdue ?? 0}
            loading={loading}
            styles={totals && totals.overdue > 0 ? { content: { color: '#cf1322' } } : undefined}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('supervisor.dashboard.yellow')}
            value={totals?.yellow ?? 0}
            loading={loading}
            styles={totals && totals.yellow > 0 ? { content: { color: '#d48806' } } : undefined}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('supervisor.dashboard.onTimeRate')}
            value={percent(totals?.onTimeRate ?? null)}
            loading={loading}
          />
        </Col>
      </Row>
      {totals ? (
        <div className="section-gap" data-testid="supervision-by-status">
          <Typography.Text type="secondary">{t('supervisor.dashboard.byStatus')}：</Typography.Text>
          {STATUSES.map((s) => (
            <Tag key={s}>
              {t(`supervisor.status.${s}`)} {totals.byStatus[s]}
            </Tag>
          ))}
        </div>
      ) : null}
      {data ? (
        <div className="section-gap">
          <Typography.Text type="secondary">
            {t('supervisor.dashboard.projects')} {data.projects.total}：
          </Typography.Text>
          {PROCEDURES.map((p) => (
            <Tag key={p}>
              {t(`supervisor.procedure.${p}`)} {data.projects.byProcedure[p]}
            </Tag>
          ))}
        </div>
      ) : null}
      <Tabs
        className="section-gap"
        items={[
          {
            key: 'regions',
            label: t('supervisor.dashboard.byRegion'),
            children: (
              <Table<RegionRow>
                rowKey="regionCode"
                size="small"
                columns={regionColumns}
                dataSource={data?.regions ?? []}
                loading={dashboard.isFetching}
                pagination={false}
                scroll={{ x: 'max-content' }}
              />
            ),
          },
          {
            key: 'departments',
            label: t('supervisor.dashboard.byDepartment'),
            children: (
              <>
                {data?.departmentsTruncated && (
                  <Typography.Paragraph type="secondary" data-testid="dashboard-departments-truncated">
                    {t('supervisor.dashboard.departmentsTruncated', {
                      shown: data.departments.length,
                      total: data.departmentCount,
                    })}
                  </Typography.Paragraph>
                )}
                <Table<DepartmentRow>
                  rowKey="departmentId"
                  size="small"
                  columns={departmentColumns}
                  dataSource={data?.departments ?? []}
                  loading={dashboard.isFetching}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: t('supervisor.dashboard.empty') }}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
