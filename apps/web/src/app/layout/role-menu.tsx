import { Menu } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../auth/current-user.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { routesFor } from '../routes.tsx';

/** The menu of the signed-in user's role; `onNavigate` lets the phone drawer close itself. */
export function RoleMenu({ onNavigate }: { onNavigate?: () => void }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const routes = routesFor(me.role);
  // The longest route path that prefixes the current location is the active entry.
  const under = (prefix: string) =>
    location.pathname === prefix || location.pathname.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
  const selected = routes
    .filter((route) => under(route.path) || route.activeFor?.some(under))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <Menu
      mode="inline"
      className="role-menu"
      selectedKeys={selected ? [selected] : []}
      items={routes.map((route) => ({ key: route.path, icon: route.icon, label: t(route.labelKey) }))}
      onClick={({ key }) => {
        void navigate(key);
        onNavigate?.();
      }}
      data-testid="role-menu"
    />
  );
}
