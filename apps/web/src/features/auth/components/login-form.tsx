import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { ApiError } from '../../../app/api/http.ts';
import { fieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useLogin, type LoginInput, type Me } from '../api/auth.api.ts';

/** Username + password; the server's message (wrong password, locked, rate-limited) is shown in the UI language. */
export function LoginForm({ onSuccess }: { onSuccess: (me: Me) => void }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<LoginInput>();
  const login = useLogin();
  const lockedUntil = login.error instanceof ApiError ? login.error.body?.lockedUntil : undefined;

  const submit = (values: LoginInput) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: (data) => onSuccess(data.user),
        onError: (error) => {
          form.setFields(
            fieldErrorsFor(error, locale)
              .filter((field) => field.name === 'username' || field.name === 'password')
              .map((field) => ({ name: field.name as keyof LoginInput, errors: field.errors })),
          );
        },
      },
    );
  };

  return (
    <Form<LoginInput> form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
      {login.isError ? (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          title={errorText(login.error)}
          description={lockedUntil ? t('auth.lockedUntil', { time: formatDateTime(lockedUntil) }) : undefined}
          data-testid="login-error"
        />
      ) : null}
      <Form.Item
        name="username"
        label={t('auth.username')}
        rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[{ required: true, message: t('auth.passwordRequired') }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
        {t('auth.login')}
      </Button>
    </Form>
  );
}
