import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { fieldErrorsFor } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useState } from 'react';
import { isChallenge, useLogin, type LoginInput, type Me, type SecondFactorChallenge } from '../api/auth.api.ts';
import { SecondFactorStep } from './second-factor-step.tsx';
import { SignInError } from './sign-in-error.tsx';

/**
 * Username + password; the server's message (wrong password, locked, rate-limited) is shown in the UI language. For an
 * account with a second factor the password answers a challenge, and the code step takes the form's place.
 */
export function LoginForm({ onSuccess }: { onSuccess: (me: Me) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<LoginInput>();
  const login = useLogin();
  const [challenge, setChallenge] = useState<SecondFactorChallenge | null>(null);

  if (challenge) {
    const restart = () => {
      setChallenge(null);
      login.reset();
    };
    return (
      <SecondFactorStep key={challenge.challenge} challenge={challenge} onSuccess={onSuccess} onRestart={restart} />
    );
  }

  const submit = (values: LoginInput) => {
    login.mutate(
      { username: values.username.trim(), password: values.password },
      {
        onSuccess: (data) => (isChallenge(data) ? setChallenge(data) : onSuccess(data.user)),
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
      {login.isError ? <SignInError error={login.error} /> : null}
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
