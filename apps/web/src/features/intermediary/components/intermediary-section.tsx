import { Alert, Button, Card, Form, Input, List, Radio, Rate, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { FormModal } from '../../../app/layout/form-modal.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useScrollToHash } from '../../../app/layout/use-scroll-to-hash.ts';
import {
  SERVICE_TYPES,
  useEngage,
  useProjectEngagements,
  useRate,
  useServices,
  type Engagement,
  type ServiceType,
} from '../api/intermediary.api.ts';
import { ENGAGEMENT_STATUS, TYPE_KEYS } from './intermediary-labels.ts';
import './intermediary.css';

/** 中介服务 on the project page (the unit's only): the agencies engaged, their progress, and the unit's ratings. */
export function IntermediarySection({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const engagements = useProjectEngagements(projectId);
  const [engaging, setEngaging] = useState(false);
  const [rating, setRating] = useState<Engagement | null>(null);
  const desktop = useIsDesktop();
  // Notices link here as /projects/:id#intermediary.
  useScrollToHash('intermediary', engagements.data !== undefined);
  const action = (
    <Button type="primary" onClick={() => setEngaging(true)} data-testid="intermediary-open-engage">
      {t('intermediary.engage')}
    </Button>
  );
  return (
    <Card
      title={t('intermediary.sectionTitle')}
      extra={desktop ? action : null}
      className="section-gap"
      id="intermediary"
      data-testid="intermediary-card"
    >
      {!desktop ? <div className="intermediary-actions">{action}</div> : null}
      {engagements.isError ? <Alert type="error" showIcon title={errorText(engagements.error)} /> : null}
      <List
        loading={engagements.isPending}
        dataSource={engagements.data ?? []}
        locale={{ emptyText: t('intermediary.noEngagements') }}
        renderItem={(e) => (
          <List.Item
            data-testid="intermediary-engagement"
            data-status={e.status}
            actions={
              e.status === 'completed' && e.rating === null
                ? [
                    <Button key="rate" size="small" onClick={() => setRating(e)} data-testid="intermediary-open-rate">
                      {t('intermediary.rate')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={6}>
                  <Tag>{t(TYPE_KEYS[e.serviceType])}</Tag>
                  <span>{e.serviceName}</span>
                  <Tag color={ENGAGEMENT_STATUS[e.status].color}>{t(ENGAGEMENT_STATUS[e.status].key)}</Tag>
                  {e.rating !== null ? <Rate disabled value={e.rating} className="intermediary-rate" /> : null}
                </Space>
              }
              description={
                <>
                  <div>
                    {e.agencyName} · {t('intermediary.promisedDays', { days: e.promisedDays })} ·{' '}
                    {formatDateTime(e.requestedAt, false)}
                  </div>
                  {e.agencyNote ? <div>{e.agencyNote}</div> : null}
                </>
              }
            />
          </List.Item>
        )}
      />
      <EngageModal projectId={projectId} open={engaging} onClose={() => setEngaging(false)} />
      <RateModal engagement={rating} onClose={() => setRating(null)} />
    </Card>
  );
}

function EngageModal({ projectId, open, onClose }: { projectId: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ type?: ServiceType; serviceId?: string; note?: string }>();
  const type = Form.useWatch('type', form);
  const services = useServices(type);
  const engage = useEngage(projectId);
  return (
    <FormModal
      open={open}
      title={t('intermediary.engage')}
      okText={t('intermediary.engageSubmit')}
      form={form}
      name="intermediary-engage"
      pending={engage.isPending}
      okTestId="intermediary-engage-submit"
      onClose={onClose}
      onSubmit={(v) => engage.mutateAsync({ serviceId: v.serviceId!, note: (v.note ?? '').trim() })}
    >
      <Form.Item name="type" label={t('intermediary.serviceType')}>
        <Select
          allowClear
          placeholder={t('intermediary.anyType')}
          options={SERVICE_TYPES.map((s) => ({ value: s, label: t(TYPE_KEYS[s]) }))}
          onChange={() => form.setFieldValue('serviceId', undefined)}
          data-testid="intermediary-type"
        />
      </Form.Item>
      <Form.Item
        name="serviceId"
        label={t('intermediary.chooseService')}
        rules={[{ required: true, message: t('intermediary.chooseRequired') }]}
      >
        <Radio.Group className="full-width">
          <Space orientation="vertical" className="full-width">
            {(services.data ?? []).map((s) => (
              <Radio key={s.id} value={s.id} data-testid="intermediary-service-option">
                <Typography.Text strong>{s.name}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {s.agencyName} · {s.priceText} · {t('intermediary.promisedDays', { days: s.promisedDays })} ·{' '}
                  {s.averageRating === null
                    ? t('intermediary.notRated')
                    : t('intermediary.ratingSummary', { rating: s.averageRating.toFixed(1), count: s.ratedCount })}
                </Typography.Text>
              </Radio>
            ))}
            {services.data && services.data.length === 0 ? (
              <Typography.Text type="secondary">{t('intermediary.noServices')}</Typography.Text>
            ) : null}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label={t('intermediary.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

function RateModal({ engagement, onClose }: { engagement: Engagement | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ rating?: number; review?: string }>();
  const rate = useRate();
  return (
    <FormModal
      open={engagement !== null}
      title={t('intermediary.rate')}
      okText={t('intermediary.rateSubmit')}
      form={form}
      name="intermediary-rate"
      pending={rate.isPending}
      okTestId="intermediary-rate-submit"
      onClose={onClose}
      intro={
        engagement ? (
          <Typography.Paragraph type="secondary">
            {engagement.serviceName} · {engagement.agencyName}
          </Typography.Paragraph>
        ) : null
      }
      onSubmit={(v) => rate.mutateAsync({ id: engagement!.id, rating: v.rating!, review: (v.review ?? '').trim() })}
    >
      <Form.Item
        name="rating"
        label={t('intermediary.score')}
        rules={[{ required: true, message: t('intermediary.scoreRequired') }]}
      >
        <Rate data-testid="intermediary-score" />
      </Form.Item>
      <Form.Item name="review" label={t('intermediary.review')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
