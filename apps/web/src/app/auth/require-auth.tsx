import { Button, Result, Spin } from 'antd';
import { Navigate, useLocation } from 'react-router-dom';
import type { ReactNode } from 'react';
import { PasswordChangeDuePage } from '../../features/account/pages/password-change-due.page.tsx';
import { useMe } from '../../features/auth/api/auth.api.ts';
import { useErrorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { CurrentUserContext } from './current-user.tsx';

export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div className="full-page-center">
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

/**
 * Renders its children only for a signed-in user; anyone else goes to /login and comes back afterwards. A user whose
 * password must be changed (expired, or set by an administrator) sees only the change-password screen until it is.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const { t } = useI18n();
  const errorText = useErrorText();

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title={errorText(me.error)}
        extra={<Button onClick={() => void me.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <CurrentUserContext value={me.data}>
      {me.data.passwordChangeDue ? <PasswordChangeDuePage /> : children}
    </CurrentUserContext>
  );
}
