import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Rate,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { FormModal } from '../../../app/layout/form-modal.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { WithdrawAction } from '../../../app/layout/withdraw-action.tsx';
import {
  SERVICE_TYPES,
  useAgencyEngagements,
  useMyServices,
  usePublishService,
  useRespond,
  useWithdrawService,
  type Engagement,
  type IntermediaryService,
  type ServiceType,
} from '../api/intermediary.api.ts';
import { ENGAGEMENT_STATUS, TYPE_KEYS } from '../components/intermediary-labels.ts';
import '../components/intermediary.css';

/** 中介超市, the agency's workbench: the engagements it received (accept, decline, deliver) and its services. */
export function IntermediaryMarketPage() {
  const { t } = useI18n();
  return (
    <Page title={t('intermediary.title')} description={t('intermediary.desc')} testId="workbench-intermediary">
      <Card>
        <Tabs
          items={[
            { key: 'engagements', label: t('intermediary.tab.engagements'), children: <EngagementsTab /> },
            { key: 'services', label: t('intermediary.tab.services'), children: <ServicesTab /> },
          ]}
        />
      </Card>
    </Page>
  );
}

function EngagementsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const engagements = useAgencyEngagements();
  const respond = useRespond();
  const [delivering, setDelivering] = useState<Engagement | null>(null);
  const [form] = Form.useForm<{ note?: string }>();
  const answer = (id: string, step: 'accept' | 'decline') =>
    respond.mutateAsync({ id, step, note: '' }).then(
      () => message.success(t(step === 'accept' ? 'intermediary.acceptedMsg' : 'intermediary.declinedMsg')),
      (err: unknown) => message.error(errorText(err)),
    );
  const columns: TableColumnsType<Engagement> = [
    {
      title: t('intermediary.col.project'),
      key: 'project',
      render: (_, e) => (
        <div>
          <div>{e.projectName}</div>
          <div className="mono construction-code">{e.projectCode ?? '—'}</div>
        </div>
      ),
    },
    {
      title: t('intermediary.col.service'),
      key: 'service',
      render: (_, e) => (
        <div>
          <Tag>{t(TYPE_KEYS[e.serviceType])}</Tag> {e.serviceName}
          {e.note ? <div className="intermediary-note">{e.note}</div> : null}
        </div>
      ),
    },
    {
      title: t('intermediary.col.requestedAt'),
      key: 'at',
      width: 150,
      render: (_, e) => formatDateTime(e.requestedAt, false),
    },
    {
      title: t('intermediary.col.status'),
      key: 'status',
      width: 150,
      render: (_, e) => (
        <Space orientation="vertical" size={2}>
          <Tag color={ENGAGEMENT_STATUS[e.status].color}>{t(ENGAGEMENT_STATUS[e.status].key)}</Tag>
          {e.rating !== null ? <Rate disabled value={e.rating} className="intermediary-rate" /> : null}
        </Space>
      ),
    },
    {
      title: t('finance.col.action'),
      key: 'action',
      width: 170,
      render: (_, e) =>
        e.status === 'requested' ? (
          <Space>
            <Button
              size="small"
              type="primary"
              onClick={() => void answer(e.id, 'accept')}
              data-testid="intermediary-accept"
            >
              {t('intermediary.accept')}
            </Button>
            <Popconfirm title={t('intermediary.declineConfirm')} onConfirm={() => answer(e.id, 'decline')}>
              <Button size="small">{t('intermediary.decline')}</Button>
            </Popconfirm>
          </Space>
        ) : e.status === 'accepted' ? (
          <Button size="small" onClick={() => setDelivering(e)} data-testid="intermediary-open-complete">
            {t('intermediary.complete')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      {engagements.isError ? <Alert type="error" showIcon title={errorText(engagements.error)} /> : null}
      <Table<Engagement>
        rowKey="id"
        columns={columns}
        dataSource={engagements.data ?? []}
        loading={engagements.isPending}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('intermediary.empty') }}
        data-testid="intermediary-engagements"
      />
      <FormModal
        open={delivering !== null}
        title={t('intermediary.complete')}
        okText={t('intermediary.completeSubmit')}
        form={form}
        name="intermediary-complete"
        pending={respond.isPending}
        okTestId="intermediary-complete-submit"
        onClose={() => setDelivering(null)}
        intro={
          delivering ? (
            <Typography.Paragraph type="secondary">
              {delivering.projectName} · {delivering.serviceName}
            </Typography.Paragraph>
          ) : null
        }
        onSubmit={(v) => respond.mutateAsync({ id: delivering!.id, step: 'complete', note: (v.note ?? '').trim() })}
      >
        <Form.Item name="note" label={t('intermediary.deliveryNote')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
      </FormModal>
    </>
  );
}

interface ServiceValues {
  serviceType?: ServiceType;
  name?: string;
  description?: string;
  priceText?: string;
  promisedDays?: number;
}

function ServicesTab() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const services = useMyServices();
  const publish = usePublishService();
  const withdraw = useWithdrawService();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ServiceValues>();
  const required = { required: true, message: t('construction.form.required') };
  const columns: TableColumnsType<IntermediaryService> = [
    { title: t('intermediary.col.serviceName'), dataIndex: 'name', key: 'name' },
    {
      title: t('intermediary.serviceType'),
      key: 'type',
      width: 120,
      render: (_, s) => <Tag>{t(TYPE_KEYS[s.serviceType])}</Tag>,
    },
    { title: t('intermediary.price'), dataIndex: 'priceText', key: 'price', width: 130 },
    {
      title: t('intermediary.col.rating'),
      key: 'rating',
      width: 160,
      render: (_, s) =>
        s.averageRating === null
          ? t('intermediary.notRated')
          : t('intermediary.ratingSummary', { rating: s.averageRating.toFixed(1), count: s.ratedCount }),
    },
    {
      title: t('finance.col.action'),
      key: 'action',
      width: 100,
      render: (_, s) => <WithdrawAction active={s.status === 'active'} onWithdraw={() => withdraw.mutateAsync(s.id)} />,
    },
  ];
  return (
    <>
      <Space className="construction-filters">
        <Button type="primary" onClick={() => setOpen(true)} data-testid="intermediary-open-publish">
          {t('intermediary.publish')}
        </Button>
      </Space>
      {services.isError ? <Alert type="error" showIcon title={errorText(services.error)} /> : null}
      <Table<IntermediaryService>
        rowKey="id"
        columns={columns}
        dataSource={services.data ?? []}
        loading={services.isPending}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: t('intermediary.noOwnServices') }}
      />
      <FormModal<ServiceValues>
        open={open}
        title={t('intermediary.publish')}
        okText={t('finance.publish')}
        form={form}
        name="intermediary-service"
        pending={publish.isPending}
        okTestId="intermediary-publish-submit"
        onClose={() => setOpen(false)}
        onSubmit={(v) =>
          publish.mutateAsync({
            serviceType: v.serviceType!,
            name: (v.name ?? '').trim(),
            description: (v.description ?? '').trim(),
            priceText: (v.priceText ?? '').trim(),
            promisedDays: v.promisedDays!,
          })
        }
      >
        <Form.Item name="serviceType" label={t('intermediary.serviceType')} rules={[required]}>
          <Select options={SERVICE_TYPES.map((s) => ({ value: s, label: t(TYPE_KEYS[s]) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('intermediary.col.serviceName')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="priceText" label={t('intermediary.price')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} placeholder={t('intermediary.pricePlaceholder')} />
        </Form.Item>
        <Form.Item name="promisedDays" label={t('intermediary.promisedDaysLabel')} rules={[required]}>
          <InputNumber min={1} max={365} precision={0} className="full-width" />
        </Form.Item>
        <Form.Item name="description" label={t('finance.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
