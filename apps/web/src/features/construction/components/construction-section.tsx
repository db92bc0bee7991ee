import { Alert, Button, Card, Descriptions, Image, Progress, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useScrollToHash } from '../../../app/layout/use-scroll-to-hash.ts';
import {
  photoUrl,
  useProjectConstruction,
  type ConstructionReport,
  type Inspection,
  type ProjectConstruction,
  type ReportKind,
} from '../api/construction.api.ts';
import { ACTION_KEYS, formatWan, KIND_KEYS, STATUS_COLORS, STATUS_KEYS } from './construction-labels.ts';
import { InspectionModal } from './inspection-modal.tsx';
import { ReportModal } from './report-modal.tsx';
import './construction.css';

const PERIOD_COLORS = { reported: 'success', overdue: 'error', due: 'processing' } as const;

/**
 * 建设情况 on the project page: where construction stands, the reporting calendar, what the platform found, every report;
 * the owner's report buttons (the server says which apply now).
 */
export function ConstructionSection({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const construction = useProjectConstruction(projectId);
  const [kind, setKind] = useState<ReportKind | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const data = construction.data;
  // Linked from 建设监管 and from notices as /projects/:id#construction.
  useScrollToHash('construction', data !== undefined);
  const actions = data?.canInspect ? (
    <Button type="primary" onClick={() => setInspecting(true)} data-testid="construction-open-inspection">
      {t('construction.inspect.title')}
    </Button>
  ) : data?.allowedKinds.length ? (
    <Space wrap>
      {data.allowedKinds.map((k) => (
        <Button
          key={k}
          type={k === 'start' || k === 'progress' ? 'primary' : 'default'}
          onClick={() => setKind(k)}
          data-testid={`construction-open-${k}`}
        >
          {t(ACTION_KEYS[k])}
        </Button>
      ))}
    </Space>
  ) : null;
  // On a phone the buttons go above the body: beside the title they would squeeze it to one character.
  const desktop = useIsDesktop();
  return (
    <Card
      title={t('construction.title')}
      extra={desktop ? actions : null}
      className="section-gap construction-card"
      id="construction"
      data-testid="construction-card"
    >
      {!desktop && actions ? <div className="construction-actions">{actions}</div> : null}
      {construction.isPending ? <Spin /> : null}
      {construction.isError ? <Alert type="error" showIcon title={errorText(construction.error)} /> : null}
      {data ? <ConstructionBody data={data} /> : null}
      {data ? (
        <ReportModal projectId={projectId} construction={data} kind={kind} onClose={() => setKind(null)} />
      ) : null}
      {data?.canInspect ? (
        <InspectionModal projectId={projectId} open={inspecting} onClose={() => setInspecting(false)} />
      ) : null}
    </Card>
  );
}

function ConstructionBody({ data }: { data: ProjectConstruction }) {
  const { t, locale } = useI18n();
  const english = locale === 'en-US';
  if (data.status === 'notStarted') {
    return (
      <Typography.Paragraph type="secondary" data-testid="construction-not-started">
        {data.allowedKinds.includes('start') ? t('construction.notStartedOwner') : t('construction.notStarted')}
      </Typography.Paragraph>
    );
  }
  return (
    <Space orientation="vertical" size={12} className="full-width">
      {data.overdueCount > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('construction.overdueAlert', { count: data.overdueCount })}
          data-testid="construction-overdue"
        />
      ) : null}
      {data.findings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('construction.findingsTitle')}
          description={
            <ul className="construction-findings">
              {data.findings.map((f) => (
                <li key={f.code} data-testid={`finding-${f.code}`}>
                  {english ? f.textEn : f.text}
                </li>
              ))}
            </ul>
          }
          data-testid="construction-findings"
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          {
            key: 'status',
            label: t('construction.col.status'),
            children: (
              <Tag color={STATUS_COLORS[data.status]} data-testid="construction-status">
                {t(STATUS_KEYS[data.status])}
              </Tag>
            ),
          },
          { key: 'startedOn', label: t('construction.col.startedOn'), children: data.startedOn ?? '—' },
          { key: 'completedOn', label: t('construction.col.completedOn'), children: data.completedOn ?? '—' },
          {
            key: 'investment',
            label: t('construction.col.investment'),
            children:
              data.investmentToDate === null ? '—' : `${formatWan(data.investmentToDate)} ${t('construction.wan')}`,
          },
        ]}
      />
      <div className="construction-progress">
        <Typography.Text type="secondary">{t('construction.col.percent')}</Typography.Text>
        <Progress percent={data.percentComplete ?? 0} data-testid="construction-percent-bar" />
      </div>
      {data.periods.length > 0 ? (
        <div>
          <Typography.Text type="secondary">
            {t(`construction.schedule.${data.schedule.interval}`, { day: data.schedule.dueDay })}
          </Typography.Text>
          <div className="construction-periods" data-testid="construction-periods">
            {data.periods.map((p) => (
              <Tag key={p.end} color={PERIOD_COLORS[p.state]} data-testid={`period-${p.state}`}>
                {english ? p.labelEn : p.label} · {t(`construction.period.${p.state}`)}
                {p.state !== 'reported' ? ` · ${t('construction.dueOn', { date: p.dueOn })}` : ''}
              </Tag>
            ))}
          </div>
        </div>
      ) : null}
      {data.inspections.length > 0 ? <Inspections items={data.inspections} /> : null}
      <Timeline
        className="construction-timeline"
        items={data.reports.map((report) => ({
          key: report.id,
          color: report.findings.length ? 'orange' : report.kind === 'completion' ? 'green' : 'blue',
          content: <ReportEntry report={report} />,
        }))}
      />
    </Space>
  );
}

