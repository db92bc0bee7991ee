import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useLicenceAction } from '../api/licences.api.ts';

export type LicenceActionKind = 'revoke' | 'extend';

interface Values {
  months?: number;
  reason?: string;
}

/** 撤销 or 延续 of one licence, with the reason; the server's refusal (rules, 403) is shown in the modal. */
export function LicenceActionModal({
  number,
  kind,
  onClose,
}: {
  number: string;
  kind: LicenceActionKind | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const action = useLicenceAction(number);
  const [error, setError] = useState<string | null>(null);
  const required = [{ required: true, message: t('common.required') }];

  const onOk = () => {
    if (!kind) return;
    form
      .validateFields()
      .then((v) => {
        setError(null);
        const reason = (v.reason ?? '').trim();
        action.mutate(
          kind === 'revoke' ? { action: 'revoke', reason } : { action: 'extend', months: v.months ?? 0, reason },
          {
            onSuccess: onClose,
            onError: (err) => setError(errorText(err)),
          },
        );
      })
      .catch(() => undefined);
  };

  return (
    <Modal
      open={kind !== null}
      title={kind ? t(`licence.action.${kind}Title`) : ''}
      okText={t('common.ok')}
      okButtonProps={
        { loading: action.isPending, danger: kind === 'revoke', 'data-testid': 'licence-action-confirm' } as never
      }
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
    >
      <Alert
        type={kind === 'revoke' ? 'warning' : 'info'}
        showIcon
        className="form-alert"
        title={kind ? t(`licence.action.${kind}Hint`) : ''}
      />
      <Form form={form} layout="vertical" preserve={false}>
        {kind === 'extend' ? (
          <Form.Item name="months" label={t('licence.action.months')} rules={required}>
            <InputNumber min={1} max={120} precision={0} className="full-width" data-testid="licence-extend-months" />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label={t('case.reason')} rules={[...required, { whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} data-testid="licence-action-reason" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="licence-action-error" /> : null}
    </Modal>
  );
}
