import assert from 'node:assert/strict';
import type { JourneyContext } from '../support/journey.ts';
import { currentUser, logInAs, logOut, submitLogin } from '../support/session.ts';

export const name = 'roles';

const ROLES = [
  'applicant',
  'agent',
  'window',
  'department',
  'supervisor',
  'bank',
  'intermediary',
  'sysAdmin',
  'secAdmin',
  'auditAdmin',
] as const;

/** Each demo role signs in, lands on its own workbench with its name in the header, and signs out again. */
export async function run(ctx: JourneyContext): Promise<void> {
  const page = await ctx.newPage();

  // A wrong password shows the server's message (in Chinese by default) and lets nobody in.
  await submitLogin(ctx, page, 'applicant', `${ctx.demoPassword}-wrong`);
  const loginError = page.getByTestId('login-error');
  await loginError.waitFor({ state: 'visible' });
  assert.match(await loginError.innerText(), /\p{Script=Han}/u, 'the login error is shown in Chinese');
  ctx.log(`wrong password refused: ${await ctx.screenshot(page, 'login-wrong-password')}`);

  for (const role of ROLES) {
    await logInAs(ctx, page, role);
    const me = await currentUser(ctx, page);
    assert.equal(me.user?.role, role, `${role} is signed in as that role`);
    assert.equal(
      (await page.getByTestId('current-user-name').innerText()).trim(),
      me.user.displayName,
      `${role}: the header shows the display name`,
    );
    ctx.log(`${role} → ${me.user.displayName}: ${await ctx.screenshot(page, role)}`);

    if (role === 'applicant') {
      // The language switch turns the menu English and back; the choice survives a reload.
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: 'My projects' }).waitFor({ state: 'visible' });
      await page.reload();
      await page.getByRole('menuitem', { name: 'My projects' }).waitFor({ state: 'visible' });
      ctx.log(`English menu: ${await ctx.screenshot(page, 'applicant-english')}`);
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: '我的项目' }).waitFor({ state: 'visible' });
    }

    await logOut(page);
    assert.equal((await currentUser(ctx, page)).status, 401, `${role}: the session is gone after logout`);
  }
  ctx.log(`after logout: ${await ctx.screenshot(page, 'logged-out')}`);

  // The applicant portal on a phone: no sideways scrolling, menu in a drawer.
  const phone = await ctx.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  await logInAs(ctx, phone, 'applicant');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the applicant home fits 375 px (overflows by ${overflow} px)`);
  assert.equal(
    (await phone.getByTestId('current-user-name').innerText()).trim(),
    (await currentUser(ctx, phone)).user?.displayName,
    'the phone header shows the display name',
  );
  ctx.log(`applicant at 375×812: ${await ctx.screenshot(phone, 'applicant-375')}`);
  await phone.getByTestId('open-menu').click();
  await phone.getByRole('menuitem', { name: '我要办' }).waitFor({ state: 'visible' });
  ctx.log(`phone menu: ${await ctx.screenshot(phone, 'applicant-375-menu')}`);
  await phone.getByRole('menuitem', { name: '我的项目' }).click();
  // The demo enterprise has a filed project and a draft (apps/server seed), shown as cards on a phone.
  await phone.getByTestId('my-projects-cards').getByTestId('project-card').first().waitFor({ state: 'visible' });
  const projectsOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(projectsOverflow <= 0, `我的项目 fits 375 px (overflows by ${projectsOverflow} px)`);
  ctx.log(`phone 我的项目: ${await ctx.screenshot(phone, 'applicant-375-projects')}`);
  await logOut(phone);
}