/** 监管核查记录: the supervisors' checks, newest first. */
function Inspections({ items }: { items: Inspection[] }) {
  const { t } = useI18n();
  return (
    <div className="construction-inspections" data-testid="construction-inspections">
      <Typography.Text strong>{t('construction.inspect.records')}</Typography.Text>
      {items.map((i) => (
        <div
          key={i.id}
          className="construction-inspection"
          data-testid="construction-inspection"
          data-result={i.result}
        >
          <Space wrap size={6}>
            <Tag color={i.result === 'compliant' ? 'success' : 'error'}>{t(`construction.inspect.${i.result}`)}</Tag>
            <Typography.Text>
              {i.inspectedOn} · {t(`construction.inspect.${i.method}`)} · {i.inspectorName}
            </Typography.Text>
            {i.rectificationDue ? (
              <Typography.Text type="danger">
                {t('construction.inspect.rectifyBy', { date: i.rectificationDue })}
              </Typography.Text>
            ) : null}
          </Space>
          <Typography.Paragraph className="construction-description">{i.opinion}</Typography.Paragraph>
        </div>
      ))}
    </div>
  );
}

function ReportEntry({ report }: { report: ConstructionReport }) {
  const { t, locale } = useI18n();
  const english = locale === 'en-US';
  const figures = [
    report.period ? (english ? report.period.labelEn : report.period.label) : report.occurredOn,
    report.percentComplete !== null ? `${t('construction.col.percent')} ${report.percentComplete}%` : null,
    report.investmentToDate !== null
      ? `${t('construction.col.investment')} ${formatWan(report.investmentToDate)} ${t('construction.wan')}`
      : null,
  ].filter((s): s is string => s !== null);
  return (
    <div className="construction-entry" data-testid="construction-entry" data-kind={report.kind}>
      <Typography.Text strong>{t(KIND_KEYS[report.kind])}</Typography.Text>
      <Typography.Text type="secondary"> · {figures.join(' · ')}</Typography.Text>
      <Typography.Paragraph className="construction-description">{report.description}</Typography.Paragraph>
      {report.findings.map((f) => (
        <Tag key={f.code} color="warning" className="construction-finding-tag">
          {english ? f.textEn : f.text}
        </Tag>
      ))}
      {report.photos.length > 0 ? (
        <div className="construction-photos" data-testid="construction-entry-photos">
          <Image.PreviewGroup>
            {report.photos.map((p) => (
              <Image key={p.id} src={photoUrl(p.id)} alt={p.fileName} width={88} height={66} />
            ))}
          </Image.PreviewGroup>
        </div>
      ) : null}
      <Typography.Text type="secondary" className="construction-meta">
        {report.reportedByName} · {formatDateTime(report.reportedAt, false)}
      </Typography.Text>
    </div>
  );
}
