import { UserOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useCurrentUser } from '../auth/current-user.tsx';
import { roleLabelKey } from '../auth/roles.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Display name, role and region; `compact` (phone header) keeps only the name. It links to 账户安全 (password, second
 * factor), where a user looks for their own account.
 */
export function UserBadge({ compact = false }: { compact?: boolean }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  return (
    <Link to="/account" className="user-badge" title={t('account.open')} data-testid="open-account">
      <UserOutlined />
      <span className="user-name" title={me.displayName} data-testid="current-user-name">
        {me.displayName}
      </span>
      {compact ? null : (
        <>
          <Tag color="blue" variant="solid" className="user-role" data-testid="current-user-role">
            {t(roleLabelKey(me.role))}
          </Tag>
          <span className="user-region">
            {me.departmentName ? `${me.regionName} · ${me.departmentName}` : me.regionName}
          </span>
        </>
      )}
    </Link>
  );
}
