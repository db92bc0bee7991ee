import { App, Button, Card, Form, Input, Typography } from 'antd';
import { fieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useChangePassword } from '../../auth/api/auth.api.ts';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** 修改密码: the current one, the new one twice. The server checks the policy and ends the account's other sessions. */
export function ChangePasswordCard() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<PasswordValues>();
  const change = useChangePassword();
  const me = useCurrentUser();

  const submit = ({ currentPassword, newPassword }: PasswordValues) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('account.passwordChanged'));
        },
        onError: (error) => {
          const fields = fieldErrorsFor(error, locale);
          if (fields.length)
            form.setFields(fields.map((f) => ({ name: f.name as keyof PasswordValues, errors: f.errors })));
          else void message.error(errorText(error));
        },
      },
    );

  return (
    <Card
      title={t('account.passwordTitle')}
      extra={
        me.passwordExpiresAt && !me.passwordChangeDue ? (
          <Typography.Text type="secondary" data-testid="password-expires">
            {t('account.passwordExpiresAt', { time: formatDateTime(me.passwordExpiresAt, false) })}
          </Typography.Text>
        ) : null
      }
      data-testid="change-password"
    >
      <Form<PasswordValues>
        form={form}
        name="passwordChange"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        className="account-form"
      >
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          extra={t('account.passwordRule')}
          rules={[{ required: true, message: t('auth.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('auth.passwordRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
