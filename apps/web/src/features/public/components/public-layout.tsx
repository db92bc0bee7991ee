import { LoginOutlined } from '@ant-design/icons';
import { Button, Layout } from 'antd';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { LanguageSwitch } from '../../../app/layout/language-switch.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { useMe } from '../../auth/api/auth.api.ts';

/** The frame of the pages anyone may open: brand, 核验 / 公示 / 按时办结 / 办事指南 / 注册, language, and 登录 (or back to the workbench). */
export function PublicLayout() {
  const { t } = useI18n();
  const isDesktop = useIsDesktop();
  const me = useMe();
  const signedIn = Boolean(me.data);
  return (
    <Layout className="public-shell">
      <Layout.Header className="app-header public-header">
        <Link to="/public/project-codes" className="brand" data-testid="brand">
          <span className="brand-mark">{t('app.name')}</span>
          {isDesktop ? (
            <>
              <span className="brand-sep">·</span>
              <span className="brand-title">{t('app.subtitle')}</span>
            </>
          ) : null}
        </Link>
        <div className="header-right">
          <LanguageSwitch className="header-button" short={!isDesktop} />
          <Link to={signedIn ? '/' : '/login'} data-testid="public-login">
            <Button type="text" className="header-button" icon={<LoginOutlined />}>
              {signedIn ? t('public.backToWork') : t('auth.login')}
            </Button>
          </Link>
        </div>
      </Layout.Header>
      <nav className="public-nav" aria-label={t('app.menu')}>
        <NavLink to="/public/project-codes" data-testid="nav-lookup">
          {t('public.lookup.title')}
        </NavLink>
        <NavLink to="/public/filings" data-testid="nav-filings">
          {t('public.filings.title')}
        </NavLink>
        <NavLink to="/public/performance" data-testid="nav-performance">
          {t('performance.nav')}
        </NavLink>
        <NavLink to="/guides" data-testid="nav-guides">
          {t('guide.title')}
        </NavLink>
        {signedIn ? null : (
          <NavLink to="/register" data-testid="nav-register">
            {t('register.title')}
          </NavLink>
        )}
      </nav>
      <Layout.Content className="public-content">
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="public-footer">{t('app.fullName')}</Layout.Footer>
    </Layout>
  );
}
