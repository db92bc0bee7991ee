import {
  Alert,
  Card,
  Col,
  Empty,
  Input,
  List,
  Progress,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  TreeSelect,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useRegions } from '../../org/api/org.api.ts';
import { buildRegionTree } from '../../org/components/region-tree-data.ts';
import { usePublicPerformance, type DepartmentPerformance } from '../api/public.api.ts';

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** The on-time rate as a bar, or a dash before any decision. */
function RateBar({ rate }: { rate: number | null }) {
  const value = percent(rate);
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Progress
      percent={value}
      size="small"
      status={value >= 95 ? 'success' : value >= 80 ? 'normal' : 'exception'}
      format={(p) => `${p}%`}
      className="rate-bar"
    />
  );
}

/**
 * 办件按时办结公示 (PRODUCT 13: public on-time performance by department): for anyone, each department's decided cases,
 * the share decided within the deadline, and its open and overdue cases, for a region and everything under it.
 */
export function PerformancePage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isDesktop = useIsDesktop();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('regionCode') ?? undefined;
  const performance = usePublicPerformance(regionCode);
  const regions = useRegions();
  const regionTree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const data = performance.data;
  // A province lists hundreds of departments: a reader finds theirs by name.
  const [nameFilter, setNameFilter] = useState('');
  const departments = useMemo(
    () => (data?.departments ?? []).filter((d) => d.departmentName.includes(nameFilter.trim())),
    [data, nameFilter],
  );

  const columns: TableColumnsType<DepartmentPerformance> = [
    { title: t('performance.col.department'), dataIndex: 'departmentName', width: 220 },
    {
      title: t('performance.col.region'),
      dataIndex: 'regionName',
      render: (value: string) => <span className="nowrap">{value}</span>,
    },
    {
      title: t('performance.col.decided'),
      dataIndex: 'decided',
      align: 'right',
      sorter: (a, b) => a.decided - b.decided,
    },
    {
      title: t('performance.col.onTime'),
      dataIndex: 'decidedOnTime',
      align: 'right',
      sorter: (a, b) => a.decidedOnTime - b.decidedOnTime,
    },
    {
      title: t('performance.col.rate'),
      dataIndex: 'onTimeRate',
      width: 180,
      sorter: (a, b) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1),
      render: (rate: number | null) => <RateBar rate={rate} />,
    },
    { title: t('performance.col.open'), dataIndex: 'open', align: 'right', sorter: (a, b) => a.open - b.open },
    {
      title: t('performance.col.overdue'),
      dataIndex: 'overdue',
      align: 'right',
      sorter: (a, b) => a.overdue - b.overdue,
      render: (value: number) => (value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : value),
    },
  ];

  return (
    <Card className="public-card" data-testid="performance-page">
      <Typography.Title level={4}>{t('performance.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('performance.intro')}</Typography.Paragraph>
      <Space wrap className="filter-bar">
        <TreeSelect
          treeData={regionTree}
          loading={regions.isPending}
          value={data?.regionCode ?? regionCode}
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          className="region-filter"
          onChange={(value: string | undefined) => setParams(value ? { regionCode: value } : {})}
          data-testid="performance-region"
        />
        <Input.Search
          allowClear
          placeholder={t('performance.searchDepartment')}
          onSearch={setNameFilter}
          onChange={(event) => {
            if (event.target.value === '') setNameFilter('');
          }}
          className="performance-search"
          data-testid="performance-search"
        />
      </Space>
      {performance.isError ? <Alert type="error" showIcon title={errorText(performance.error)} /> : null}
      {performance.isPending ? <Spin /> : null}
      {data ? (
        <>
          <Row gutter={[16, 16]} className="performance-totals">
            <Col xs={12} md={6}>
              <Statistic title={t('performance.col.decided')} value={data.totals.decided} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('performance.col.rate')}
                value={percent(data.totals.onTimeRate) ?? '—'}
                suffix={data.totals.onTimeRate === null ? undefined : '%'}
                data-testid="performance-rate"
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('performance.col.open')} value={data.totals.open} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('performance.col.overdue')} value={data.totals.overdue} />
            </Col>
          </Row>
          {isDesktop ? (
            <Table<DepartmentPerformance>
              rowKey={(row) => `${row.regionCode}/${row.departmentName}`}
              size="middle"
              columns={columns}
              dataSource={departments}
              pagination={{
                defaultPageSize: 20,
                showSizeChanger: true,
                showTotal: (total) => t('common.total', { total }),
              }}
              scroll={{ x: 820 }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('performance.empty')} />,
              }}
              data-testid="performance-table"
            />
          ) : (
            // On a phone a seven-column table would hide the rate off-screen: one block per department instead.
            <List<DepartmentPerformance>
              dataSource={departments}
              pagination={{ defaultPageSize: 20, size: 'small', hideOnSinglePage: true }}
              locale={{ emptyText: t('performance.empty') }}
              data-testid="performance-list"
              renderItem={(row) => (
                <List.Item>
                  <div className="performance-item">
                    <div>
                      <Typography.Text strong>{row.departmentName}</Typography.Text>{' '}
                      <Typography.Text type="secondary">{row.regionName}</Typography.Text>
                    </div>
                    <RateBar rate={row.onTimeRate} />
                    <Typography.Text type="secondary">
                      {t('performance.itemLine', {
                        decided: row.decided,
                        onTime: row.decidedOnTime,
                        open: row.open,
                        overdue: row.overdue,
                      })}
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          )}
          <Typography.Paragraph type="secondary" className="performance-note">
            {t('performance.note')}
          </Typography.Paragraph>
        </>
      ) : null}
    </Card>
  );
}
