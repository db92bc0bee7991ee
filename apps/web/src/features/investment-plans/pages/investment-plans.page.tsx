import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Progress,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatWan } from '../../../app/i18n/format-wan.ts';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.tsx';
import { FormModal } from '../../../app/layout/form-modal.tsx';
import { Page } from '../../../app/layout/page.tsx';
import {
  FUND_SOURCES,
  useAddItem,
  useCreatePlan,
  usePlan,
  usePlans,
  usePublishPlan,
  useRecordPayment,
  type FundSource,
  type Plan,
  type PlanItem,
} from '../api/investment-plans.api.ts';

const SOURCE_KEYS: Record<FundSource, MessageKey> = {
  central: 'plans.source.central',
  provincial: 'plans.source.provincial',
  local: 'plans.source.local',
  specialBond: 'plans.source.specialBond',
  other: 'plans.source.other',
};

const percent = (rate: number | null) => (rate === null ? 0 : Math.round(rate * 1000) / 10);

/** 政府投资年度计划: the region's plans; a plan's lines with payments, execution rates and 概算 warnings. */
export function InvestmentPlansPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const plans = usePlans();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (selected === null && plans.data?.[0]) setSelected(plans.data[0].id);
  }, [plans.data, selected]);
  const plan = usePlan(selected);
  return (
    <Page
      title={t('plans.title')}
      description={t('plans.intro')}
      testId="investment-plans"
      extra={
        <Space wrap>
          <Select
            value={selected ?? undefined}
            placeholder={t('plans.choose')}
            style={{ minWidth: 260 }}
            onChange={setSelected}
            options={(plans.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.year} · ${p.name}${p.status === 'draft' ? ` · ${t('plans.status.draft')}` : ''}`,
            }))}
            data-testid="plans-select"
          />
          <Button type="primary" onClick={() => setCreating(true)} data-testid="plans-open-create">
            {t('plans.create')}
          </Button>
        </Space>
      }
    >
      {plans.isError ? <Alert type="error" showIcon title={errorText(plans.error)} /> : null}
      {plans.data && plans.data.length === 0 ? (
        <Card>
          <Empty description={t('plans.none')} />
        </Card>
      ) : null}
      {plan.data ? <PlanBody plan={plan.data} /> : null}
      <CreatePlanModal open={creating} onClose={() => setCreating(false)} onCreated={setSelected} />
    </Page>
  );
}

function PlanBody({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const publish = usePublishPlan();
  const [adding, setAdding] = useState(false);
  const [paying, setPaying] = useState<PlanItem | null>(null);
  const editable = plan.canEdit;
  const columns: TableColumnsType<PlanItem> = [
    {
      title: t('plans.col.project'),
      key: 'project',
      render: (_, i) => (
        <div>
          <div>{i.projectName}</div>
          <div className="mono construction-code">{i.projectCode ?? '—'}</div>
        </div>
      ),
    },
    {
      title: t('plans.col.source'),
      key: 'source',
      width: 130,
      render: (_, i) => <Tag>{t(SOURCE_KEYS[i.fundSource])}</Tag>,
    },
    {
      title: t('plans.col.planned'),
      key: 'planned',
      width: 110,
      align: 'right',
      render: (_, i) => formatWan(i.plannedAmount),
    },
    { title: t('plans.col.paid'), key: 'paid', width: 110, align: 'right', render: (_, i) => formatWan(i.paidAmount) },
    {
      title: t('plans.col.rate'),
      key: 'rate',
      width: 150,
      render: (_, i) => <Progress percent={percent(i.executionRate)} size="small" />,
    },
    {
      title: t('plans.col.budget'),
      key: 'budget',
      width: 170,
      render: (_, i) =>
        i.approvedBudget === null ? (
          '—'
        ) : (
          <Space size={4} wrap>
            <span>
              {formatWan(i.approvedBudget)} / {formatWan(i.estimate)}
            </span>
            {i.budgetOverrun ? (
              <Tooltip title={t('plans.overrunHint')}>
                <Tag color="error" data-testid="plans-overrun">
                  {t('plans.overrun')}
                </Tag>
              </Tooltip>
            ) : null}
          </Space>
        ),
    },
    {
      title: t('finance.col.action'),
      key: 'action',
      width: 110,
      render: (_, i) =>
        editable && plan.status === 'published' ? (
          <Button size="small" onClick={() => setPaying(i)} data-testid="plans-open-payment">
            {t('plans.recordPayment')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Space orientation="vertical" size={16} className="full-width">
      <Card>
        <Space wrap size={32}>
          <Statistic
            title={t('plans.totalPlanned')}
            value={formatWan(plan.totals.planned)}
            suffix={t('construction.wan')}
          />
          <Statistic title={t('plans.totalPaid')} value={formatWan(plan.totals.paid)} suffix={t('construction.wan')} />
          <Statistic title={t('plans.col.rate')} value={percent(plan.totals.executionRate)} suffix="%" />
          {plan.bySource.map((s) => (
            <Statistic
              key={s.fundSource}
              title={t(SOURCE_KEYS[s.fundSource])}
              value={percent(s.executionRate)}
              suffix={`% · ${formatWan(s.paid)}/${formatWan(s.planned)}`}
            />
          ))}
        </Space>
      </Card>
      <Card
        title={
          <Space>
            <span>
              {plan.year} · {plan.name}
            </span>
            <Tag color={plan.status === 'published' ? 'success' : 'processing'}>{t(`plans.status.${plan.status}`)}</Tag>
          </Space>
        }
        extra={
          editable && plan.status === 'draft' ? (
            <Space>
              <Button onClick={() => setAdding(true)} data-testid="plans-open-add">
                {t('plans.addProject')}
              </Button>
              <Popconfirm
                title={t('plans.publishConfirm')}
                onConfirm={() =>
                  publish.mutateAsync(plan.id).then(
                    () => message.success(t('plans.published')),
                    (err: unknown) => message.error(errorText(err)),
                  )
                }
              >
                <Button type="primary" data-testid="plans-publish">
                  {t('plans.publish')}
                </Button>
              </Popconfirm>
            </Space>
          ) : null
        }
      >
        {!editable ? <Alert type="info" showIcon className="form-alert" title={t('plans.readOnly')} /> : null}
        <Table<PlanItem>
          rowKey="id"
          columns={columns}
          dataSource={plan.items}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('plans.noItems') }}
          data-testid="plans-items"
        />
      </Card>
      <AddItemModal planId={plan.id} open={adding} onClose={() => setAdding(false)} />
      <PaymentModal item={paying} year={plan.year} onClose={() => setPaying(null)} />
    </Space>
  );
}

function CreatePlanModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ year?: number; name?: string }>();
  const create = useCreatePlan();
  const required = { required: true, message: t('construction.form.required') };
  return (
    <FormModal
      open={open}
      title={t('plans.create')}
      okText={t('plans.createSubmit')}
      form={form}
      name="plan-create"
      initialValues={{ year: dayjs().year() + 1 }}
      pending={create.isPending}
      okTestId="plans-create-submit"
      onClose={onClose}
      onSubmit={async (v) => onCreated((await create.mutateAsync({ year: v.year!, name: (v.name ?? '').trim() })).id)}
    >
      <Form.Item name="year" label={t('plans.year')} rules={[required]}>
        <InputNumber min={2000} max={2100} precision={0} className="full-width" />
      </Form.Item>
      <Form.Item name="name" label={t('plans.name')} rules={[{ ...required, whitespace: true }]}>
        <Input maxLength={100} data-testid="plans-name" />
      </Form.Item>
    </FormModal>
  );
}

interface ItemValues {
  projectCode?: string;
  fundSource?: FundSource;
  plannedAmount?: number;
  approvedBudget?: number;
  note?: string;
}

function AddItemModal({ planId, open, onClose }: { planId: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ItemValues>();
  const add = useAddItem(planId);
  const required = { required: true, message: t('construction.form.required') };
  return (
    <FormModal<ItemValues>
      open={open}
      title={t('plans.addProject')}
      okText={t('plans.addSubmit')}
      form={form}
      name="plan-item"
      pending={add.isPending}
      okTestId="plans-add-submit"
      onClose={onClose}
      onSubmit={(v) =>
        add.mutateAsync({
          projectCode: (v.projectCode ?? '').trim(),
          fundSource: v.fundSource!,
          plannedAmount: v.plannedAmount!,
          ...(v.approvedBudget ? { approvedBudget: v.approvedBudget } : {}),
          note: (v.note ?? '').trim(),
        })
      }
    >
      <Form.Item name="projectCode" label={t('plans.projectCode')} rules={[{ ...required, whitespace: true }]}>
        <Input placeholder="2611-330302-04-01-123456" data-testid="plans-project-code" />
      </Form.Item>
      <Form.Item name="fundSource" label={t('plans.col.source')} rules={[required]}>
        <Select
          options={FUND_SOURCES.map((s) => ({ value: s, label: t(SOURCE_KEYS[s]) }))}
          data-testid="plans-source"
        />
      </Form.Item>
      <Form.Item name="plannedAmount" label={t('plans.plannedAmount')} rules={[required]}>
        <InputNumber
          min={0.01}
          precision={2}
          suffix={t('construction.wan')}
          className="full-width"
          data-testid="plans-planned"
        />
      </Form.Item>
      <Form.Item name="approvedBudget" label={t('plans.approvedBudget')} extra={t('plans.approvedBudgetHint')}>
        <InputNumber min={0.01} precision={2} suffix={t('construction.wan')} className="full-width" />
      </Form.Item>
      <Form.Item name="note" label={t('finance.description')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

function PaymentModal({ item, year, onClose }: { item: PlanItem | null; year: number; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ paidOn?: Dayjs; amount?: number; note?: string }>();
  const pay = useRecordPayment();
  const required = { required: true, message: t('construction.form.required') };
  return (
    <FormModal
      open={item !== null}
      title={t('plans.recordPayment')}
      okText={t('construction.form.submit')}
      form={form}
      name="plan-payment"
      pending={pay.isPending}
      okTestId="plans-payment-submit"
      onClose={onClose}
      intro={
        item ? (
          <Typography.Paragraph type="secondary">
            {item.projectName} · {t(SOURCE_KEYS[item.fundSource])} ·{' '}
            {t('plans.remaining', { amount: formatWan(item.plannedAmount - item.paidAmount) })}
          </Typography.Paragraph>
        ) : null
      }
      onSubmit={(v) =>
        pay.mutateAsync({
          itemId: item!.id,
          paidOn: v.paidOn!.format('YYYY-MM-DD'),
          amount: v.amount!,
          note: (v.note ?? '').trim(),
        })
      }
    >
      <Form.Item name="paidOn" label={t('plans.paidOn')} rules={[required]}>
        <DatePicker
          className="full-width"
          disabledDate={(d) => d.year() !== year || d.isAfter(dayjs(), 'day')}
          data-testid="plans-paid-on"
        />
      </Form.Item>
      <Form.Item name="amount" label={t('plans.amount')} rules={[required]}>
        <InputNumber
          min={0.01}
          precision={2}
          suffix={t('construction.wan')}
          className="full-width"
          data-testid="plans-amount"
        />
      </Form.Item>
      <Form.Item name="note" label={t('finance.description')}>
        <Input maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
