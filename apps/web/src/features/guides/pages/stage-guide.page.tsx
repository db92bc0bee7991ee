import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, List, Result, Spin, Steps, Table, Typography, type TableColumnsType } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../app/api/http.ts';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useStageGuide, type GuideMaterial, type MatterGuide } from '../api/guides.api.ts';
import { LimitText, MaterialMarks } from '../components/guide-marks.tsx';

/** 阶段办事指南 (一份办事指南): matters, materials asked once, limits and the procedure — one printable page. */
export function StageGuidePage() {
  const { code } = useParams<{ code: string }>();
  const { t } = useI18n();
  const errorText = useErrorText();
  const isDesktop = useIsDesktop();
  const guide = useStageGuide(code);

  if (guide.isPending) return <Spin />;
  if (guide.isError) {
    const notFound = guide.error instanceof ApiError && guide.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('guide.notFound') : errorText(guide.error)}
        extra={<Link to="/guides">{t('guide.backToList')}</Link>}
      />
    );
  }
  const g = guide.data;

  const matterColumns: TableColumnsType<MatterGuide> = [
    {
      title: t('guide.matter'),
      dataIndex: 'name',
      render: (_, m) => (
        <div>
          <Link to={`/guides/matters/${encodeURIComponent(m.code)}`}>{m.name}</Link>
          {m.track === 'concurrent' ? <div className="guide-sub">{t('guide.concurrentHint')}</div> : null}
          {isDesktop ? null : <div className="guide-sub">{m.departmentName}</div>}
        </div>
      ),
    },
    { title: t('guide.department'), dataIndex: 'departmentName', responsive: ['md'] },
    {
      title: t('guide.limit'),
      key: 'limit',
      render: (_, m) => <LimitText limit={m.limit} />,
    },
    {
      title: t('guide.output'),
      key: 'output',
      responsive: ['lg'],
      render: (_, m) => m.output?.licenceName ?? '—',
    },
  ];

  return (
    <Card className="public-card guide-print" data-testid="stage-guide">
      <div className="guide-head">
        <div>
          <Typography.Title level={4}>{t('guide.stageTitle', { name: g.stage.name })}</Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('plan.lead', { department: g.stage.leadDepartmentName })} ·{' '}
            {t('guide.stagePromised', { days: g.promisedWorkingDays })} ·{' '}
            {t('guide.version', { version: g.catalogueVersion })}
          </Typography.Paragraph>
        </div>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="no-print">
          {t('guide.print')}
        </Button>
      </div>
      <Alert type="info" showIcon className="form-alert" title={t('guide.oneWindow')} />

      <Typography.Title level={5}>{t('guide.mattersTitle')}</Typography.Title>
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        columns={matterColumns}
        dataSource={g.matters}
        data-testid="stage-guide-matters"
      />

      <Typography.Title level={5} className="guide-section">
        {t('guide.materialsTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('guide.materialsOnce')}</Typography.Paragraph>
      <MaterialList materials={g.materials} />

      <Typography.Title level={5} className="guide-section">
        {t('guide.procedureTitle')}
      </Typography.Title>
      <Steps
        orientation="vertical"
        size="small"
        current={-1}
        items={g.procedure.map((p) => ({ title: p.name, content: p.description }))}
        data-testid="stage-guide-procedure"
      />
      <Typography.Paragraph type="secondary" className="guide-footnote">
        {t('guide.limitFootnote')}
      </Typography.Paragraph>
      <Link to="/guides" className="no-print">
        {t('guide.backToList')}
      </Link>
    </Card>
  );
}

export function MaterialList({ materials }: { materials: GuideMaterial[] }) {
  const { t } = useI18n();
  return (
    <List
      size="small"
      bordered
      dataSource={materials}
      data-testid="guide-materials"
      renderItem={(m, index) => (
        <List.Item data-testid={`guide-material-${m.code}`}>
          <div className="guide-material">
            <div className="guide-material-title">
              <span className="guide-material-no">{index + 1}.</span>
              <Typography.Text strong>{m.name}</Typography.Text>
              <MaterialMarks material={m} />
            </div>
            <div className="guide-sub">
              {t('guide.neededBy')}：{m.neededBy.map((n) => n.name).join(t('common.listSeparator'))}
            </div>
            {m.satisfiedByLicenceName ? (
              <div className="guide-sub">{t('guide.satisfiedByLicence', { licence: m.satisfiedByLicenceName })}</div>
            ) : null}
            {m.commitmentText ? (
              <div className="guide-commitment">
                {t('guide.commitmentText')}
                {m.commitmentText}
              </div>
            ) : null}
            {m.sampleUrl ? (
              <a href={m.sampleUrl} target="_blank" rel="noreferrer">
                {t('guide.sample')}
              </a>
            ) : null}
          </div>
        </List.Item>
      )}
    />
  );
}
