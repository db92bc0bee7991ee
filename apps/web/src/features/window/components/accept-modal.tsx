import { Alert, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { AcceptanceMode } from '../../applications/api/applications.types.ts';
import { useAcceptApplication } from '../api/window.api.ts';

/** 受理 / 容缺受理 (with the date the tolerated materials are due) / 告知承诺受理, with an optional opinion. */
export function AcceptModal({
  applicationId,
  mode,
  onClose,
}: {
  applicationId: string;
  mode: AcceptanceMode | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const accept = useAcceptApplication(applicationId);
  const [due, setDue] = useState<Dayjs | null>(null);
  const [opinion, setOpinion] = useState('');
  const [error, setError] = useState<string | null>(null);

  const onOk = () => {
    if (!mode) return;
    if (mode === 'tolerance' && !due) return setError(t('window.toleranceDueRequired'));
    setError(null);
    accept.mutate(
      {
        mode,
        ...(mode === 'tolerance' && due ? { toleranceDueOn: due.format('YYYY-MM-DD') } : {}),
        ...(opinion.trim() ? { opinion: opinion.trim() } : {}),
      },
      { onSuccess: onClose, onError: (err) => setError(errorText(err)) },
    );
  };

  return (
    <Modal
      open={mode !== null}
      title={mode ? t(`window.accept.${mode}`) : ''}
      okText={t('common.ok')}
      okButtonProps={{ loading: accept.isPending, 'data-testid': 'window-accept-confirm' } as never}
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => {
        setDue(null);
        setOpinion('');
        setError(null);
      }}
      destroyOnHidden
    >
      <Form layout="vertical">
        {mode === 'tolerance' ? (
          <Form.Item label={t('window.toleranceDueOn')} required>
            <DatePicker
              value={due}
              onChange={setDue}
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              className="full-width"
              data-testid="window-tolerance-due"
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t('window.opinion')}>
          <Input.TextArea
            value={opinion}
            onChange={(e) => setOpinion(e.target.value)}
            autoSize={{ minRows: 2 }}
            data-testid="window-accept-opinion"
          />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="window-accept-error" /> : null}
    </Modal>
  );
}
