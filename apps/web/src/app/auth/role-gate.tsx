import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n.tsx';
import { homePathFor } from '../routes.tsx';
import { useCurrentUser } from './current-user.tsx';
import type { Role } from './roles.ts';

/** A page outside the user's role shows 403 instead of loading data the server would refuse anyway. */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  if (roles.includes(me.role)) return <>{children}</>;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('app.forbidden')}
      extra={
        <Link to={homePathFor(me.role)}>
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}
