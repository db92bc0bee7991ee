import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { fileLinks } from '../../applications/api/applications.api.ts';
import { useLicence } from '../api/licences.api.ts';
import { LicenceActionModal, type LicenceActionKind } from './licence-action-modal.tsx';
import { LicenceStatusTag } from './licence-status-tag.tsx';

/**
 * The licence a case issued, its status, and for the issuing department's signers (签发) 撤销 and 延续. The server
 * checks the department and the licence type's rules again and its refusal shows in the modal.
 */
export function CaseLicence({ number }: { number: string }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const licence = useLicence(number);
  const [modal, setModal] = useState<LicenceActionKind | null>(null);
  const status = licence.data?.status;
  const canAct = me.role === 'department' && me.departmentSteps.includes('sign') && status === 'valid';
  const revoked = status === 'revoked';

  return (
    <>
      <Alert
        type={revoked ? 'error' : status === 'expired' ? 'warning' : 'success'}
        showIcon
        data-testid="case-licence"
        title={
          <Space wrap size={4}>
            <span>{t('licence.issuedTitle')}：</span>
            <a href={fileLinks.licencePdf(number)} target="_blank" rel="noreferrer" className="mono">
              {number}
            </a>
            {status ? <LicenceStatusTag status={status} testId="case-licence-status" /> : null}
            {licence.data ? (
              <span className="cell-sub">
                {t('licence.validUntil')}：{licence.data.validUntil ?? t('licence.noExpiry')}
                {licence.data.extensionsUsed > 0
                  ? ` · ${t('licence.action.extensionsUsed', { count: licence.data.extensionsUsed })}`
                  : ''}
              </span>
            ) : null}
          </Space>
        }
        description={
          revoked && licence.data?.revokedReason
            ? t('licence.action.revokedBecause', {
                date: licence.data.revokedOn ?? '',
                reason: licence.data.revokedReason,
              })
            : undefined
        }
        action={
          canAct ? (
            <Space wrap>
              <Button size="small" onClick={() => setModal('extend')} data-testid="licence-extend">
                {t('licence.action.extend')}
              </Button>
              <Button size="small" danger onClick={() => setModal('revoke')} data-testid="licence-revoke">
                {t('licence.action.revoke')}
              </Button>
            </Space>
          ) : null
        }
      />
      <LicenceActionModal number={number} kind={modal} onClose={() => setModal(null)} />
    </>
  );
}
