import { Input, Space, Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { TotpEnrolment } from '../api/auth.api.ts';

/**
 * A new key to put into an authenticator app: the QR code to scan, and the key in groups of four to type where a
 * camera is not at hand (a phone that is itself the screen showing the code).
 */
export function TotpEnrolmentPanel({ enrolment }: { enrolment: TotpEnrolment }) {
  const { t } = useI18n();
  const grouped = enrolment.secret.match(/.{1,4}/g)?.join(' ') ?? enrolment.secret;
  return (
    <div className="totp-enrolment" data-testid="totp-enrolment">
      <Typography.Paragraph>{t('secondFactor.enrolSteps')}</Typography.Paragraph>
      <img
        className="totp-qr"
        src={`data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`}
        alt={t('secondFactor.qrAlt')}
        width={180}
        height={180}
      />
      <Space orientation="vertical" size={4} className="totp-secret">
        <Typography.Text type="secondary">{t('secondFactor.secretLabel')}</Typography.Text>
        <Typography.Text code copyable={{ text: enrolment.secret }} data-testid="totp-secret">
          {grouped}
        </Typography.Text>
      </Space>
    </div>
  );
}

/** The six-digit code, with the keyboard and autofill a phone offers for one-time codes. */
export function OneTimeCodeInput(props: { value?: string; onChange?: (value: string) => void; autoFocus?: boolean }) {
  const { t } = useI18n();
  return (
    <Input
      value={props.value}
      onChange={(event) => props.onChange?.(event.target.value.replace(/\D/g, '').slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      placeholder={t('secondFactor.codePlaceholder')}
      autoFocus={props.autoFocus}
      className="one-time-code"
      data-testid="one-time-code"
    />
  );
}

/** Form rule: exactly six digits. */
export function useOneTimeCodeRules() {
  const { t } = useI18n();
  return [
    { required: true, message: t('secondFactor.codeRequired') },
    { pattern: /^\d{6}$/, message: t('secondFactor.codeFormat') },
  ];
}
