import { Alert, Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { AuthScreen } from '../../../app/layout/auth-screen.tsx';
import { useLogout } from '../../auth/api/auth.api.ts';
import { ChangePasswordCard } from '../components/change-password-card.tsx';

/**
 * 等保 8.1.4.1 a: the only screen of a session whose password must be changed — it expired (PASSWORD_MAX_AGE_DAYS), or
 * it is the initial one the system admin set. The server refuses everything else until it is changed; then the page
 * the user asked for opens.
 */
export function PasswordChangeDuePage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const expired = me.passwordExpiresAt !== null && Date.parse(me.passwordExpiresAt) <= Date.now();
  return (
    <AuthScreen testId="password-change-due">
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        title={t(expired ? 'account.passwordExpired' : 'account.passwordInitial', {
          name: me.displayName,
          time: me.passwordExpiresAt ? formatDateTime(me.passwordExpiresAt) : '',
        })}
      />
      <ChangePasswordCard />
      <Button
        type="link"
        block
        loading={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}
        data-testid="logout"
      >
        {t('auth.logout')}
      </Button>
    </AuthScreen>
  );
}
