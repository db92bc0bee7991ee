import { FilterOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Pagination,
  Row,
  Select,
  Space,
  Spin,
  Table,
  TreeSelect,
  Typography,
  type TableColumnsType,
  type TableProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { ExportButton } from '../../../app/layout/export-button.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useRegions } from '../../org/api/org.api.ts';
import { buildRegionTree } from '../../org/components/region-tree-data.ts';
import {
  PROCEDURES,
  PROJECT_FLAGS,
  PROJECT_STATUSES,
  SEARCH_SORTS,
  SEARCH_WINDOW,
  downloadSearchExport,
  useProjectSearch,
  type Procedure,
  type ProjectFlag,
  type ProjectSearchQuery,
  type ProjectSearchRow,
  type ProjectStatus,
  type SearchSort,
} from '../api/projects.api.ts';
import { flagLabelKey, formatWan, procedureLabelKey, statusLabelKey } from '../components/project-labels.ts';
import { ProcedureTag, ProjectStatusTag } from '../components/project-tags.tsx';

interface FilterValues {
  q?: string;
  code?: string;
  regionCode?: string;
  industryCode?: string;
  procedure?: Procedure;
  status?: ProjectStatus;
  investmentMin?: number | null;
  investmentMax?: number | null;
  flag?: ProjectFlag;
  created?: [Dayjs | null, Dayjs | null] | null;
}

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;
const numberOrUndefined = (value: string | null) =>
  value !== null && value !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;

/** The search lives in the URL, so back from a project returns to the same list. */
function queryFromParams(params: URLSearchParams): ProjectSearchQuery {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const query: ProjectSearchQuery = {
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: Math.min(100, Math.max(1, Number(params.get('pageSize')) || 20)),
  };
  const assign = <K extends keyof ProjectSearchQuery>(key: K, value: ProjectSearchQuery[K] | undefined) => {
    if (value !== undefined) query[key] = value;
  };
  assign('q', text('q'));
  assign('code', text('code'));
  assign('regionCode', text('regionCode'));
  assign('industryCode', text('industryCode'));
  assign('procedure', oneOf(PROCEDURES, params.get('procedure')));
  assign('status', oneOf(PROJECT_STATUSES, params.get('status')));
  assign('investmentMin', numberOrUndefined(params.get('investmentMin')));
  assign('investmentMax', numberOrUndefined(params.get('investmentMax')));
  assign('flag', oneOf(PROJECT_FLAGS, params.get('flag')));
  assign('createdFrom', text('createdFrom'));
  assign('createdTo', text('createdTo'));
  assign('sort', oneOf(SEARCH_SORTS, params.get('sort')));
  return query;
}

function paramsFromQuery(query: ProjectSearchQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') out[key] = String(value);
  }
  if (out.page === '1') delete out.page;
  if (out.pageSize === '20') delete out.pageSize;
  return out;
}

function filtersFromQuery(query: ProjectSearchQuery): FilterValues {
  return {
    ...(query.q ? { q: query.q } : {}),
    ...(query.code ? { code: query.code } : {}),
    ...(query.regionCode ? { regionCode: query.regionCode } : {}),
    ...(query.industryCode ? { industryCode: query.industryCode } : {}),
    ...(query.procedure ? { procedure: query.procedure } : {}),
    ...(query.status ? { status: query.status } : {}),
    investmentMin: query.investmentMin ?? null,
    investmentMax: query.investmentMax ?? null,
    ...(query.flag ? { flag: query.flag } : {}),
    created:
      query.createdFrom || query.createdTo
        ? [query.createdFrom ? dayjs(query.createdFrom) : null, query.createdTo ? dayjs(query.createdTo) : null]
        : null,
  };
}

const SORT_FIELDS: Record<string, { asc: SearchSort; desc: SearchSort }> = {
  name: { asc: 'name', desc: 'name' },
  totalInvestment: { asc: 'totalInvestment', desc: '-totalInvestment' },
  createdAt: { asc: 'createdAt', desc: '-createdAt' },
};

