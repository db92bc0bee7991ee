import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { FormModal } from '../../../app/layout/form-modal.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { WithdrawAction } from '../../../app/layout/withdraw-action.tsx';
import {
  useMakeOffer,
  useMyOffers,
  useMyProducts,
  useNeedsForBank,
  usePublishProduct,
  useWithdrawProduct,
  type BankOffer,
  type LoanProduct,
  type NeedForBank,
} from '../api/finance.api.ts';
import type { Procedure, ProjectStatus } from '../../projects/api/projects.api.ts';
import { ProcedureTag, ProjectStatusTag } from '../../projects/components/project-tags.tsx';
import { CATEGORY_KEYS, formatWan, OFFER_STATUS } from '../components/finance-labels.ts';
import '../components/finance.css';

const PAGE_SIZE = 20;
/** GB/T 4754-2017 门类 letters. */
const SECTIONS = 'ABCDEFGHIJKLMNOPQRST'.split('');

/** 金融广场, the bank's workbench: the region's open financing needs (with the consented approval status) and its products. */
export function FinancePlazaPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('needs');
  return (
    <Page title={t('bank.title')} description={t('bank.desc')} testId="workbench-bank">
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'needs', label: t('finance.tab.needs'), children: <NeedsTab /> },
            { key: 'offers', label: t('finance.tab.offers'), children: <OffersTab /> },
            { key: 'products', label: t('finance.tab.products'), children: <ProductsTab /> },
          ]}
        />
      </Card>
    </Page>
  );
}

