import { Tag } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { LicenceStatus } from '../api/licences.api.ts';

const COLORS: Record<LicenceStatus, string> = { valid: 'success', revoked: 'error', expired: 'default' };

export function LicenceStatusTag({ status, testId }: { status: LicenceStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid={testId} data-status={status}>
      {t(`licence.status.${status}`)}
    </Tag>
  );
}
