import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useRequestConsultation } from '../api/cases.api.ts';
import { useConsultDepartments } from './consult-departments.ts';

interface Values {
  departmentId?: string;
  question?: string;
}

/** 征求意见: ask a department of the region or its city for its opinion; the reply shows on the case. */
export function CaseConsultModal({ caseId, open, onClose }: { caseId: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const consult = useRequestConsultation(caseId);
  const departments = useConsultDepartments(open);
  const [error, setError] = useState<string | null>(null);
  const required = [{ required: true, message: t('common.required') }];

  const onOk = () => {
    form
      .validateFields()
      .then((v) => {
        setError(null);
        consult.mutate(
          { departmentId: v.departmentId ?? '', question: (v.question ?? '').trim() },
          { onSuccess: onClose, onError: (err) => setError(errorText(err)) },
        );
      })
      .catch(() => undefined);
  };

  return (
    <Modal
      open={open}
      title={t('consultation.requestTitle')}
      okText={t('consultation.send')}
      okButtonProps={{ loading: consult.isPending, 'data-testid': 'case-consult-confirm' } as never}
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="departmentId"
          label={t('consultation.department')}
          extra={t('consultation.departmentHint')}
          rules={required}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.loading}
            data-testid="case-consult-department"
            options={departments.items.map((d) => ({
              value: d.id,
              label: d.regionName ? `${d.name}（${d.regionName}）` : d.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="question" label={t('consultation.question')} rules={[...required, { whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} data-testid="case-consult-question" />
        </Form.Item>
      </Form>
      {departments.error ? (
        <Alert type="error" showIcon className="form-alert" title={errorText(departments.error)} />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} data-testid="case-consult-error" /> : null}
    </Modal>
  );
}
