import { Card } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { ApplicationInboxTable } from '../components/application-inbox-table.tsx';

/** 综合窗口: receives stage applications (受理 / 补正 / 不予受理). */
export function WindowWorkbenchPage() {
  const { t } = useI18n();
  return (
    <Page title={t('window.title')} testId="workbench-window">
      <Card title={t('window.inbox')}>
        <ApplicationInboxTable rows={[]} />
      </Card>
    </Page>
  );
}
