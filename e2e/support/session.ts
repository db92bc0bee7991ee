import type { Page } from 'playwright-core';
import type { JourneyContext } from './journey.ts';

/** Fills the login form and submits it; does not wait for the result. */
export async function submitLogin(ctx: JourneyContext, page: Page, username: string, password: string) {
  await page.goto(ctx.url('/login'));
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in and waits for the role's workbench. */
export async function logInAs(ctx: JourneyContext, page: Page, username: string, role = username) {
  await submitLogin(ctx, page, username, ctx.demoPassword);
  await page.getByTestId(`workbench-${role}`).waitFor({ state: 'visible' });
}

/** Clicks 退出登录 and waits for the login page. */
export async function logOut(page: Page) {
  await page.getByTestId('logout').click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByTestId('login-page').waitFor({ state: 'visible' });
}

/** GET /api/auth/me with the page's cookies: the user, or the HTTP status when there is none. */
export async function currentUser(ctx: JourneyContext, page: Page) {
  const response = await page.request.get(ctx.url('/api/auth/me'), {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok()) return { status: response.status(), user: null };
  return { status: response.status(), user: (await response.json()) as { displayName: string; role: string } };
}
