import { Card, Empty, Tabs } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';

/** 发改 / 监管 / 督查: deadlines, 督办 and warnings; filled once the supervision module lands. */
export function SupervisorWorkbenchPage() {
  const { t } = useI18n();
  return (
    <Page title={t('supervisor.title')} testId="workbench-supervisor">
      <Card>
        <Tabs
          items={[
            { key: 'urge', label: t('supervisor.urge'), children: <Empty description={t('supervisor.urgeEmpty')} /> },
            {
              key: 'warning',
              label: t('supervisor.warning'),
              children: <Empty description={t('supervisor.warningEmpty')} />,
            },
          ]}
        />
      </Card>
    </Page>
  );
}
