import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { CreateUserModal } from '../components/create-user-modal.tsx';
import { UsersPanel } from '../components/users-panel.tsx';

/** 用户管理, the system administrator's landing page (accounts; no security settings, no audit). */
export function UserAdminPage() {
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title={t('users.title')}
      testId="workbench-sysAdmin"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
          {t('users.create')}
        </Button>
      }
    >
      <UsersPanel />
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
