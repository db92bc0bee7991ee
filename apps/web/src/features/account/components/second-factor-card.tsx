import { App, Alert, Button, Card, Descriptions, Form, Input, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { fieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import {
  useConfirmSecondFactorSetup,
  useRemoveSecondFactor,
  useSecondFactorStatus,
  useStartSecondFactorSetup,
  type SecondFactorChallenge,
} from '../../auth/api/auth.api.ts';
import { OneTimeCodeInput, TotpEnrolmentPanel, useOneTimeCodeRules } from '../../auth/components/totp-enrolment.tsx';

type Step = 'idle' | 'password' | 'scan' | 'remove';

/**
 * 动态口令（身份验证器）: whether the account has one, binding one (password again, then scan and confirm with the first
 * code) and, where the policy allows, removing it (password and a code). Under the required policy a staff account
 * keeps its factor; a lost phone is reset by the security admin.
 */
export function SecondFactorCard() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const status = useSecondFactorStatus();
  const start = useStartSecondFactorSetup();
  const confirm = useConfirmSecondFactorSetup();
  const remove = useRemoveSecondFactor();
  const codeRules = useOneTimeCodeRules();
  const [step, setStep] = useState<Step>('idle');
  const [setup, setSetup] = useState<SecondFactorChallenge | null>(null);
  const [form] = Form.useForm();

  // A field of this form (the password, the code) shows its error under it; anything else — the setup expired
  // (`challenge`), a conflict — as a message, with the form back at its start when the setup is gone.
  const showErrors = (error: unknown) => {
    const fields = fieldErrorsFor(error, locale).filter((f) => f.name === 'currentPassword' || f.name === 'code');
    if (fields.length) {
      form.setFields(fields);
      return;
    }
    void message.error(fieldErrorsFor(error, locale)[0]?.errors[0] ?? errorText(error));
    if (step === 'scan') {
      setStep('idle');
      setSetup(null);
      form.resetFields();
    }
  };
  const finish = (text: string) => {
    setStep('idle');
    setSetup(null);
    form.resetFields();
    void message.success(text);
  };

  const submit = (values: { currentPassword?: string; code?: string }) => {
    if (step === 'password') {
      start.mutate(
        { currentPassword: values.currentPassword ?? '' },
        {
          onSuccess: (challenge) => {
            setSetup(challenge);
            setStep('scan');
            form.resetFields();
          },
          onError: showErrors,
        },
      );
    } else if (step === 'scan' && setup) {
      confirm.mutate(
        { challenge: setup.challenge, code: values.code ?? '' },
        { onSuccess: () => finish(t('secondFactor.bound')), onError: showErrors },
      );
    } else if (step === 'remove') {
      remove.mutate(
        { currentPassword: values.currentPassword ?? '', code: values.code ?? '' },
        { onSuccess: () => finish(t('secondFactor.removed')), onError: showErrors },
      );
    }
  };

  const data = status.data;
  const cancel = (
    <Button
      onClick={() => {
        setStep('idle');
        setSetup(null);
        form.resetFields();
      }}
    >
      {t('common.cancel')}
    </Button>
  );

  return (
    <Card title={t('secondFactor.cardTitle')} data-testid="second-factor-card">
      {status.isPending ? <Skeleton active /> : null}
      {status.isError ? <Alert type="error" showIcon title={errorText(status.error)} /> : null}
      {data ? (
        <Space orientation="vertical" size="middle" className="full-width">
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'state',
                label: t('secondFactor.state'),
                children: data.enrolled ? (
                  <Tag color="green" data-testid="second-factor-state">
                    {t('secondFactor.enrolled')}
                  </Tag>
                ) : (
                  <Tag data-testid="second-factor-state">{t('secondFactor.notEnrolled')}</Tag>
                ),
              },
              ...(data.enrolledAt
                ? [{ key: 'at', label: t('secondFactor.enrolledAt'), children: formatDateTime(data.enrolledAt) }]
                : []),
              {
                key: 'policy',
                label: t('secondFactor.policy'),
                children: t(data.required ? 'secondFactor.policyRequired' : 'secondFactor.policyOptional'),
              },
            ]}
          />
          {step === 'idle' ? (
            data.enrolled ? (
              data.required ? (
                <Alert type="info" showIcon title={t('secondFactor.lostHelp')} />
              ) : (
                <Button danger onClick={() => setStep('remove')} data-testid="second-factor-remove">
                  {t('secondFactor.remove')}
                </Button>
              )
            ) : (
              <Button type="primary" onClick={() => setStep('password')} data-testid="second-factor-bind">
                {t('secondFactor.bind')}
              </Button>
            )
          ) : (
            <Form
              form={form}
              name="secondFactor"
              layout="vertical"
              onFinish={submit}
              requiredMark={false}
              className="account-form"
            >
              {step === 'scan' && setup?.enrolment ? <TotpEnrolmentPanel enrolment={setup.enrolment} /> : null}
              {step === 'password' || step === 'remove' ? (
                <Form.Item
                  name="currentPassword"
                  label={t('account.currentPassword')}
                  rules={[{ required: true, message: t('auth.passwordRequired') }]}
                >
                  <Input.Password autoComplete="current-password" autoFocus data-testid="second-factor-password" />
                </Form.Item>
              ) : null}
              {step === 'scan' || step === 'remove' ? (
                <Form.Item name="code" label={t('secondFactor.code')} rules={codeRules}>
                  <OneTimeCodeInput autoFocus={step === 'scan'} />
                </Form.Item>
              ) : null}
              <Space>
                <Button
                  type="primary"
                  danger={step === 'remove'}
                  htmlType="submit"
                  loading={start.isPending || confirm.isPending || remove.isPending}
                  data-testid="second-factor-submit"
                >
                  {t(
                    step === 'password'
                      ? 'common.next'
                      : step === 'scan'
                        ? 'secondFactor.confirmBind'
                        : 'secondFactor.remove',
                  )}
                </Button>
                {cancel}
              </Space>
            </Form>
          )}
        </Space>
      ) : null}
    </Card>
  );
}
