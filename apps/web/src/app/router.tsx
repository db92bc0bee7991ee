import { createBrowserRouter, Navigate } from 'react-router-dom';
import { meQueryKey } from '../features/auth/api/auth.api.ts';
import { LoginPage } from '../features/auth/pages/login.page.tsx';
import { GuidesPage } from '../features/guides/pages/guides.page.tsx';
import { MatterGuidePage } from '../features/guides/pages/matter-guide.page.tsx';
import { StageGuidePage } from '../features/guides/pages/stage-guide.page.tsx';
import { LicenceVerifyPage } from '../features/licences/pages/licence-verify.page.tsx';
import { PublicLayout } from '../features/public/components/public-layout.tsx';
import { CodeLookupPage } from '../features/public/pages/code-lookup.page.tsx';
import { FilingsPage } from '../features/public/pages/filings.page.tsx';
import { PerformancePage } from '../features/public/pages/performance.page.tsx';
import { RegisterPage } from '../features/public/pages/register.page.tsx';
import { setPasswordChangeRequiredHandler, setUnauthorizedHandler } from './api/http.ts';
import { useCurrentUser } from './auth/current-user.tsx';
import { RequireAuth } from './auth/require-auth.tsx';
import { RoleGate } from './auth/role-gate.tsx';
import { markSessionExpired } from './auth/session-expiry.ts';
import { AppLayout } from './layout/app-layout.tsx';
import { NotFound } from './layout/not-found.tsx';
import { queryClient } from './query-client.ts';
import { APP_ROUTES, homePathFor } from './routes.tsx';

function RoleHome() {
  const me = useCurrentUser();
  return <Navigate to={homePathFor(me.role)} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // Open to anyone, signed in or not: registration, the code lookup the QR marks open, the 备案 public notice, 办事指南.
  {
    element: <PublicLayout />,
    children: [
      { path: '/register', element: <RegisterPage /> },
      { path: '/public/project-codes', element: <CodeLookupPage /> },
      { path: '/public/project-codes/:code', element: <CodeLookupPage /> },
      { path: '/public/filings', element: <FilingsPage /> },
      { path: '/public/performance', element: <PerformancePage /> },
      { path: '/public/licences', element: <LicenceVerifyPage /> },
      { path: '/public/licences/:number', element: <LicenceVerifyPage /> },
      { path: '/guides', element: <GuidesPage /> },
      { path: '/guides/stages/:code', element: <StageGuidePage /> },
      { path: '/guides/matters/:code', element: <MatterGuidePage /> },
    ],
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <RoleHome /> },
      ...APP_ROUTES.map((route) => ({
        path: route.path,
        element: <RoleGate roles={route.roles}>{route.element}</RoleGate>,
      })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

// Any 401 (session expired, idle timeout, revoked) ends the session in the UI too: back to /login, then back here.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (
    pathname === '/login' ||
    pathname === '/register' ||
    pathname.startsWith('/public/') ||
    pathname.startsWith('/guides')
  )
    return;
  markSessionExpired();
  queryClient.setQueryData(meQueryKey, null);
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  void router.navigate(`/login${next}`, { replace: true });
});

// A password that must be changed (it expired while signed in): the profile says so, and RequireAuth shows the
// change-password screen instead of the page.
setPasswordChangeRequiredHandler(() => void queryClient.invalidateQueries({ queryKey: meQueryKey }));
