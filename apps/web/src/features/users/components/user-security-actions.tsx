import { App, Button, Popconfirm, Space } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { Role } from '../../../app/auth/roles.ts';
import { isLocked, useUserAction, type UserAction, type UserRow } from '../api/users.api.ts';

const ADMIN_ROLES: readonly Role[] = ['sysAdmin', 'secAdmin', 'auditAdmin'];

/** 解锁 / 重置口令 / 强制下线 / 停用 / 启用 for one user (security admin only; the server enforces it too). */
export function UserSecurityActions({ user }: { user: UserRow }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const action = useUserAction();
  const busy = action.isPending;

  const run = (
    kind: UserAction,
    doneKey: 'users.unlocked' | 'users.disabled' | 'users.enabled' | 'users.secondFactorReset' | 'users.signedOut',
  ) => {
    action.mutate(
      { id: user.id, action: kind },
      { onSuccess: () => message.success(t(doneKey)), onError: (error) => message.error(errorText(error)) },
    );
  };

  // Only the actions that apply to the account are shown (no rows of greyed buttons): 解锁 for a locked one, 重置口令
  // for one with an authenticator, 强制下线 and 停用 for an active one, 启用 for a disabled one. The three admin
  // accounts are the operator's (三员分立): only 解锁 is offered for them, as the server allows only that.
  const unlock = isLocked(user) ? (
    <Button
      size="small"
      disabled={busy}
      onClick={() => run('unlock', 'users.unlocked')}
      data-testid={`unlock-${user.username}`}
    >
      {t('users.unlock')}
    </Button>
  ) : null;
  if (ADMIN_ROLES.includes(user.role)) return unlock;
  return (
    <Space size="small">
      {unlock}
      {user.secondFactorEnrolled ? (
        <Popconfirm
          title={t('users.confirmResetSecondFactor', { name: user.displayName })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => run('second-factor/reset', 'users.secondFactorReset')}
          disabled={busy}
        >
          <Button size="small" disabled={busy} data-testid={`reset-second-factor-${user.username}`}>
            {t('users.resetSecondFactor')}
          </Button>
        </Popconfirm>
      ) : null}
      {user.status === 'active' ? (
        <>
          <Popconfirm
            title={t('users.confirmSignOut', { name: user.displayName })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => run('sessions/revoke', 'users.signedOut')}
            disabled={busy}
          >
            <Button size="small" disabled={busy} data-testid={`sign-out-${user.username}`}>
              {t('users.signOut')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('users.confirmDisable', { name: user.displayName })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => run('disable', 'users.disabled')}
          >
            <Button size="small" danger disabled={busy} data-testid={`disable-${user.username}`}>
              {t('users.disable')}
            </Button>
          </Popconfirm>
        </>
      ) : (
        <Button
          size="small"
          disabled={busy}
          onClick={() => run('enable', 'users.enabled')}
          data-testid={`enable-${user.username}`}
        >
          {t('users.enable')}
        </Button>
      )}
    </Space>
  );
}
