import { Alert, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useUrgeCase } from '../../department/api/cases.api.ts';
import type { CaseListItem } from '../../department/api/cases.types.ts';

/** The case being urged, from a list row or the case's own page. */
export type UrgeTarget = Pick<CaseListItem, 'id' | 'matterName' | 'departmentName' | 'caseNumber'>;

/** 督办: a message to the department handling the case. */
export function UrgeModal({ target, onClose }: { target: UrgeTarget | null; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const urge = useUrgeCase(target?.id ?? '');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onOk = () => {
    if (!text.trim()) return setError(t('supervisor.messageRequired'));
    setError(null);
    urge.mutate({ message: text.trim() }, { onSuccess: onClose, onError: (err) => setError(errorText(err)) });
  };
  return (
    <Modal
      open={target !== null}
      title={t('supervisor.urge')}
      okText={t('supervisor.urgeSend')}
      okButtonProps={{ loading: urge.isPending, 'data-testid': 'urge-send' } as never}
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => {
        setText('');
        setError(null);
      }}
      destroyOnHidden
    >
      {target ? (
        <Typography.Paragraph type="secondary">
          {target.matterName} · {target.departmentName} · <span className="mono">{target.caseNumber}</span>
        </Typography.Paragraph>
      ) : null}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('supervisor.messagePlaceholder')}
        autoSize={{ minRows: 3 }}
        data-testid="urge-message"
      />
      {error ? <Alert type="error" showIcon className="form-alert" title={error} /> : null}
    </Modal>
  );
}
