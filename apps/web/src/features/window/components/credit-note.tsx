import { Alert } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { ApplicationDetail } from '../../applications/api/applications.types.ts';

/** What the applicant's credit allows (green channel, 容缺, 告知承诺) and why, for the window's decision. */
export function CreditNote({ application }: { application: ApplicationDetail }) {
  const { t, locale } = useI18n();
  const credit = application.credit;
  if (!credit) return null;
  const reasons = locale === 'en-US' ? credit.reasonsEn : credit.reasons;
  const flags = [
    credit.greenChannel ? t('application.greenChannel') : null,
    credit.toleranceAllowed ? t('window.credit.tolerance') : null,
    credit.commitmentAllowed ? t('window.credit.commitment') : null,
    credit.badCredit ? t('window.credit.bad') : null,
  ].filter(Boolean);
  return (
    <Alert
      className="form-alert"
      type={credit.badCredit ? 'warning' : 'info'}
      showIcon
      title={`${t('window.credit.title')}：${flags.join(t('common.enumSeparator')) || t('common.none')}`}
      description={reasons.length > 0 ? reasons.join(t('common.listSeparator')) : undefined}
      data-testid="credit-note"
    />
  );
}
