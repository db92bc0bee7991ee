import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useTransferCase } from '../api/cases.api.ts';
import type { TransferCandidate } from '../api/cases.types.ts';

interface Values {
  assigneeId?: string;
  opinion?: string;
}

/** 转办/委派: hand the current step to a colleague of the department who holds it, with an opinion. */
export function CaseTransferModal({
  caseId,
  open,
  candidates,
  onClose,
}: {
  caseId: string;
  open: boolean;
  candidates: TransferCandidate[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const transfer = useTransferCase(caseId);
  const [error, setError] = useState<string | null>(null);
  const required = [{ required: true, message: t('common.required') }];

  const onOk = () => {
    form
      .validateFields()
      .then((v) => {
        setError(null);
        transfer.mutate(
          { assigneeId: v.assigneeId ?? '', opinion: (v.opinion ?? '').trim() },
          { onSuccess: onClose, onError: (err) => setError(errorText(err)) },
        );
      })
      .catch(() => undefined);
  };

  return (
    <Modal
      open={open}
      title={t('transfer.title')}
      okText={t('common.ok')}
      okButtonProps={{ loading: transfer.isPending, 'data-testid': 'case-transfer-confirm' } as never}
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
    >
      <Alert type="info" showIcon className="form-alert" title={t('transfer.intro')} />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="assigneeId" label={t('transfer.assignee')} rules={required}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="case-transfer-assignee"
            options={candidates.map((c) => ({ value: c.id, label: c.displayName }))}
          />
        </Form.Item>
        <Form.Item name="opinion" label={t('case.opinion')} rules={[...required, { whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} data-testid="case-transfer-opinion" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="case-transfer-error" /> : null}
    </Modal>
  );
}
