import { Card, Empty } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';

/** 我的项目: empty until the projects module exists; no sample rows. */
export function MyProjectsPage() {
  const { t } = useI18n();
  return (
    <Page title={t('menu.myProjects')} testId="my-projects">
      <Card>
        <Empty description={t('portal.myProjects.empty')}>{t('portal.myProjects.hint')}</Empty>
      </Card>
    </Page>
  );
}
