import { Alert, DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { fieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useRecordInspection, type InspectionMethod, type InspectionResult } from '../api/construction.api.ts';

interface FormValues {
  inspectedOn?: Dayjs;
  method: InspectionMethod;
  result: InspectionResult;
  opinion?: string;
  rectificationDue?: Dayjs;
}

/** 登记核查: how the project was checked, what was found and, if something was, the 整改期限. */
export function InspectionModal({
  projectId,
  open,
  onClose,
}: {
  projectId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const record = useRecordInspection(projectId);
  const result = Form.useWatch('result', form);

  const submit = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await record.mutateAsync({
        inspectedOn: values.inspectedOn!.format('YYYY-MM-DD'),
        method: values.method,
        result: values.result,
        opinion: (values.opinion ?? '').trim(),
        ...(values.result === 'issuesFound' && values.rectificationDue
          ? { rectificationDue: values.rectificationDue.format('YYYY-MM-DD') }
          : {}),
      });
      onClose();
    } catch (error) {
      form.setFields(
        fieldErrorsFor(error, locale).map((f) => ({ name: f.name as keyof FormValues, errors: f.errors })),
      );
      setFormError(errorText(error));
    }
  };

  const required = { required: true, message: t('construction.form.required') };
  return (
    <Modal
      open={open}
      title={t('construction.inspect.title')}
      okText={t('construction.form.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'inspection-submit' } as never}
      afterClose={() => {
        form.resetFields();
        setFormError(null);
      }}
      forceRender
    >
      {formError ? <Alert type="error" showIcon className="form-alert" title={formError} /> : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        name="construction-inspection"
        initialValues={{ method: 'onSite', result: 'compliant', inspectedOn: dayjs() }}
      >
        <Form.Item name="inspectedOn" label={t('construction.inspect.date')} rules={[required]}>
          <DatePicker className="full-width" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="method" label={t('construction.inspect.method')} rules={[required]}>
          <Radio.Group
            options={[
              { value: 'onSite', label: t('construction.inspect.onSite') },
              { value: 'online', label: t('construction.inspect.online') },
            ]}
          />
        </Form.Item>
        <Form.Item name="result" label={t('construction.inspect.result')} rules={[required]}>
          <Radio.Group
            options={[
              { value: 'compliant', label: t('construction.inspect.compliant') },
              { value: 'issuesFound', label: t('construction.inspect.issuesFound') },
            ]}
            data-testid="inspection-result"
          />
        </Form.Item>
        {result === 'issuesFound' ? (
          <Form.Item
            name="rectificationDue"
            label={t('construction.inspect.rectificationDue')}
            rules={[required]}
            extra={t('construction.inspect.rectificationHint')}
          >
            <DatePicker className="full-width" disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="opinion"
          label={t('construction.inspect.opinion')}
          rules={[{ ...required, whitespace: true }, { max: 2000 }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            showCount
            data-testid="inspection-opinion"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
