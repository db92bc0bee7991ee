import { App, Button, Popconfirm, Tag } from 'antd';
import { useErrorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** 下架 of a published offering (a loan product, an agency's service): confirmed, then told; a withdrawn one says so. */
export function WithdrawAction({ active, onWithdraw }: { active: boolean; onWithdraw: () => Promise<unknown> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  if (!active) return <Tag>{t('finance.withdrawn')}</Tag>;
  return (
    <Popconfirm
      title={t('finance.withdrawConfirm')}
      okText={t('finance.withdraw')}
      cancelText={t('common.cancel')}
      onConfirm={() =>
        onWithdraw().then(
          () => message.success(t('finance.withdrawn')),
          (err: unknown) => message.error(errorText(err)),
        )
      }
    >
      <Button size="small" danger>
        {t('finance.withdraw')}
      </Button>
    </Popconfirm>
  );
}
