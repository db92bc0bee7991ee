import { Tag, Tooltip } from 'antd';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { isLocked, type UserRow } from '../api/users.api.ts';

export function UserStatusTag({ user }: { user: UserRow }) {
  const { t } = useI18n();
  if (user.status === 'disabled') return <Tag color="default">{t('users.status.disabled')}</Tag>;
  if (isLocked(user)) {
    return (
      <Tooltip title={t('auth.lockedUntil', { time: formatDateTime(user.lockedUntil) })}>
        <Tag color="red">{t('users.status.locked')}</Tag>
      </Tooltip>
    );
  }
  return <Tag color="green">{t('users.status.active')}</Tag>;
}
