import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Layout } from 'antd';
import { Link } from 'react-router-dom';
import { NotificationBell } from '../../features/notifications/components/notification-bell.tsx';
import { useCurrentUser } from '../auth/current-user.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { homePathFor } from '../routes.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { UserBadge } from './user-badge.tsx';

interface AppHeaderProps {
  isDesktop: boolean;
  onOpenMenu: () => void;
  onLogout: () => void;
  loggingOut: boolean;
}

export function AppHeader({ isDesktop, onOpenMenu, onLogout, loggingOut }: AppHeaderProps) {
  const me = useCurrentUser();
  const { t } = useI18n();
  return (
    <Layout.Header className="app-header">
      {isDesktop ? null : (
        <Button
          type="text"
          className="header-button"
          icon={<MenuOutlined />}
          aria-label={t('app.menu')}
          onClick={onOpenMenu}
          data-testid="open-menu"
        />
      )}
      <Link to={homePathFor(me.role)} className="brand" data-testid="brand">
        <span className="brand-mark">{t('app.name')}</span>
        {isDesktop ? (
          <>
            <span className="brand-sep">·</span>
            <span className="brand-title">{t('app.subtitle')}</span>
          </>
        ) : null}
      </Link>
      <div className="header-right">
        <NotificationBell className="header-button" />
        <UserBadge compact={!isDesktop} />
        <LanguageSwitch className="header-button" short={!isDesktop} />
        <Button
          type="text"
          className="header-button"
          icon={<LogoutOutlined />}
          loading={loggingOut}
          onClick={onLogout}
          aria-label={t('auth.logout')}
          data-testid="logout"
        >
          {isDesktop ? t('auth.logout') : null}
        </Button>
      </div>
    </Layout.Header>
  );
}
