import { Alert, Card, Pagination, Space, Spin, Table, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useRegions } from '../../org/api/org.api.ts';
import { buildRegionTree } from '../../org/components/region-tree-data.ts';
import { ProjectStatusTag } from '../../projects/components/project-tags.tsx';
import { usePublicFilings, type PublicFiling } from '../api/public.api.ts';

/** 备案公示: filed projects, newest first, by region. */
export function FilingsPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isDesktop = useIsDesktop();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 20));
  const regionCode = params.get('regionCode') ?? undefined;
  const filings = usePublicFilings({ page, pageSize, regionCode });
  // Beyond 10,000 filed projects the server counts no further (issue 6): "共 10,000+ 条", and pages end there.
  const total = filings.data?.total ?? 0;
  const totalText = filings.data?.totalIsLowerBound
    ? t('common.totalAtLeast', { total: total.toLocaleString('en') })
    : t('common.total', { total });
  const regions = useRegions();
  const regionTree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);

  const update = (next: { page?: number; pageSize?: number; regionCode?: string | undefined }) => {
    const merged = { page, pageSize, regionCode, ...next };
    const out: Record<string, string> = {};
    if (merged.page > 1) out.page = String(merged.page);
    if (merged.pageSize !== 20) out.pageSize = String(merged.pageSize);
    if (merged.regionCode) out.regionCode = merged.regionCode;
    setParams(out);
  };

  const columns: TableColumnsType<PublicFiling> = [
    {
      title: t('project.code'),
      dataIndex: 'code',
      render: (code: string) => (
        <Link to={`/public/project-codes/${encodeURIComponent(code)}`} className="mono">
          {code}
        </Link>
      ),
    },
    { title: t('project.col.name'), dataIndex: 'name' },
    { title: t('project.col.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('project.col.region'), dataIndex: 'regionName' },
    {
      title: t('project.col.status'),
      dataIndex: 'status',
      render: (_, row) => <ProjectStatusTag status={row.status} />,
    },
    {
      title: t('project.filedAt'),
      dataIndex: 'filedAt',
      render: (value: string | null) => formatDateTime(value, false),
    },
  ];

  return (
    <Card className="public-card" data-testid="filings-page">
      <Typography.Title level={4}>{t('public.filings.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('public.filings.intro')}</Typography.Paragraph>
      <Space wrap className="filter-bar">
        <TreeSelect
          allowClear
          treeData={regionTree}
          loading={regions.isPending}
          value={regionCode}
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          placeholder={t('public.filings.allRegions')}
          className="region-filter"
          onChange={(value: string | undefined) => update({ regionCode: value, page: 1 })}
          data-testid="filings-region"
        />
      </Space>
      {filings.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorText(filings.error)}
          className="form-alert"
          data-testid="filings-error"
        />
      ) : null}
      {isDesktop ? (
        <Table<PublicFiling>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={filings.data?.items ?? []}
          loading={filings.isFetching}
          scroll={{ x: 'max-content' }}
          data-testid="filings-table"
          pagination={{
            current: page,
            pageSize,
            total: filings.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: () => totalText,
            onChange: (next, size) => update({ page: next, pageSize: size }),
          }}
        />
      ) : (
        <div className="project-cards" data-testid="filings-table">
          {filings.isFetching ? <Spin /> : null}
          {(filings.data?.items ?? []).map((row) => (
            <Card key={row.code} size="small" className="project-card">
              <Typography.Text strong className="project-card-title">
                {row.name}
              </Typography.Text>
              <Link to={`/public/project-codes/${encodeURIComponent(row.code)}`} className="mono project-card-code">
                {row.code}
              </Link>
              <Typography.Text type="secondary">
                {row.enterpriseName} · {row.regionName}
              </Typography.Text>
              <Space wrap size={4}>
                <ProjectStatusTag status={row.status} />
                <Typography.Text type="secondary">{formatDateTime(row.filedAt, false)}</Typography.Text>
              </Space>
            </Card>
          ))}
          <Typography.Text type="secondary">{totalText}</Typography.Text>
          {(filings.data?.total ?? 0) > pageSize ? (
            <Pagination
              simple
              current={page}
              pageSize={pageSize}
              total={filings.data?.total ?? 0}
              onChange={(next) => update({ page: next })}
            />
          ) : null}
        </div>
      )}
    </Card>
  );
}
