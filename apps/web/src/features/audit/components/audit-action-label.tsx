import { Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { AUDIT_ACTION_LABELS } from './audit-actions.ts';

/** 登录 `auth.login`: the readable name with the code the trail stores. */
export function AuditActionLabel({ action }: { action: string }) {
  const { t } = useI18n();
  const key = AUDIT_ACTION_LABELS[action];
  return (
    <span className="audit-action">
      {key ? <span>{t(key)}</span> : null}
      <Typography.Text type="secondary" code>
        {action}
      </Typography.Text>
    </span>
  );
}
