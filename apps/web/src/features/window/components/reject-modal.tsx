import { Alert, Input, Modal } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useRejectApplication } from '../api/window.api.ts';

/** 不予受理, with the reason the applicant is told. */
export function RejectModal({
  applicationId,
  open,
  onClose,
}: {
  applicationId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const reject = useRejectApplication(applicationId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onOk = () => {
    if (!reason.trim()) return setError(t('window.rejectReasonRequired'));
    setError(null);
    reject.mutate({ reason: reason.trim() }, { onSuccess: onClose, onError: (err) => setError(errorText(err)) });
  };
  return (
    <Modal
      open={open}
      title={t('window.reject')}
      okText={t('window.reject')}
      okButtonProps={{ danger: true, loading: reject.isPending, 'data-testid': 'window-reject-confirm' } as never}
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => {
        setReason('');
        setError(null);
      }}
      destroyOnHidden
    >
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('window.rejectReason')}
        autoSize={{ minRows: 3 }}
        data-testid="window-reject-reason"
      />
      {error ? <Alert type="error" showIcon className="form-alert" title={error} /> : null}
    </Modal>
  );
}
