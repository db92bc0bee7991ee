import { Alert, Card, Descriptions, Skeleton } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useSecurityPolicy } from '../api/security.api.ts';

/** 安全策略: read-only view of password, lockout and session settings (等保 8.1.4.1 a/b/d). */
export function SecurityPolicyPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const policy = useSecurityPolicy();
  return (
    <Page title={t('policy.title')} description={t('policy.readonly')} testId="security-policy">
      <Card>
        {policy.isPending ? <Skeleton active /> : null}
        {policy.isError ? <Alert type="error" showIcon title={errorText(policy.error)} /> : null}
        {policy.data ? (
          <Descriptions
            column={1}
            bordered
            items={[
              {
                key: 'passwordMinLength',
                label: t('policy.passwordMinLength'),
                children: t('policy.unit.chars', { n: policy.data.passwordMinLength }),
              },
              {
                key: 'maxFailedLogins',
                label: t('policy.maxFailedLogins'),
                children: t('policy.unit.times', { n: policy.data.maxFailedLogins }),
              },
              {
                key: 'lockoutMinutes',
                label: t('policy.lockoutMinutes'),
                children: t('policy.unit.minutes', { n: policy.data.lockoutMinutes }),
              },
              {
                key: 'sessionIdleMinutes',
                label: t('policy.sessionIdleMinutes'),
                children: t('policy.unit.minutes', { n: policy.data.sessionIdleMinutes }),
              },
              {
                key: 'sessionAbsoluteHours',
                label: t('policy.sessionAbsoluteHours'),
                children: t('policy.unit.hours', { n: policy.data.sessionAbsoluteHours }),
              },
              {
                key: 'passwordMaxAgeDays',
                label: t('policy.passwordMaxAgeDays'),
                children:
                  policy.data.passwordMaxAgeDays > 0
                    ? t('policy.unit.days', { n: policy.data.passwordMaxAgeDays })
                    : t('policy.passwordMaxAgeNone'),
              },
              {
                key: 'passwordHistoryCount',
                label: t('policy.passwordHistoryCount'),
                children:
                  policy.data.passwordHistoryCount > 0
                    ? t('policy.passwordHistory', { n: policy.data.passwordHistoryCount })
                    : t('policy.passwordHistoryNone'),
              },
              {
                key: 'passwordInitialMustChange',
                label: t('policy.passwordInitialMustChange'),
                children: t(policy.data.passwordInitialMustChange ? 'policy.yes' : 'policy.no'),
              },
              {
                key: 'accountInactiveDays',
                label: t('policy.accountInactiveDays'),
                children:
                  policy.data.accountInactiveDays > 0
                    ? t('policy.unit.days', { n: policy.data.accountInactiveDays })
                    : t('policy.accountInactiveNone'),
              },
              {
                key: 'staffSecondFactor',
                label: t('policy.staffSecondFactor'),
                children: t(
                  policy.data.staffSecondFactor === 'required'
                    ? 'policy.secondFactor.required'
                    : 'policy.secondFactor.optional',
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </Page>
  );
}
