import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** The frame of the screens outside the workbench layout: sign-in, and the password change that must come first. */
export function AuthScreen({ testId, children }: { testId: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <main className="login-screen" data-testid={testId}>
      <LanguageSwitch className="login-language" />
      <div className="login-panel">
        <div className="login-brand">
          <div className="login-mark">{t('app.name')}</div>
          <Typography.Title level={3} className="login-title">
            {t('app.subtitle')}
          </Typography.Title>
        </div>
        {children}
      </div>
    </main>
  );
}
