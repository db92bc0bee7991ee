import { Drawer, Layout } from 'antd';
import { useState } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { useLogout } from '../../features/auth/api/auth.api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { AppHeader } from './app-header.tsx';
import { RoleMenu } from './role-menu.tsx';
import { useIsDesktop } from './use-is-desktop.ts';
import { UserBadge } from './user-badge.tsx';

/** Header + role menu (side bar on desktop, drawer on a phone) + the page. */
export function AppLayout() {
  const isDesktop = useIsDesktop();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { t } = useI18n();
  const navigate = useNavigate();
  const logout = useLogout();

  const handleLogout = () => {
    logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) });
  };

  return (
    <Layout className="app-shell">
      <AppHeader
        isDesktop={isDesktop}
        onOpenMenu={() => setDrawerOpen(true)}
        onLogout={handleLogout}
        loggingOut={logout.isPending}
      />
      <Layout>
        {isDesktop ? (
          <Layout.Sider width={220} theme="light" className="app-sider">
            <RoleMenu />
          </Layout.Sider>
        ) : (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={260}
            title={t('app.name')}
            className="menu-drawer"
            styles={{ body: { padding: 0 } }}
          >
            <div className="drawer-user">
              <UserBadge />
            </div>
            <RoleMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
