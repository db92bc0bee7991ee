import { Alert, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useCompleteVerification, type VerificationTask } from '../api/verification.api.ts';

interface Values {
  passed?: boolean;
  result?: string;
}

/** 完成核查: the commitment held (passed) or was false — which revokes the licence issued on it. */
export function VerificationCompleteModal({
  target,
  onClose,
}: {
  target: VerificationTask | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const complete = useCompleteVerification();
  const [error, setError] = useState<string | null>(null);
  const passed = Form.useWatch('passed', form);
  const required = [{ required: true, message: t('common.required') }];

  const onOk = () => {
    if (!target) return;
    form
      .validateFields()
      .then((v) => {
        setError(null);
        complete.mutate(
          { id: target.id, passed: v.passed === true, result: (v.result ?? '').trim() },
          { onSuccess: onClose, onError: (err) => setError(errorText(err)) },
        );
      })
      .catch(() => undefined);
  };

  return (
    <Modal
      open={target !== null}
      title={t('verification.completeTitle')}
      okText={t('common.ok')}
      okButtonProps={
        { loading: complete.isPending, danger: passed === false, 'data-testid': 'verification-confirm' } as never
      }
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
    >
      {target ? (
        <Typography.Paragraph type="secondary">
          {target.enterpriseName} · {target.matterName ?? target.projectName} ·{' '}
          <span className="mono">{target.materialCode}</span>
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="passed" label={t('verification.outcome')} rules={required}>
          <Radio.Group data-testid="verification-outcome">
            <Radio value={true} data-testid="verification-passed">
              {t('verification.passed')}
            </Radio>
            <Radio value={false} data-testid="verification-failed">
              {t('verification.failed')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {passed === false ? (
          <Alert
            type="warning"
            showIcon
            className="form-alert"
            title={t('verification.failWarning')}
            data-testid="verification-fail-warning"
          />
        ) : null}
        <Form.Item name="result" label={t('verification.result')} rules={[...required, { whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} data-testid="verification-result" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="verification-error" /> : null}
    </Modal>
  );
}
