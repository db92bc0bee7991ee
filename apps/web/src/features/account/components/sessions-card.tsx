import { App, Alert, Button, Card, List, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useOwnSessions, useRevokeSessions } from '../../auth/api/auth.api.ts';
import { describeUserAgent } from './user-agent.ts';

/**
 * 登录设备: where the account is signed in (ASVS 7.5.2) — this browser marked — with a sign-out for each other one and
 * for all of them, for a browser left signed in at the office or on a lost phone.
 */
export function SessionsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const sessions = useOwnSessions();
  const revoke = useRevokeSessions();
  const others = sessions.data?.items.filter((item) => !item.current) ?? [];

  const signOut = (target: { id: string } | 'others') =>
    revoke.mutate(target, {
      onSuccess: () => void message.success(t('account.sessionsEnded')),
      onError: (error) => void message.error(errorText(error)),
    });

  return (
    <Card
      title={t('account.sessionsTitle')}
      className="account-wide"
      data-testid="sessions-card"
      extra={
        others.length > 0 ? (
          <Popconfirm
            title={t('account.confirmEndOthers')}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => signOut('others')}
          >
            <Button size="small" danger loading={revoke.isPending} data-testid="sessions-end-others">
              {t('account.endOthers')}
            </Button>
          </Popconfirm>
        ) : null
      }
    >
      {sessions.isPending ? <Skeleton active /> : null}
      {sessions.isError ? <Alert type="error" showIcon title={errorText(sessions.error)} /> : null}
      {sessions.data ? (
        <List
          size="small"
          dataSource={sessions.data.items}
          renderItem={(item) => (
            <List.Item
              data-testid={item.current ? 'session-current' : 'session-other'}
              actions={
                item.current
                  ? []
                  : [
                      <Button
                        key="end"
                        type="link"
                        size="small"
                        disabled={revoke.isPending}
                        onClick={() => signOut({ id: item.id })}
                      >
                        {t('account.endSession')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <span>
                    {describeUserAgent(item.userAgent) ?? t('account.unknownDevice')}{' '}
                    {item.current ? <Tag color="blue">{t('account.thisDevice')}</Tag> : null}
                  </span>
                }
                description={
                  <Typography.Text type="secondary">
                    {t('account.sessionLine', {
                      ip: item.ip ?? '—',
                      since: formatDateTime(item.createdAt, false),
                      seen: formatDateTime(item.lastSeenAt, false),
                    })}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      ) : null}
    </Card>
  );
}
