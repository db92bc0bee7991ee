import { Card, Descriptions } from 'antd';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { roleLabelKey } from '../../../app/auth/roles.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { ChangePasswordCard } from '../components/change-password-card.tsx';
import { SecondFactorCard } from '../components/second-factor-card.tsx';
import { SessionsCard } from '../components/sessions-card.tsx';

/**
 * 账户安全, for every signed-in account (from the name in the header): who am I, the second factor, the password, and
 * where the account is signed in.
 */
export function AccountSecurityPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  return (
    <Page title={t('account.title')} description={t('account.description')} testId="account-security">
      <div className="account-grid">
        <Card title={t('account.profile')}>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'name', label: t('users.col.displayName'), children: me.displayName },
              { key: 'username', label: t('users.col.username'), children: me.username },
              { key: 'role', label: t('users.col.role'), children: t(roleLabelKey(me.role)) },
              { key: 'region', label: t('users.col.region'), children: me.regionName },
              ...(me.departmentName
                ? [{ key: 'department', label: t('users.col.department'), children: me.departmentName }]
                : []),
            ]}
          />
        </Card>
        <SecondFactorCard />
        <ChangePasswordCard />
        <SessionsCard />
      </div>
    </Page>
  );
}
