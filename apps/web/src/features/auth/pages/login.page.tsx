import { Alert, Card, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { FullPageSpin } from '../../../app/auth/require-auth.tsx';
import type { Role } from '../../../app/auth/roles.ts';
import { clearSessionExpired, isSessionExpired } from '../../../app/auth/session-expiry.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { AuthScreen } from '../../../app/layout/auth-screen.tsx';
import { canOpen, homePathFor } from '../../../app/routes.tsx';
import { useMe, type Me } from '../api/auth.api.ts';
import { LoginForm } from '../components/login-form.tsx';

/** `?next=` is honoured only for a same-site path the new user may open (no open redirect, no 403 after a switch). */
function landingPath(role: Role, next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && canOpen(role, next)) return next;
  return homePathFor(role);
}

export function LoginPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  // Shown once: a later visit to /login (after a normal logout, say) does not repeat it.
  const [expired] = useState(isSessionExpired);
  useEffect(clearSessionExpired, []);

  if (me.isPending) return <FullPageSpin />;
  if (me.data) return <Navigate to={landingPath(me.data.role, next)} replace />;

  const onSuccess = (user: Me) => void navigate(landingPath(user.role, next), { replace: true });

  return (
    <AuthScreen testId="login-page">
      <Card title={t('auth.title')} className="login-card">
        {expired ? <Alert type="warning" showIcon title={t('auth.sessionExpired')} className="form-alert" /> : null}
        <LoginForm onSuccess={onSuccess} />
        <div className="login-links">
          <Link to="/register" data-testid="link-register">
            {t('auth.registerEnterprise')}
          </Link>
          <Link to="/public/project-codes" data-testid="link-lookup">
            {t('public.lookup.title')}
          </Link>
          <Link to="/public/filings" data-testid="link-filings">
            {t('public.filings.title')}
          </Link>
          <Link to="/public/performance" data-testid="link-performance">
            {t('performance.nav')}
          </Link>
        </div>
        <Typography.Paragraph type="secondary" className="login-demo">
          {t('auth.demoAccounts')}
        </Typography.Paragraph>
      </Card>
    </AuthScreen>
  );
}
