import { PlusOutlined } from '@ant-design/icons';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { fieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import {
  MAX_PHOTOS,
  uploadConstructionPhoto,
  useReportConstruction,
  type ProjectConstruction,
  type ReportInput,
  type ReportKind,
} from '../api/construction.api.ts';
import { ACTION_KEYS } from './construction-labels.ts';

interface FormValues {
  occurredOn?: Dayjs;
  periodStart?: string;
  percentComplete?: number;
  investmentToDate?: number;
  description?: string;
}

/** One report: the fields its kind asks for; the server's field errors land on the fields. */
export function ReportModal({
  projectId,
  construction,
  kind,
  onClose,
}: {
  projectId: string;
  construction: ProjectConstruction;
  kind: ReportKind | null;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  // Photos go up one by one as they are chosen; the report carries their ids. `response` holds the server's id.
  const [photos, setPhotos] = useState<UploadFile<{ id: string }>[]>([]);
  const report = useReportConstruction(projectId);
  const english = locale === 'en-US';
  // Periods still open to a report, oldest first (the first overdue one is the natural choice).
  const openPeriods = construction.periods.filter((p) => p.state !== 'reported');

  useEffect(() => {
    if (kind === null) return;
    form.resetFields();
    setFormError(null);
    setPhotos([]);
    if (kind === 'progress') {
      form.setFieldsValue({
        periodStart: openPeriods[0]?.start,
        percentComplete: construction.percentComplete ?? undefined,
        investmentToDate: construction.investmentToDate ?? undefined,
      });
    }
    // Reset when a form opens, not on every refetch of the construction.
  }, [kind]);

  const submit = async () => {
    if (kind === null) return;
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (photos.some((p) => p.status === 'uploading')) return setFormError(t('construction.form.photosUploading'));
    const photoIds = photos.filter((p) => p.status === 'done' && p.response).map((p) => p.response!.id);
    const input: ReportInput = { kind, description: (values.description ?? '').trim(), photoIds };
    if (values.occurredOn) input.occurredOn = values.occurredOn.format('YYYY-MM-DD');
    if (values.periodStart) input.periodStart = values.periodStart;
    if (values.percentComplete !== undefined && values.percentComplete !== null)
      input.percentComplete = values.percentComplete;
    if (values.investmentToDate !== undefined && values.investmentToDate !== null)
      input.investmentToDate = values.investmentToDate;
    try {
      await report.mutateAsync(input);
      onClose();
    } catch (error) {
      const fields = fieldErrorsFor(error, locale);
      form.setFields(fields.map((f) => ({ name: f.name as keyof FormValues, errors: f.errors })));
      setFormError(errorText(error));
    }
  };

  const required = { required: true, message: t('construction.form.required') };
  const dated = kind !== null && kind !== 'progress';
  return (
    <Modal
      open={kind !== null}
      title={kind ? t(ACTION_KEYS[kind]) : ''}
      okText={t('construction.form.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={report.isPending}
      okButtonProps={{ 'data-testid': 'construction-submit' } as never}
      destroyOnHidden
      forceRender
    >
      {kind === 'start' ? (
        <Alert type="info" showIcon className="form-alert" title={t('construction.form.startNote')} />
      ) : null}
      {formError ? (
        <Alert type="error" showIcon className="form-alert" title={formError} data-testid="construction-error" />
      ) : null}
      <Form<FormValues> form={form} layout="vertical" name="construction-report" data-testid="construction-form">
        {dated ? (
          <Form.Item name="occurredOn" label={t(`construction.form.date.${kind}`)} rules={[required]}>
            <DatePicker
              className="full-width"
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="construction-date"
            />
          </Form.Item>
        ) : null}
        {kind === 'progress' ? (
          <Form.Item name="periodStart" label={t('construction.form.period')} rules={[required]}>
            <Select
              data-testid="construction-period"
              options={openPeriods.map((p) => ({
                value: p.start,
                label: `${english ? p.labelEn : p.label} · ${t(`construction.period.${p.state}`)} · ${t('construction.dueOn', { date: p.dueOn })}`,
              }))}
            />
          </Form.Item>
        ) : null}
        {kind === 'progress' ? (
          <Form.Item name="percentComplete" label={t('construction.form.percent')} rules={[required]}>
            <InputNumber
              min={0}
              max={100}
              precision={0}
              suffix="%"
              className="full-width"
              data-testid="construction-percent"
            />
          </Form.Item>
        ) : null}
        {kind === 'progress' || kind === 'completion' ? (
          <Form.Item
            name="investmentToDate"
            label={t('construction.form.investment')}
            rules={[required]}
            extra={t('construction.form.investmentHint')}
          >
            <InputNumber
              min={0}
              precision={2}
              suffix={t('construction.wan')}
              className="full-width"
              data-testid="construction-investment"
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="description"
          label={kind === 'suspension' ? t('construction.form.reason') : t('construction.form.description')}
          rules={[{ ...required, whitespace: true }, { max: 2000 }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            showCount
            data-testid="construction-description"
          />
        </Form.Item>
        <Form.Item label={t('construction.form.photos')} extra={t('construction.form.photosHint', { max: MAX_PHOTOS })}>
          <div data-testid="construction-photos">
            <Upload<{ id: string }>
              listType="picture-card"
              accept="image/png,image/jpeg,.png,.jpg,.jpeg"
              multiple
              maxCount={MAX_PHOTOS}
              fileList={photos}
              onChange={({ fileList }) => setPhotos(fileList)}
              customRequest={({ file, onSuccess, onError }) => {
                uploadConstructionPhoto(projectId, file as File)
                  .then((photo) => onSuccess?.(photo))
                  .catch((error: unknown) => {
                    setFormError(errorText(error));
                    onError?.(error as Error);
                  });
              }}
            >
              {photos.length < MAX_PHOTOS ? (
                <div>
                  <PlusOutlined />
                  <div className="construction-photo-add">{t('construction.form.addPhoto')}</div>
                </div>
              ) : null}
            </Upload>
          </div>
        </Form.Item>
      </Form>
    </Modal>
  );
}
