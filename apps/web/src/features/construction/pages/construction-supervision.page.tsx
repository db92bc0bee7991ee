import { Alert, Card, Checkbox, Segmented, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import {
  CONSTRUCTION_STATUSES,
  useSupervisionConstruction,
  type ConstructionListItem,
  type ConstructionStatus,
} from '../api/construction.api.ts';
import { formatWan, STATUS_COLORS, STATUS_KEYS } from '../components/construction-labels.ts';
import '../components/construction.css';

const PAGE_SIZE = 20;

/**
 * 建设监管: the region subtree's projects that reported 开工 — who is building, who has not reported the latest period
 * due, and which 开工 came without the approvals the platform knows of (体外循环 signals, DOMAIN.md §7).
 */
export function ConstructionSupervisionPage() {
  const { t, locale } = useI18n();
  const english = locale === 'en-US';
  const errorText = useErrorText();
  const [status, setStatus] = useState<ConstructionStatus | 'all'>('all');
  const [overdue, setOverdue] = useState(false);
  const [withFindings, setWithFindings] = useState(false);
  const [page, setPage] = useState(1);
  const list = useSupervisionConstruction({
    status: status === 'all' ? undefined : status,
    overdue,
    withFindings,
    page,
    pageSize: PAGE_SIZE,
  });
  const data = list.data;
  const pastDue = data ? (english ? data.pastDuePeriod.labelEn : data.pastDuePeriod.label) : '';

  const columns: TableColumnsType<ConstructionListItem> = [
    {
      title: t('construction.col.project'),
      key: 'project',
      width: 240,
      render: (_, row) => (
        <div>
          <Link to={`/projects/${row.projectId}#construction`} data-testid="construction-row-link">
            {row.projectName}
          </Link>
          <div className="mono construction-code">{row.projectCode ?? '—'}</div>
        </div>
      ),
    },
    { title: t('construction.col.region'), dataIndex: 'regionName', key: 'region', width: 100 },
    {
      title: t('construction.col.status'),
      key: 'status',
      width: 120,
      render: (_, row) => (
        <div>
          <Tag color={STATUS_COLORS[row.status]}>{t(STATUS_KEYS[row.status])}</Tag>
          <div className="construction-code">{t('construction.startedOnShort', { date: row.startedOn })}</div>
        </div>
      ),
    },
    {
      title: t('construction.col.progressAndInvestment'),
      key: 'progress',
      width: 150,
      render: (_, row) => (
        <div>
          <div>{row.percentComplete === null ? '—' : `${row.percentComplete}%`}</div>
          <div className="construction-code">
            {formatWan(row.investmentToDate)} / {formatWan(row.totalInvestment)} {t('construction.wan')}
          </div>
        </div>
      ),
    },
    {
      title: t('construction.col.reporting'),
      key: 'reporting',
      width: 96,
      render: (_, row) =>
        row.overdue ? (
          <Tag color="error" data-testid="row-overdue">
            {t('construction.overdueTag')}
          </Tag>
        ) : row.status === 'completed' ? (
          '—'
        ) : (
          <Tag color="success">{t('construction.onTimeTag')}</Tag>
        ),
    },
    {
      title: t('construction.col.inspection'),
      key: 'inspection',
      width: 104,
      render: (_, row) =>
        row.lastInspectedOn ? (
          <div>
            <Tag color={row.lastInspectionResult === 'issuesFound' ? 'error' : 'success'}>
              {t(`construction.inspect.${row.lastInspectionResult ?? 'compliant'}`)}
            </Tag>
            <div className="construction-code">{row.lastInspectedOn}</div>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('construction.inspect.never')}</Typography.Text>
        ),
    },
    {
      title: t('construction.col.findings'),
      key: 'findings',
      render: (_, row) =>
        row.findings.length === 0
          ? '—'
          : row.findings.map((f) => (
              <Tag
                key={f.code}
                color="warning"
                className="construction-finding-tag"
                data-testid={`row-finding-${f.code}`}
              >
                {english ? f.textEn : f.text}
              </Tag>
            )),
    },
  ];

  return (
    <Page
      title={t('construction.supervision.title')}
      description={t('construction.supervision.intro')}
      testId="construction-supervision"
    >
      <Card className="section-gap">
        <div className="construction-counts" data-testid="construction-counts">
          <Statistic title={t('construction.status.underConstruction')} value={data?.counts.underConstruction ?? 0} />
          <Statistic title={t('construction.status.suspended')} value={data?.counts.suspended ?? 0} />
          <Statistic title={t('construction.status.completed')} value={data?.counts.completed ?? 0} />
          <Statistic
            title={t('construction.supervision.overdueCount', { period: pastDue })}
            value={data?.counts.overdue ?? 0}
            styles={{ content: { color: data?.counts.overdue ? '#cf1322' : undefined } }}
          />
          <Statistic
            title={t('construction.supervision.findingsCount')}
            value={data?.counts.withFindings ?? 0}
            styles={{ content: { color: data?.counts.withFindings ? '#d46b08' : undefined } }}
          />
        </div>
      </Card>
      <Card className="section-gap">
        <div className="construction-filters">
          <Segmented
            value={status}
            onChange={(value) => {
              setStatus(value as ConstructionStatus | 'all');
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('construction.filter.all') },
              ...CONSTRUCTION_STATUSES.map((s) => ({ value: s, label: t(STATUS_KEYS[s]) })),
            ]}
            data-testid="construction-status-filter"
          />
          <Checkbox
            checked={overdue}
            onChange={(e) => {
              setOverdue(e.target.checked);
              setPage(1);
            }}
            data-testid="construction-filter-overdue"
          >
            {t('construction.filter.overdue')}
          </Checkbox>
          <Checkbox
            checked={withFindings}
            onChange={(e) => {
              setWithFindings(e.target.checked);
              setPage(1);
            }}
            data-testid="construction-filter-findings"
          >
            {t('construction.filter.findings')}
          </Checkbox>
        </div>
        {list.isError ? <Alert type="error" showIcon className="form-alert" title={errorText(list.error)} /> : null}
        {data ? (
          <Typography.Paragraph type="secondary">
            {t('construction.supervision.asOf', { date: data.asOf, period: pastDue, due: data.pastDuePeriod.dueOn })}
          </Typography.Paragraph>
        ) : null}
        <Table<ConstructionListItem>
          rowKey="projectId"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1010 }}
          locale={{ emptyText: t('construction.supervision.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
          }}
          data-testid="construction-table"
        />
      </Card>
    </Page>
  );
}
