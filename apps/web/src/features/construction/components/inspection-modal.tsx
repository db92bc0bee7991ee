import { DatePicker, Form, Input, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { FormModal } from '../../../app/layout/form-modal.tsx';
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
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const record = useRecordInspection(projectId);
  const result = Form.useWatch('result', form);
  const required = { required: true, message: t('construction.form.required') };
  return (
    <FormModal<FormValues>
      open={open}
      title={t('construction.inspect.title')}
      okText={t('construction.form.submit')}
      form={form}
      name="construction-inspection"
      initialValues={{ method: 'onSite', result: 'compliant', inspectedOn: dayjs() }}
      pending={record.isPending}
      okTestId="inspection-submit"
      onClose={onClose}
      onSubmit={(values) =>
        record.mutateAsync({
          inspectedOn: values.inspectedOn!.format('YYYY-MM-DD'),
          method: values.method,
          result: values.result,
          opinion: (values.opinion ?? '').trim(),
          ...(values.result === 'issuesFound' && values.rectificationDue
            ? { rectificationDue: values.rectificationDue.format('YYYY-MM-DD') }
            : {}),
        })
      }
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
    </FormModal>
  );
}
