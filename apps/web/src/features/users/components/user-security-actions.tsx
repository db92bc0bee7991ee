import { App, Button, Popconfirm, Space } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { isLocked, useUserAction, type UserAction, type UserRow } from '../api/users.api.ts';

/** 解锁 / 重置口令 / 停用 / 启用 for one user (security admin only; the server enforces it too). */
export function UserSecurityActions({ user }: { user: UserRow }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const action = useUserAction();
  const busy = action.isPending;

  const run = (
    kind: UserAction,
    doneKey: 'users.unlocked' | 'users.disabled' | 'users.enabled' | 'users.secondFactorReset',
  ) => {
    action.mutate(
      { id: user.id, action: kind },
      { onSuccess: () => message.success(t(doneKey)), onError: (error) => message.error(errorText(error)) },
    );
  };

  return (
    <Space size="small">
      <Button
        size="small"
        disabled={!isLocked(user) || busy}
        onClick={() => run('unlock', 'users.unlocked')}
        data-testid={`unlock-${user.username}`}
      >
        {t('users.unlock')}
      </Button>
      <Popconfirm
        title={t('users.confirmResetSecondFactor', { name: user.displayName })}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        onConfirm={() => run('second-factor/reset', 'users.secondFactorReset')}
        disabled={!user.secondFactorEnrolled || busy}
      >
        <Button
          size="small"
          disabled={!user.secondFactorEnrolled || busy}
          data-testid={`reset-second-factor-${user.username}`}
        >
          {t('users.resetSecondFactor')}
        </Button>
      </Popconfirm>
      {user.status === 'active' ? (
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
