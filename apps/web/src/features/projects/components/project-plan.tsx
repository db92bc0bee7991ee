import {
  Alert,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type CSSProperties } from 'react';
import { ApiError } from '../../../app/api/http.ts';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { LimitText, MaterialMarks } from '../../guides/components/guide-marks.tsx';
import {
  useProjectPlan,
  type PlanMaterialView,
  type PlanMatterView,
  type PlanStageView,
  type ProjectPlanView,
} from '../api/plan.api.ts';

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** 一项目一方案: the project's stages and matters, a Gantt-like timeline, predicted dates and materials asked once. */
export function ProjectPlanSection({
  projectId,
  facts: controlledFacts,
  onFactsChange,
}: {
  projectId: string;
  /** Controlled facts (the page shares them with 阶段申报); uncontrolled when absent. */
  facts?: string[];
  onFactsChange?: (facts: string[]) => void;
}) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [start, setStart] = useState<Dayjs | null>(null);
  const [ownFacts, setOwnFacts] = useState<string[]>([]);
  const facts = controlledFacts ?? ownFacts;
  const setFacts = onFactsChange ?? setOwnFacts;
  const plan = useProjectPlan(projectId, start ? start.format('YYYY-MM-DD') : undefined, facts);

  if (plan.isPending) return <Spin />;
  if (plan.isError) {
    const unknown = plan.error instanceof ApiError && plan.error.code === 'PROJECT_PROCEDURE_UNKNOWN';
    return (
      <Alert
        type={unknown ? 'info' : 'error'}
        showIcon
        title={unknown ? t('plan.procedureUnknown') : errorText(plan.error)}
        description={unknown ? errorText(plan.error) : undefined}
        data-testid="plan-error"
      />
    );
  }
  const data = plan.data;
  const english = locale === 'en-US';

  return (
    <Space orientation="vertical" size={16} className="full-width" data-testid="project-plan">
      <div className="plan-controls">
        <label className="plan-control">
          <span>{t('plan.startDate')}</span>
          <DatePicker
            allowClear
            value={start ?? dayjs(data.startDate)}
            onChange={(value) => setStart(value)}
            data-testid="plan-start"
            id="plan-start"
          />
        </label>
        {data.facts.available.length > 0 ? (
          <div className="plan-facts">
            <Typography.Text type="secondary">{t('plan.facts')}</Typography.Text>
            <Checkbox.Group
              value={facts}
              onChange={(values) => setFacts(values)}
              options={data.facts.available.map((f) => ({
                value: f.code,
                label: <span data-testid={`plan-fact-${f.code}`}>{english ? f.nameEn : f.name}</span>,
              }))}
              className="plan-fact-list"
            />
          </div>
        ) : null}
      </div>
      <PlanSummary plan={data} loading={plan.isFetching} />
      <Card size="small" title={t('plan.stagesTitle')} data-testid="plan-stages">
        <div className="plan-stage-list">
          {data.stages.map((stage) => (
            <PlanStageBlock key={stage.code} stage={stage} />
          ))}
        </div>
      </Card>
      <Card size="small" title={t('plan.timelineTitle')}>
        <PlanTimeline plan={data} />
      </Card>
      <Card size="small" title={t('plan.materialsTitle')}>
        <PlanMaterials plan={data} />
      </Card>
    </Space>
  );
}

function ProvisionalTag({ provisional }: { provisional: boolean }) {
  const { t } = useI18n();
  return provisional ? (
    <Tag color="orange" title={t('plan.provisionalHint')}>
      {t('plan.provisional')}
    </Tag>
  ) : null;
}

function PlanSummary({ plan, loading }: { plan: ProjectPlanView; loading: boolean }) {
  const { t } = useI18n();
  const { parallel, serial } = plan.predictedFinish;
  return (
    <div className="plan-summary" aria-busy={loading}>
      <div className="plan-summary-item plan-summary-main">
        <Typography.Text type="secondary">{t('plan.parallelFinish')}</Typography.Text>
        <div className="plan-summary-value">
          <span data-testid="plan-parallel-finish">{parallel.date}</span>
          <ProvisionalTag provisional={parallel.provisional} />
        </div>
      </div>
      <div className="plan-summary-item">
        <Typography.Text type="secondary">{t('plan.serialFinish')}</Typography.Text>
        <div className="plan-summary-value">
          <span data-testid="plan-serial-finish">{serial.date}</span>
          <ProvisionalTag provisional={serial.provisional} />
        </div>
      </div>
      <div className="plan-summary-item">
        <Typography.Text type="secondary">{t('plan.catalogueVersion')}</Typography.Text>
        <div className="plan-summary-small" data-testid="plan-catalogue-version">
          {plan.catalogueVersion}
        </div>
        <Typography.Text type="secondary" className="plan-summary-note">
          {t('plan.fromStart', { date: plan.startDate })}
        </Typography.Text>
      </div>
    </div>
  );
}

