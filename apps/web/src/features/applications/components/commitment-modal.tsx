import { Alert, Checkbox, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../app/i18n/i18n.tsx';

interface CommitmentModalProps {
  materialName: string;
  text: string | null;
  open: boolean;
  signing: boolean;
  error: string | null;
  onSign: () => void;
  onClose: () => void;
}

/** 告知承诺: the text the applicant signs instead of supplying the material (国办发〔2020〕42号). */
export function CommitmentModal({ materialName, text, open, signing, error, onSign, onClose }: CommitmentModalProps) {
  const { t } = useI18n();
  const [agreed, setAgreed] = useState(false);
  return (
    <Modal
      open={open}
      title={t('material.commitmentTitle', { name: materialName })}
      okText={t('material.signCommitment')}
      okButtonProps={{ disabled: !agreed, loading: signing, 'data-testid': 'commitment-confirm' } as never}
      onOk={onSign}
      onCancel={onClose}
      afterClose={() => setAgreed(false)}
      destroyOnHidden
    >
      <Typography.Paragraph className="commitment-text pre-wrap" data-testid="commitment-text">
        {text}
      </Typography.Paragraph>
      <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="commitment-agree">
        {t('material.commitmentAgree')}
      </Checkbox>
      {error ? <Alert type="error" showIcon className="form-alert" title={error} /> : null}
    </Modal>
  );
}
