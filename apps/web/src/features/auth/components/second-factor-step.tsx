import { SafetyOutlined } from '@ant-design/icons';
import { Button, Form, Typography } from 'antd';
import { ApiError } from '../../../app/api/http.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useCompleteSignIn, type Me, type SecondFactorChallenge } from '../api/auth.api.ts';
import { SignInError } from './sign-in-error.tsx';
import { OneTimeCodeInput, TotpEnrolmentPanel, useOneTimeCodeRules } from './totp-enrolment.tsx';

/**
 * Sign-in, step two (等保 8.1.4.1 d): the code from the authenticator app, after a right password. A staff account
 * signing in for the first time under the required policy binds its app here: scan, then type the first code.
 */
export function SecondFactorStep({
  challenge,
  onSuccess,
  onRestart,
}: {
  challenge: SecondFactorChallenge;
  onSuccess: (me: Me) => void;
  onRestart: () => void;
}) {
  const { t } = useI18n();
  const complete = useCompleteSignIn();
  const codeRules = useOneTimeCodeRules();
  const error = complete.error instanceof ApiError ? complete.error : null;
  // Expired, used up, or the account locked: this challenge is over, only a new sign-in helps.
  const over = error !== null && (error.code === 'AUTH_CHALLENGE_EXPIRED' || error.status === 423);

  return (
    <Form<{ code: string }>
      layout="vertical"
      size="large"
      requiredMark={false}
      onFinish={({ code }) =>
        complete.mutate({ challenge: challenge.challenge, code }, { onSuccess: (data) => onSuccess(data.user) })
      }
      data-testid="second-factor-step"
    >
      <Typography.Title level={5} className="second-factor-title">
        <SafetyOutlined /> {t(challenge.secondFactor === 'enrol' ? 'secondFactor.enrolTitle' : 'secondFactor.title')}
      </Typography.Title>
      {challenge.enrolment ? (
        <>
          <Typography.Paragraph type="secondary">{t('secondFactor.enrolRequired')}</Typography.Paragraph>
          <TotpEnrolmentPanel enrolment={challenge.enrolment} />
        </>
      ) : (
        <Typography.Paragraph type="secondary">{t('secondFactor.prompt')}</Typography.Paragraph>
      )}
      {complete.isError ? <SignInError error={complete.error} /> : null}
      {over ? null : (
        <>
          <Form.Item name="code" label={t('secondFactor.code')} rules={codeRules}>
            <OneTimeCodeInput autoFocus />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={complete.isPending}
            data-testid="second-factor-submit"
          >
            {t(challenge.secondFactor === 'enrol' ? 'secondFactor.bindAndLogin' : 'auth.login')}
          </Button>
        </>
      )}
      <Button type="link" block onClick={onRestart} data-testid="second-factor-restart">
        {t('secondFactor.restart')}
      </Button>
      <Typography.Paragraph type="secondary" className="second-factor-help">
        {t('secondFactor.lostHelp')}
      </Typography.Paragraph>
    </Form>
  );
}
