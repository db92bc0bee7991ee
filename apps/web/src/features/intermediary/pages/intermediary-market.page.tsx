import { Card, Empty } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';

/** 中介超市, the intermediary agency's workbench. */
export function IntermediaryMarketPage() {
  const { t } = useI18n();
  return (
    <Page title={t('intermediary.title')} description={t('intermediary.desc')} testId="workbench-intermediary">
      <Card>
        <Empty description={t('intermediary.empty')} />
      </Card>
    </Page>
  );
}
