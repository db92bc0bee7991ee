import { RollbackOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useWithdrawApplication } from '../api/applications.api.ts';
import type { ApplicationStatus } from '../api/applications.types.ts';

/** States from which the applicant may still withdraw (before 受理). */
export const WITHDRAWABLE: readonly ApplicationStatus[] = ['draft', 'submitted', 'correctionRequested'];

/** 撤回申请, confirmed first; the server's refusal (e.g. accepted meanwhile) is reported. */
export function WithdrawButton({
  applicationId,
  disabled,
  onError,
}: {
  applicationId: string;
  disabled?: boolean;
  onError: (text: string | null) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const withdraw = useWithdrawApplication(applicationId);
  return (
    <Popconfirm
      title={t('application.withdrawConfirmTitle')}
      description={t('application.withdrawConfirm')}
      okText={t('application.withdraw')}
      cancelText={t('common.cancel')}
      okButtonProps={
        { danger: true, loading: withdraw.isPending, 'data-testid': 'application-withdraw-confirm' } as never
      }
      onConfirm={() => {
        onError(null);
        return withdraw
          .mutateAsync()
          .then(() => void message.success(t('application.withdrawn')))
          .catch((err: unknown) => onError(errorText(err)));
      }}
    >
      <Button danger icon={<RollbackOutlined />} disabled={disabled ?? false} data-testid="application-withdraw">
        {t('application.withdraw')}
      </Button>
    </Popconfirm>
  );
}
