import { Alert, App, Button, Card, Form, Input, List, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { fieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useAgentEnterprises } from '../../public/api/public.api.ts';
import { useAuthorisedAgents, useAuthoriseAgent, useRevokeAgent } from '../api/agents.api.ts';

/**
 * 帮我办: an enterprise authorises an agent account (代办员) to register projects and apply in its name, and withdraws the
 * authorisation; an agent sees the enterprises it acts for.
 */
export function AssistPage() {
  const me = useCurrentUser();
  const { t } = useI18n();
  return (
    <Page
      title={t('menu.assist')}
      description={me.role === 'agent' ? t('assist.introAgent') : t('assist.intro')}
      testId="portal-assist"
    >
      {me.role === 'agent' ? <AgentEnterprises /> : <EnterpriseAgents />}
    </Page>
  );
}

function EnterpriseAgents() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const agents = useAuthorisedAgents();
  const authorise = useAuthoriseAgent();
  const revoke = useRevokeAgent();
  const [form] = Form.useForm<{ agentUsername: string }>();
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ agentUsername }: { agentUsername: string }) => {
    setError(null);
    try {
      const agent = await authorise.mutateAsync(agentUsername.trim());
      message.success(t('assist.authorised', { name: agent.displayName }));
      form.resetFields();
    } catch (err) {
      form.setFields(fieldErrorsFor(err, locale).map((f) => ({ name: 'agentUsername' as const, errors: f.errors })));
      setError(errorText(err));
    }
  };

  return (
    <Space orientation="vertical" size={16} className="full-width">
      <Card title={t('assist.authoriseTitle')}>
        <Typography.Paragraph type="secondary">{t('assist.authoriseHint')}</Typography.Paragraph>
        {error ? <Alert type="error" showIcon className="form-alert" title={error} /> : null}
        <Form form={form} layout="inline" onFinish={(values) => void submit(values)} className="assist-form">
          <Form.Item
            name="agentUsername"
            rules={[{ required: true, whitespace: true, message: t('assist.usernameRequired') }]}
          >
            <Input placeholder={t('assist.usernamePlaceholder')} data-testid="assist-username" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={authorise.isPending} data-testid="assist-authorise">
              {t('assist.authorise')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={t('assist.listTitle')}>
        {agents.isError ? <Alert type="error" showIcon title={errorText(agents.error)} /> : null}
        <List
          loading={agents.isPending}
          dataSource={agents.data ?? []}
          locale={{ emptyText: t('assist.none') }}
          data-testid="assist-agents"
          renderItem={(agent) => (
            <List.Item
              actions={[
                <Popconfirm
                  key="revoke"
                  title={t('assist.revokeConfirm', { name: agent.displayName })}
                  okText={t('assist.revoke')}
                  cancelText={t('common.cancel')}
                  onConfirm={() =>
                    revoke.mutateAsync(agent.agentId).then(
                      () => message.success(t('assist.revoked')),
                      (err: unknown) => message.error(errorText(err)),
                    )
                  }
                >
                  <Button danger size="small" data-testid={`assist-revoke-${agent.username}`}>
                    {t('assist.revoke')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <List.Item.Meta
                title={agent.displayName}
                description={`${agent.username} · ${t('assist.since', { time: formatDateTime(agent.authorisedAt, false) })}`}
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function AgentEnterprises() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const enterprises = useAgentEnterprises();
  return (
    <Card title={t('assist.actingFor')}>
      {enterprises.isError ? <Alert type="error" showIcon title={errorText(enterprises.error)} /> : null}
      <List
        loading={enterprises.isPending}
        dataSource={enterprises.data ?? []}
        locale={{ emptyText: t('assist.noEnterprises') }}
        data-testid="assist-enterprises"
        renderItem={(e) => (
          <List.Item>
            <List.Item.Meta
              title={e.name}
              description={`${e.creditCode} · ${e.regionName} · ${t('assist.since', { time: formatDateTime(e.authorisedAt, false) })}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