function PlanStageBlock({ stage }: { stage: PlanStageView }) {
  const { t, locale } = useI18n();
  return (
    <section className="plan-stage" data-testid={`plan-stage-${stage.code}`}>
      <header className="plan-stage-head">
        <span className="plan-stage-order">{stage.order}</span>
        <div>
          <Typography.Text strong>{stage.name}</Typography.Text>
          <div className="plan-stage-meta">
            {t('plan.lead', { department: stage.leadDepartmentName })} · {stage.opensOn} → {stage.closesOn}
          </div>
        </div>
      </header>
      {stage.matters.length === 0 ? (
        <Typography.Text type="secondary" className="plan-stage-empty">
          {t('plan.noMatters')}
        </Typography.Text>
      ) : (
        <ul className="plan-matter-list">
          {stage.matters.map((m) => (
            <li
              key={m.code}
              className={m.isCritical ? 'plan-matter plan-matter-critical' : 'plan-matter'}
              data-testid={`plan-matter-${m.code}`}
            >
              <div className="plan-matter-title">
                <Typography.Text strong>{m.name}</Typography.Text>
                <Space size={4} wrap>
                  {m.isCritical ? <Tag color="red">{t('plan.critical')}</Tag> : null}
                  {m.track === 'concurrent' ? <Tag color="blue">{t('plan.concurrent')}</Tag> : null}
                  {m.status === 'done' ? <Tag color="green">{t('plan.done')}</Tag> : null}
                </Space>
              </div>
              <div className="plan-matter-facts">
                <span>{m.departmentName}</span>
                <LimitText limit={m.limit} />
                <span>
                  {t('plan.predictedFinish')}{' '}
                  <Typography.Text strong data-testid={`plan-finish-${m.code}`}>
                    {m.predictedFinish}
                  </Typography.Text>
                  <ProvisionalTag provisional={m.provisional} />
                </span>
              </div>
              <Typography.Text type="secondary" className="plan-matter-reason">
                {t('plan.why')}
                {(locale === 'en-US' ? m.reasonsEn : m.reasons).join(t('common.listSeparator'))}
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One bar per matter from its earliest start to its predicted finish, on a calendar-day scale with stage bands. */
function PlanTimeline({ plan }: { plan: ProjectPlanView }) {
  const { t } = useI18n();
  const model = useMemo(() => {
    const matters = plan.stages.flatMap((s) => s.matters.map((m) => ({ stage: s, matter: m })));
    const dates = [
      plan.startDate,
      plan.predictedFinish.parallel.date,
      ...matters.flatMap(({ matter }) => [matter.earliestStart ?? matter.predictedFinish, matter.predictedFinish]),
    ];
    const first = Math.min(...dates.map(dayNumber));
    const last = Math.max(...dates.map(dayNumber));
    const span = Math.max(1, last - first + 1);
    const pct = (date: string) => ((dayNumber(date) - first) / span) * 100;
    return { matters, first, last, span, pct };
  }, [plan]);

  if (model.matters.length === 0) return <Empty description={t('plan.noMatters')} />;
  const ticks = monthTicks(model.first, model.last);

  return (
    <div className="gantt" data-testid="plan-timeline">
      <div className="gantt-row gantt-axis">
        <div className="gantt-label" />
        <div className="gantt-track">
          {ticks.map((tick) => (
            <span
              key={tick.label}
              className="gantt-tick"
              style={{ left: `${((tick.day - model.first) / model.span) * 100}%` }}
            >
              {tick.label}
            </span>
          ))}
        </div>
      </div>
      {plan.stages
        .filter((s) => s.matters.length > 0)
        .map((stage) => (
          <div key={stage.code} className="gantt-stage">
            <div className="gantt-row gantt-stage-row">
              <div className="gantt-label gantt-stage-label">{stage.name}</div>
              <div className="gantt-track">
                <span
                  className="gantt-stage-band"
                  style={barStyle(model.pct(stage.opensOn), model.pct(stage.closesOn), model.span)}
                  title={`${stage.opensOn} → ${stage.closesOn}`}
                />
              </div>
            </div>
            {stage.matters.map((m) => (
              <GanttBar key={m.code} matter={m} pct={model.pct} span={model.span} />
            ))}
          </div>
        ))}
      <div className="gantt-legend">
        <span className="gantt-legend-item">
          <span className="gantt-swatch gantt-swatch-critical" />
          {t('plan.critical')}
        </span>
        <span className="gantt-legend-item">
          <span className="gantt-swatch" />
          {t('plan.otherMatter')}
        </span>
        <span className="gantt-legend-item">
          <span className="gantt-swatch gantt-swatch-stage" />
          {t('plan.stageSpan')}
        </span>
      </div>
    </div>
  );
}

function barStyle(from: number, to: number, span: number): CSSProperties {
  const dayWidth = 100 / span;
  return { left: `${from}%`, width: `calc(${Math.max(0, to - from + dayWidth)}% )`, minWidth: 4 };
}

function GanttBar({ matter, pct, span }: { matter: PlanMatterView; pct: (d: string) => number; span: number }) {
  const from = matter.earliestStart ?? matter.predictedFinish;
  const classes = ['gantt-bar'];
  if (matter.isCritical) classes.push('gantt-bar-critical');
  if (matter.status === 'done') classes.push('gantt-bar-done');
  return (
    <div className="gantt-row" data-testid={`gantt-${matter.code}`}>
      <div className="gantt-label" title={matter.name}>
        {matter.name}
      </div>
      <div className="gantt-track">
        <span
          className={classes.join(' ')}
          style={barStyle(pct(from), pct(matter.predictedFinish), span)}
          title={`${from} → ${matter.predictedFinish}`}
        />
        <span className="gantt-bar-date" style={{ left: `${Math.min(pct(matter.predictedFinish), 82)}%` }}>
          {matter.predictedFinish.slice(5)}
        </span>
      </div>
    </div>
  );
}

function monthTicks(first: number, last: number): { day: number; label: string }[] {
  const ticks: { day: number; label: string }[] = [];
  const start = new Date(first * DAY_MS);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + 1; // the first of the next month
  if (m > 11) {
    m = 0;
    y += 1;
  }
  for (;;) {
    const day = Math.round(Date.UTC(y, m, 1) / DAY_MS);
    if (day > last) break;
    ticks.push({ day, label: m === 0 ? `${y}-01` : `${String(m + 1).padStart(2, '0')}` });
    m += 1;
    if (m > 11) {
      m = 0;
      y += 1;
    }
  }
  return ticks;
}

function PlanMaterials({ plan }: { plan: ProjectPlanView }) {
  const { t } = useI18n();
  const names = useMemo(
    () => new Map(plan.stages.flatMap((s) => s.matters.map((m) => [m.code, m.name] as const))),
    [plan],
  );
  const columns: TableColumnsType<PlanMaterialView> = [
    {
      title: t('guide.material'),
      dataIndex: 'name',
      render: (_, row) => (
        <div>
          <div>{row.name}</div>
          <MaterialMarks material={row} />
        </div>
      ),
    },
    {
      title: t('guide.neededBy'),
      dataIndex: 'neededBy',
      responsive: ['md'],
      render: (codes: string[]) => codes.map((c) => names.get(c) ?? c).join(t('common.listSeparator')),
    },
    {
      title: t('plan.materialState'),
      key: 'state',
      render: (_, row) =>
        row.satisfiedBy ? (
          <Tag color="green" data-testid={`plan-material-satisfied-${row.code}`}>
            {t(row.satisfiedBy === 'licencePackage' ? 'plan.satisfiedLicence' : 'plan.satisfiedMaterial')}
          </Tag>
        ) : row.issuedBy ? (
          <Tag color="blue">{t('plan.issuedBy', { matter: names.get(row.issuedBy) ?? row.issuedBy })}</Tag>
        ) : (
          <Tag>{t('plan.toSupply')}</Tag>
        ),
    },
  ];
  return (
    <Table
      rowKey="code"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={plan.materials}
      className="plan-materials"
      data-testid="plan-materials"
    />
  );
}
