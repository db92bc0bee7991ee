import { Alert, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useReplyConsultation } from '../api/cases.api.ts';
import type { ConsultationView } from '../api/cases.types.ts';

/** 答复征求意见: my department's opinion on another department's case. */
export function ConsultationReplyModal({ target, onClose }: { target: ConsultationView | null; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const reply = useReplyConsultation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onOk = () => {
    if (!target) return;
    if (!text.trim()) return setError(t('consultation.replyRequired'));
    setError(null);
    reply.mutate(
      { id: target.id, reply: text.trim() },
      { onSuccess: onClose, onError: (err) => setError(errorText(err)) },
    );
  };
  return (
    <Modal
      open={target !== null}
      title={t('consultation.replyTitle')}
      okText={t('consultation.replySend')}
      okButtonProps={{ loading: reply.isPending, 'data-testid': 'consultation-reply-confirm' } as never}
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => {
        setText('');
        setError(null);
      }}
      destroyOnHidden
    >
      {target ? (
        <>
          <Typography.Paragraph type="secondary">
            {target.matterName} · <span className="mono">{target.caseNumber}</span>
          </Typography.Paragraph>
          <Typography.Paragraph className="pre-wrap">{target.question}</Typography.Paragraph>
        </>
      ) : null}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('consultation.replyPlaceholder')}
        autoSize={{ minRows: 3 }}
        maxLength={4000}
        data-testid="consultation-reply-text"
      />
      {error ? (
        <Alert type="error" showIcon className="form-alert" title={error} data-testid="consultation-reply-error" />
      ) : null}
    </Modal>
  );
}
