import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { UserSecurityActions } from '../components/user-security-actions.tsx';
import { UsersPanel } from '../components/users-panel.tsx';

/** 用户与角色, the security administrator's landing page: unlock, disable, enable. */
export function UserSecurityPage() {
  const { t } = useI18n();
  return (
    <Page title={t('users.securityTitle')} testId="workbench-secAdmin">
      <UsersPanel renderActions={(user) => <UserSecurityActions user={user} />} />
    </Page>
  );
}
