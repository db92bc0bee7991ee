import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { FormModal } from '../../../app/layout/form-modal.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useScrollToHash } from '../../../app/layout/use-scroll-to-hash.ts';
import {
  useCloseNeed,
  useDecideOffer,
  useProducts,
  useProjectNeeds,
  usePublishNeed,
  type FinancingNeed,
} from '../api/finance.api.ts';
import { CATEGORY_KEYS, formatWan, NEED_STATUS, OFFER_STATUS } from './finance-labels.ts';
import './finance.css';

/**
 * 融资需求 on the project page (the unit's only): publish a need with consent, the banks' offers to accept or decline,
 * and the products that serve the project's industry.
 */
export function FinancingSection({ projectId, industryCode }: { projectId: string; industryCode: string | null }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const needs = useProjectNeeds(projectId);
  const products = useProducts(industryCode?.slice(0, 1) ?? null);
  const [publishing, setPublishing] = useState(false);
  const desktop = useIsDesktop();
  // Notices link here as /projects/:id#financing.
  useScrollToHash('financing', needs.data !== undefined);
  const hasOpen = needs.data?.some((n) => n.status === 'open') ?? false;
  const action = hasOpen ? null : (
    <Button type="primary" onClick={() => setPublishing(true)} data-testid="financing-open-publish">
      {t('finance.publishNeed')}
    </Button>
  );
  return (
    <Card
      title={t('finance.needsTitle')}
      extra={desktop ? action : null}
      className="section-gap"
      id="financing"
      data-testid="financing-card"
    >
      {!desktop && action ? <div className="finance-actions">{action}</div> : null}
      {needs.isError ? <Alert type="error" showIcon title={errorText(needs.error)} /> : null}
      {needs.data && needs.data.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('finance.noNeeds')}</Typography.Paragraph>
      ) : null}
      {needs.data?.map((need) => (
        <NeedBlock key={need.id} projectId={projectId} need={need} />
      ))}
      {products.data && products.data.length > 0 ? (
        <div className="finance-products">
          <Typography.Text strong>{t('finance.productsForProject')}</Typography.Text>
          <List
            size="small"
            dataSource={products.data.slice(0, 5)}
            renderItem={(p) => (
              <List.Item>
                <Space wrap size={6}>
                  <Tag>{t(CATEGORY_KEYS[p.category])}</Tag>
                  <Typography.Text>{p.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {p.bankName} · {formatWan(p.minAmount)}–{formatWan(p.maxAmount)} {t('construction.wan')} ·{' '}
                    {t('finance.upToMonths', { months: p.maxTermMonths })} · {p.rateText}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </div>
      ) : null}
      <PublishNeedModal projectId={projectId} open={publishing} onClose={() => setPublishing(false)} />
    </Card>
  );
}

function NeedBlock({ projectId, need }: { projectId: string; need: FinancingNeed }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const decide = useDecideOffer(projectId);
  const close = useCloseNeed(projectId);
  const status = NEED_STATUS[need.status];
  const run = (promise: Promise<unknown>, done: string) =>
    promise.then(
      () => message.success(done),
      (err: unknown) => message.error(errorText(err)),
    );
  return (
    <div className="finance-need" data-testid="financing-need" data-status={need.status}>
      <Space wrap size={8}>
        <Tag color={status.color}>{t(status.key)}</Tag>
        <Typography.Text strong>
          {formatWan(need.amount)} {t('construction.wan')} · {t('finance.months', { months: need.termMonths })}
        </Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(need.createdAt, false)}</Typography.Text>
        {need.status === 'open' ? (
          <Button size="small" onClick={() => void run(close.mutateAsync(need.id), t('finance.closed'))}>
            {t('finance.closeNeed')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph className="finance-purpose">{need.purpose}</Typography.Paragraph>
      {need.offers.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('finance.noOffers')} />
      ) : (
        <List
          size="small"
          dataSource={need.offers}
          renderItem={(offer) => (
            <List.Item
              data-testid="financing-offer"
              actions={
                need.status === 'open' && offer.status === 'offered'
                  ? [
                      <Button
                        key="accept"
                        type="primary"
                        size="small"
                        onClick={() =>
                          Modal.confirm({
                            title: t('finance.acceptConfirm', { bank: offer.bankName }),
                            content: t('finance.acceptConfirmBody'),
                            okText: t('finance.accept'),
                            cancelText: t('common.cancel'),
                            onOk: () =>
                              run(decide.mutateAsync({ offerId: offer.id, decision: 'accept' }), t('finance.accepted')),
                          })
                        }
                        data-testid="financing-accept"
                      >
                        {t('finance.accept')}
                      </Button>,
                      <Button
                        key="decline"
                        size="small"
                        onClick={() =>
                          void run(
                            decide.mutateAsync({ offerId: offer.id, decision: 'decline' }),
                            t('finance.declined'),
                          )
                        }
                      >
                        {t('finance.decline')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={6}>
                    <span>{offer.bankName}</span>
                    <Tag color={OFFER_STATUS[offer.status].color}>{t(OFFER_STATUS[offer.status].key)}</Tag>
                  </Space>
                }
                description={
                  <>
                    <div>
                      {formatWan(offer.amount)} {t('construction.wan')} ·{' '}
                      {t('finance.months', { months: offer.termMonths })} · {offer.rateText}
                      {offer.productName ? ` · ${offer.productName}` : ''}
                    </div>
                    {offer.message ? <div>{offer.message}</div> : null}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

interface NeedFormValues {
  amount?: number;
  termMonths?: number;
  purpose?: string;
  consent?: boolean;
}

function PublishNeedModal({ projectId, open, onClose }: { projectId: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NeedFormValues>();
  const publish = usePublishNeed(projectId);
  const required = { required: true, message: t('construction.form.required') };
  return (
    <FormModal<NeedFormValues>
      open={open}
      title={t('finance.publishNeed')}
      okText={t('finance.publish')}
      form={form}
      name="financing-need"
      pending={publish.isPending}
      okTestId="financing-publish"
      onClose={onClose}
      onSubmit={(values) =>
        publish.mutateAsync({
          amount: values.amount!,
          termMonths: values.termMonths!,
          purpose: (values.purpose ?? '').trim(),
          consent: values.consent === true,
        })
      }
    >
      <Form.Item name="amount" label={t('finance.amount')} rules={[required]}>
        <InputNumber
          min={0.01}
          precision={2}
          suffix={t('construction.wan')}
          className="full-width"
          data-testid="financing-amount"
        />
      </Form.Item>
      <Form.Item name="termMonths" label={t('finance.term')} rules={[required]}>
        <InputNumber
          min={1}
          max={360}
          precision={0}
          suffix={t('finance.monthUnit')}
          className="full-width"
          data-testid="financing-term"
        />
      </Form.Item>
      <Form.Item name="purpose" label={t('finance.purpose')} rules={[{ ...required, whitespace: true }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="financing-purpose" />
      </Form.Item>
      <Form.Item
        name="consent"
        valuePropName="checked"
        rules={[
          {
            validator: async (_, v: boolean) => {
              if (!v) throw new Error(t('finance.consentRequired'));
            },
          },
        ]}
      >
        <Checkbox data-testid="financing-consent">{t('finance.consent')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}