function NeedsTab() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const [industry, setIndustry] = useState<string | undefined>(undefined);
  const needs = useNeedsForBank({ page, pageSize: PAGE_SIZE, industry });
  const [target, setTarget] = useState<NeedForBank | null>(null);
  const columns: TableColumnsType<NeedForBank> = [
    {
      title: t('finance.col.project'),
      key: 'project',
      width: 260,
      render: (_, n) => (
        <div>
          <div>{n.project.name}</div>
          <div className="mono construction-code">{n.project.code ?? '—'}</div>
          <Typography.Text type="secondary">
            {n.project.regionName} · {n.project.industryCode ?? '—'} · {t('finance.totalInvestment')}{' '}
            {formatWan(n.project.totalInvestment)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('finance.col.need'),
      key: 'need',
      width: 220,
      render: (_, n) => (
        <div>
          <Typography.Text strong>
            {formatWan(n.amount)} {t('construction.wan')} · {t('finance.months', { months: n.termMonths })}
          </Typography.Text>
          <div className="finance-purpose">{n.purpose}</div>
        </div>
      ),
    },
    {
      title: t('finance.col.approval'),
      key: 'approval',
      render: (_, n) => (
        <div className="finance-licences">
          <div>
            <ProcedureTag procedure={n.project.procedure as Procedure | null} />
            <ProjectStatusTag status={n.project.status as ProjectStatus} />
          </div>
          {n.project.licences.length === 0 ? (
            <Typography.Text type="secondary">{t('finance.noLicences')}</Typography.Text>
          ) : (
            n.project.licences.map((l) => (
              <Tag key={l.code} color="success">
                {l.name}
              </Tag>
            ))
          )}
          {n.project.constructionStatus ? (
            <div>
              {t(`construction.status.${n.project.constructionStatus}` as never)}
              {n.project.percentComplete !== null ? ` · ${n.project.percentComplete}%` : ''}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('finance.col.action'),
      key: 'action',
      width: 120,
      render: (_, n) =>
        n.myOffer ? (
          <Tag color="processing">{t('finance.offered')}</Tag>
        ) : (
          <Button type="primary" size="small" onClick={() => setTarget(n)} data-testid="finance-open-offer">
            {t('finance.makeOffer')}
          </Button>
        ),
    },
  ];
  return (
    <>
      <Space wrap className="construction-filters">
        <Select
          allowClear
          placeholder={t('finance.industryFilter')}
          value={industry}
          onChange={(v: string | undefined) => {
            setIndustry(v);
            setPage(1);
          }}
          options={SECTIONS.map((s) => ({ value: s, label: s }))}
          style={{ width: 160 }}
        />
      </Space>
      <Typography.Paragraph type="secondary">{t('finance.needsHint')}</Typography.Paragraph>
      {needs.isError ? <Alert type="error" showIcon className="form-alert" title={errorText(needs.error)} /> : null}
      <Table<NeedForBank>
        rowKey="id"
        columns={columns}
        dataSource={needs.data?.items ?? []}
        loading={needs.isFetching}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('bank.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: needs.data?.total ?? 0, onChange: setPage }}
        data-testid="finance-needs"
      />
      <OfferModal need={target} onClose={() => setTarget(null)} />
    </>
  );
}

interface OfferValues {
  productId?: string;
  amount?: number;
  termMonths?: number;
  rateText?: string;
  message?: string;
}

function OfferModal({ need, onClose }: { need: NeedForBank | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<OfferValues>();
  const products = useMyProducts();
  const offer = useMakeOffer();
  const required = { required: true, message: t('construction.form.required') };
  // The amount and term asked for, as the starting answer.
  useEffect(() => {
    if (need) form.setFieldsValue({ amount: need.amount, termMonths: need.termMonths });
  }, [need, form]);
  return (
    <FormModal<OfferValues>
      open={need !== null}
      title={t('finance.makeOffer')}
      okText={t('finance.send')}
      form={form}
      name="finance-offer"
      pending={offer.isPending}
      okTestId="finance-offer-submit"
      onClose={onClose}
      intro={
        need ? (
          <Typography.Paragraph type="secondary">
            {need.project.name} · {formatWan(need.amount)} {t('construction.wan')}
          </Typography.Paragraph>
        ) : null
      }
      onSubmit={(v) =>
        offer.mutateAsync({
          needId: need!.id,
          ...(v.productId ? { productId: v.productId } : {}),
          amount: v.amount!,
          termMonths: v.termMonths!,
          rateText: (v.rateText ?? '').trim(),
          message: (v.message ?? '').trim(),
        })
      }
    >
      <Form.Item name="productId" label={t('finance.product')}>
        <Select
          allowClear
          options={(products.data ?? [])
            .filter((p) => p.status === 'active')
            .map((p) => ({ value: p.id, label: `${p.name}（${p.rateText}）` }))}
        />
      </Form.Item>
      <Form.Item name="amount" label={t('finance.amount')} rules={[required]}>
        <InputNumber min={0.01} precision={2} suffix={t('construction.wan')} className="full-width" />
      </Form.Item>
      <Form.Item name="termMonths" label={t('finance.term')} rules={[required]}>
        <InputNumber min={1} max={360} precision={0} suffix={t('finance.monthUnit')} className="full-width" />
      </Form.Item>
      <Form.Item name="rateText" label={t('finance.rate')} rules={[{ ...required, whitespace: true }]}>
        <Input maxLength={100} placeholder="LPR+0.35%" data-testid="finance-offer-rate" />
      </Form.Item>
      <Form.Item name="message" label={t('finance.message')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

/** 我的意向: every offer of the bank and where it stands; an accepted one names the unit to contact. */
function OffersTab() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const offers = useMyOffers();
  const columns: TableColumnsType<BankOffer> = [
    {
      title: t('finance.col.project'),
      key: 'project',
      render: (_, o) => (
        <div>
          <div>{o.project.name}</div>
          <div className="mono construction-code">{o.project.code ?? '—'}</div>
        </div>
      ),
    },
    {
      title: t('finance.col.offer'),
      key: 'offer',
      width: 230,
      render: (_, o) =>
        `${formatWan(o.amount)} ${t('construction.wan')} · ${t('finance.months', { months: o.termMonths })} · ${o.rateText}`,
    },
    {
      title: t('intermediary.col.status'),
      key: 'status',
      width: 110,
      render: (_, o) => <Tag color={OFFER_STATUS[o.status].color}>{t(OFFER_STATUS[o.status].key)}</Tag>,
    },
    {
      title: t('finance.col.unit'),
      key: 'unit',
      width: 240,
      render: (_, o) =>
        o.enterprise ? (
          <div>
            <div>{o.enterprise.name}</div>
            {o.enterprise.contactName ? (
              <Typography.Text type="secondary">
                {t('finance.contact', { name: o.enterprise.contactName })}
              </Typography.Text>
            ) : null}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('finance.unitAfterAcceptance')}</Typography.Text>
        ),
    },
  ];
  return (
    <>
      {offers.isError ? <Alert type="error" showIcon title={errorText(offers.error)} /> : null}
      <Table<BankOffer>
        rowKey="id"
        columns={columns}
        dataSource={offers.data ?? []}
        loading={offers.isPending}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('finance.noOwnOffers') }}
        data-testid="finance-my-offers"
      />
    </>
  );
}

interface ProductValues {
  name?: string;
  minAmount?: number;
  maxAmount?: number;
  maxTermMonths?: number;
  rateText?: string;
  industries?: string[];
  description?: string;
}

function ProductsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const products = useMyProducts();
  const publish = usePublishProduct();
  const withdraw = useWithdrawProduct();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ProductValues>();
  const submit = async (v: ProductValues) => {
    const created = await publish.mutateAsync({
      name: (v.name ?? '').trim(),
      minAmount: v.minAmount!,
      maxAmount: v.maxAmount!,
      maxTermMonths: v.maxTermMonths!,
      rateText: (v.rateText ?? '').trim(),
      industries: v.industries ?? [],
      description: (v.description ?? '').trim(),
    });
    message.success(t('finance.productPublished', { category: t(CATEGORY_KEYS[created.category]) }));
  };
  const columns: TableColumnsType<LoanProduct> = [
    { title: t('finance.productName'), dataIndex: 'name', key: 'name' },
    {
      title: t('finance.category'),
      key: 'category',
      width: 110,
      render: (_, p) => <Tag>{t(CATEGORY_KEYS[p.category])}</Tag>,
    },
    {
      title: t('finance.amountRangeWan'),
      key: 'amount',
      width: 170,
      render: (_, p) => `${formatWan(p.minAmount)}–${formatWan(p.maxAmount)}`,
    },
    { title: t('finance.rate'), dataIndex: 'rateText', key: 'rate', width: 130 },
    {
      title: t('finance.industries'),
      key: 'industries',
      width: 120,
      render: (_, p) => (p.industries.length ? p.industries.join('、') : t('finance.anyIndustry')),
    },
    {
      title: t('finance.col.action'),
      key: 'action',
      width: 110,
      render: (_, p) => <WithdrawAction active={p.status === 'active'} onWithdraw={() => withdraw.mutateAsync(p.id)} />,
    },
  ];
  const required = { required: true, message: t('construction.form.required') };
  return (
    <>
      <Space className="construction-filters">
        <Button type="primary" onClick={() => setOpen(true)} data-testid="finance-open-product">
          {t('finance.publishProduct')}
        </Button>
      </Space>
      {products.isError ? <Alert type="error" showIcon title={errorText(products.error)} /> : null}
      <Table<LoanProduct>
        rowKey="id"
        columns={columns}
        dataSource={products.data ?? []}
        loading={products.isPending}
        scroll={{ x: 800 }}
        pagination={false}
        locale={{ emptyText: t('finance.noProducts') }}
        data-testid="finance-products"
      />
      <FormModal<ProductValues>
        open={open}
        title={t('finance.publishProduct')}
        okText={t('finance.publish')}
        form={form}
        name="finance-product"
        pending={publish.isPending}
        okTestId="finance-product-submit"
        onClose={() => setOpen(false)}
        onSubmit={submit}
      >
        <Form.Item name="name" label={t('finance.productName')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} data-testid="finance-product-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="minAmount" label={t('finance.minAmount')} rules={[required]} className="full-width">
            <InputNumber min={0.01} precision={2} className="full-width" data-testid="finance-product-min" />
          </Form.Item>
          <Form.Item name="maxAmount" label={t('finance.maxAmount')} rules={[required]} className="full-width">
            <InputNumber min={0.01} precision={2} className="full-width" data-testid="finance-product-max" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="maxTermMonths" label={t('finance.maxTerm')} rules={[required]}>
          <InputNumber
            min={1}
            max={360}
            precision={0}
            suffix={t('finance.monthUnit')}
            className="full-width"
            data-testid="finance-product-term"
          />
        </Form.Item>
        <Form.Item name="rateText" label={t('finance.rate')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} placeholder="LPR+0.35%" data-testid="finance-product-rate" />
        </Form.Item>
        <Form.Item name="industries" label={t('finance.industries')} extra={t('finance.industriesHint')}>
          <Select mode="multiple" allowClear options={SECTIONS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="description" label={t('finance.description')} extra={t('finance.descriptionHint')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
