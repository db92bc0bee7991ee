import { Alert } from 'antd';
import { ApiError } from '../../../app/api/http.ts';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';

/** Why a sign-in step was refused, in the UI language; a lock also says until when. */
export function SignInError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const lockedUntil = error instanceof ApiError ? error.body?.lockedUntil : undefined;
  return (
    <Alert
      type="error"
      showIcon
      className="form-alert"
      title={errorText(error)}
      description={lockedUntil ? t('auth.lockedUntil', { time: formatDateTime(lockedUntil) }) : undefined}
      data-testid="login-error"
    />
  );
}
