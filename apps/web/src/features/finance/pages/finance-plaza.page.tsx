import { Card, Empty } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';

/** 金融广场, the bank's workbench. */
export function FinancePlazaPage() {
  const { t } = useI18n();
  return (
    <Page title={t('bank.title')} description={t('bank.desc')} testId="workbench-bank">
      <Card>
        <Empty description={t('bank.empty')} />
      </Card>
    </Page>
  );
}