function sortOrderOf(sort: SearchSort | undefined, field: string): 'ascend' | 'descend' | null {
  if (!sort) return field === 'createdAt' ? 'descend' : null;
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

/** 项目查询 (window, departments, supervision): every filter of the search API, sortable, paginated, in the URL. */
export function ProjectSearchPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isDesktop = useIsDesktop();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => queryFromParams(params), [params]);
  const [form] = Form.useForm<FilterValues>();
  const [expanded, setExpanded] = useState(false);
  const regions = useRegions();
  const regionTree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const search = useProjectSearch(query);
  const total = search.data?.total ?? 0;
  const capped = search.data?.totalIsLowerBound === true;
  /** "共 1,234 条", or "共 10,000+ 条" when the server stopped counting. */
  const totalText = (count: number) =>
    capped ? t('common.totalAtLeast', { total: count.toLocaleString('en') }) : t('common.total', { total: count });

  const apply = (values: FilterValues) => {
    const next: ProjectSearchQuery = {
      page: 1,
      pageSize: query.pageSize,
      ...(query.sort ? { sort: query.sort } : {}),
      ...(values.q?.trim() ? { q: values.q.trim() } : {}),
      ...(values.code?.trim() ? { code: values.code.trim() } : {}),
      ...(values.regionCode ? { regionCode: values.regionCode } : {}),
      ...(values.industryCode?.trim() ? { industryCode: values.industryCode.trim().toUpperCase() } : {}),
      ...(values.procedure ? { procedure: values.procedure } : {}),
      ...(values.status ? { status: values.status } : {}),
      ...(typeof values.investmentMin === 'number' ? { investmentMin: values.investmentMin } : {}),
      ...(typeof values.investmentMax === 'number' ? { investmentMax: values.investmentMax } : {}),
      ...(values.flag ? { flag: values.flag } : {}),
      ...(values.created?.[0] ? { createdFrom: values.created[0].format('YYYY-MM-DD') } : {}),
      ...(values.created?.[1] ? { createdTo: values.created[1].format('YYYY-MM-DD') } : {}),
    };
    setParams(paramsFromQuery(next));
  };

  const onTableChange: TableProps<ProjectSearchRow>['onChange'] = (pagination, _filters, sorter) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof single?.field === 'string' ? single.field : undefined;
    const mapping = field ? SORT_FIELDS[field] : undefined;
    const sort = mapping && single?.order ? (single.order === 'ascend' ? mapping.asc : mapping.desc) : undefined;
    const next: ProjectSearchQuery = {
      ...query,
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? query.pageSize,
    };
    if (sort) next.sort = sort;
    else delete next.sort;
    if (sort !== query.sort) next.page = 1;
    setParams(paramsFromQuery(next));
  };

  const columns: TableColumnsType<ProjectSearchRow> = [
    {
      title: t('project.col.name'),
      dataIndex: 'name',
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'name'),
      sortDirections: ['ascend'],
      // Names wrap, but not down to a character or two a line; codes, amounts and dates stay on one line.
      width: 200,
      render: (_, row) => (
        <Link to={`/projects/${row.id}`} data-testid="search-result-link">
          {row.name}
        </Link>
      ),
    },
    {
      title: t('project.col.code'),
      dataIndex: 'code',
      render: (code: string | null) => <span className="mono nowrap">{code ?? '—'}</span>,
    },
    { title: t('project.col.enterprise'), dataIndex: 'enterpriseName', width: 160 },
    {
      title: t('project.col.region'),
      dataIndex: 'regionName',
      render: (value: string | null) => <span className="nowrap">{value ?? '—'}</span>,
    },
    {
      title: t('project.col.procedure'),
      dataIndex: 'procedure',
      render: (_, row) => <ProcedureTag procedure={row.procedure} />,
    },
    {
      title: t('project.col.status'),
      dataIndex: 'status',
      render: (_, row) => <ProjectStatusTag status={row.status} />,
    },
    {
      title: t('project.col.totalInvestment'),
      dataIndex: 'totalInvestment',
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'totalInvestment'),
      render: (value: number | null) => <span className="nowrap">{formatWan(t, value)}</span>,
    },
    { title: t('project.col.industry'), dataIndex: 'industryCode', render: (value: string | null) => value ?? '—' },
    {
      title: t('project.col.createdAt'),
      dataIndex: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf(query.sort, 'createdAt'),
      render: (value: string) => <span className="nowrap">{formatDateTime(value, false)}</span>,
    },
  ];

  const showAll = isDesktop || expanded;
  const col = { xs: 24, sm: 12, lg: 8, xl: 6 };

  return (
    <Page title={t('search.title')} description={t('search.description')} testId="project-search">
      <Card className="search-card">
        <Form<FilterValues>
          form={form}
          layout="vertical"
          initialValues={filtersFromQuery(query)}
          onFinish={apply}
          data-testid="search-form"
          className="search-form"
        >
          <Row gutter={16}>
            <Col {...col}>
              <Form.Item
                name="q"
                label={t('search.q')}
                rules={[
                  {
                    validator: (_, value: string | undefined) =>
                      !value?.trim() || [...value.trim()].length >= 2
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('search.qMin'))),
                  },
                ]}
              >
                <Input allowClear placeholder={t('search.qPlaceholder')} data-testid="search-q" />
              </Form.Item>
            </Col>
            {showAll ? (
              <>
                <Col {...col}>
                  <Form.Item name="code" label={t('project.col.code')}>
                    <Input allowClear placeholder="YYMM-RRRRRR-DD-TT-NNNNNC" data-testid="search-code" />
                  </Form.Item>
                </Col>
                <Col {...col}>
                  <Form.Item name="regionCode" label={t('project.col.region')}>
                    <TreeSelect
                      allowClear
                      treeData={regionTree}
                      showSearch
                      treeNodeFilterProp="title"
                      treeDefaultExpandAll
                      placeholder={t('search.regionPlaceholder')}
                    />
                  </Form.Item>
                </Col>
                <Col {...col}>
                  <Form.Item name="industryCode" label={t('project.col.industry')}>
                    <Input allowClear placeholder="E47" />
                  </Form.Item>
                </Col>
                <Col {...col}>
                  <Form.Item name="procedure" label={t('project.col.procedure')}>
                    <Select
                      allowClear
                      placeholder={t('common.all')}
                      options={PROCEDURES.map((value) => ({ value, label: t(procedureLabelKey(value)) }))}
                    />
                  </Form.Item>
                </Col>
                <Col {...col}>
                  <Form.Item name="status" label={t('project.col.status')}>
                    <Select
                      allowClear
                      placeholder={t('common.all')}
                      options={PROJECT_STATUSES.filter((value) => value !== 'draft').map((value) => ({
                        value,
                        label: t(statusLabelKey(value)),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col {...col}>
                  <Form.Item label={t('search.investmentRange')}>
                    <Space.Compact className="full-width">
                      <Form.Item name="investmentMin" noStyle>
                        <InputNumber<number> min={0} placeholder={t('search.min')} className="full-width" />
                      </Form.Item>
                      <Form.Item name="investmentMax" noStyle>
                        <InputNumber<number> min={0} placeholder={t('search.max')} className="full-width" />
                      </Form.Item>
                    </Space.Compact>
                  </Form.Item>
                </Col>
                <Col {...col}>
                  <Form.Item name="flag" label={t('project.field.flags')}>
                    <Select
                      allowClear
                      placeholder={t('common.all')}
                      options={PROJECT_FLAGS.map((value) => ({ value, label: t(flagLabelKey(value)) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={24} lg={16} xl={12}>
                  <Form.Item name="created" label={t('search.createdRange')}>
                    <DatePicker.RangePicker className="full-width" allowEmpty={[true, true]} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="search-submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue(filtersFromQuery({ page: 1, pageSize: query.pageSize }));
                form.resetFields();
                setParams({});
              }}
            >
              {t('common.reset')}
            </Button>
            <ExportButton
              run={(language) => downloadSearchExport(query, language)}
              disabled={total === 0}
              truncatedNote={(rows) => t('search.exportTruncated', { total: rows.toLocaleString('en') })}
              testId="search-export"
            />
            {isDesktop ? null : (
              <Button
                type="link"
                icon={expanded ? <UpOutlined /> : <FilterOutlined />}
                onClick={() => setExpanded((value) => !value)}
                data-testid="search-toggle-filters"
              >
                {expanded ? t('search.lessFilters') : t('search.moreFilters')}
              </Button>
            )}
          </Space>
        </Form>
      </Card>
      {search.isError ? (
        <Alert
          type="error"
          showIcon
          title={errorText(search.error)}
          className="form-alert"
          data-testid="search-error"
        />
      ) : null}
      {capped ? (
        <Alert
          type="info"
          showIcon
          title={t('search.capped', { total: SEARCH_WINDOW.toLocaleString('en') })}
          className="form-alert"
          data-testid="search-capped"
        />
      ) : null}
      {isDesktop ? (
        <Card>
          <Table<ProjectSearchRow>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={search.data?.items ?? []}
            loading={search.isFetching}
            // A minimum width, not max-content: at a desktop's width the names wrap and every column stays in view.
            scroll={{ x: 960 }}
            onChange={onTableChange}
            onRow={(row) => ({ onDoubleClick: () => void navigate(`/projects/${row.id}`) })}
            data-testid="search-table"
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total,
              showSizeChanger: true,
              showTotal: totalText,
            }}
          />
        </Card>
      ) : (
        <div className="search-cards" data-testid="search-cards">
          {search.isFetching ? <Spin /> : null}
          {(search.data?.items ?? []).map((row) => (
            <Card key={row.id} size="small" className="project-card" data-testid="search-card">
              <Link to={`/projects/${row.id}`} className="project-card-title" data-testid="search-result-link">
                {row.name}
              </Link>
              <Space wrap size={4}>
                <ProjectStatusTag status={row.status} />
                <ProcedureTag procedure={row.procedure} />
              </Space>
              <Typography.Text className="mono project-card-code">{row.code ?? '—'}</Typography.Text>
              <Typography.Text type="secondary">
                {row.enterpriseName} · {row.regionName ?? '—'}
              </Typography.Text>
              <Typography.Text type="secondary">{formatWan(t, row.totalInvestment)}</Typography.Text>
            </Card>
          ))}
          <Typography.Text type="secondary" data-testid="search-total">
            {totalText(total)}
          </Typography.Text>
          {total > query.pageSize ? (
            <Pagination
              simple
              current={query.page}
              pageSize={query.pageSize}
              total={total}
              onChange={(page) => setParams(paramsFromQuery({ ...query, page }))}
            />
          ) : null}
        </div>
      )}
    </Page>
  );
}
