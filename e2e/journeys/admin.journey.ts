import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { clickUntilShown, fieldError, pickSelectOption, pickTreeNode, popconfirmOk } from '../support/antd.ts';
import { totpCode, totpStep } from '../../apps/server/src/lib/totp.ts';
import type { JourneyContext } from '../support/journey.ts';
import { logInAs, logOut, submitLogin } from '../support/session.ts';

export const name = 'admin';

interface Department {
  id: string;
  name: string;
  kind: string;
  regionCode: string;
}
interface Region {
  code: string;
  name: string;
}

async function getJson<T>(ctx: JourneyContext, page: Page, path: string): Promise<T> {
  const response = await page.request.get(ctx.url(path), { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  assert.ok(response.ok(), `GET ${path} → ${response.status()}`);
  return (await response.json()) as T;
}

/** Types into the users search box and waits for the row of `username`. */
async function findUserRow(page: Page, username: string) {
  await page.getByTestId('users-search').fill(username);
  await page.getByTestId('users-search').press('Enter');
  const row = page.locator('tr.ant-table-row', { has: page.getByRole('cell', { name: username, exact: true }) });
  await row.waitFor({ state: 'visible' });
  return row;
}

/**
 * 三员分立 end to end: the system admin opens an account (server field errors land on the form), the new clerk signs
 * in and binds an authenticator, signs in again with a code, the security admin resets the authenticator, disables it and unlocks a locked-out applicant, and the audit admin finds it all in the trail
 * and verifies the chain.
 */
export async function run(ctx: JourneyContext): Promise<void> {
  const page = await ctx.newPage();
  const username = `e2e_${randomBytes(4).toString('hex')}`;
  const displayName = '端到端测试 窗口人员';
  const initialPassword = `Clerk-${randomBytes(6).toString('base64url')}-7x`;
  const password = `Own-${randomBytes(6).toString('base64url')}-8y`;

  // 1. sysAdmin: regions and departments, then a new window clerk.
  await logInAs(ctx, page, 'sysAdmin');
  await page.getByRole('menuitem', { name: '区划与部门' }).click();
  await page
    .getByTestId('regions-departments')
    .locator('.ant-tree-node-content-wrapper')
    .first()
    .waitFor({ state: 'visible' });
  await page.locator('tr.ant-table-row').first().waitFor({ state: 'visible' });
  ctx.log(`regions & departments: ${await ctx.screenshot(page, 'sysadmin-regions')}`);

  const { items: departments } = await getJson<{ items: Department[] }>(ctx, page, '/api/departments');
  const { items: regions } = await getJson<{ items: Region[] }>(ctx, page, '/api/regions');
  // A window clerk works at a 行政审批服务局: the last one listed (regions in path order) is a county's, whose short
  // department list the dropdown shows whole — the province's runs to a hundred options, and an option scrolled out
  // of antd's virtual list is not there to click (CI failed on it once).
  const department = departments.filter((candidate) => candidate.kind === 'approvalService').at(-1);
  assert.ok(department, 'the demo data has a 行政审批服务局');
  const region = regions.find((candidate) => candidate.code === department.regionCode);
  assert.ok(region, `the region ${department.regionCode} of ${department.name} is listed`);

  await page.getByRole('menuitem', { name: '用户管理' }).click();
  await page.getByTestId('create-user').click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#username').fill(username);
  await dialog.locator('#displayName').fill(displayName);
  await dialog.locator('#password').fill('onlylowercase'); // long enough, but one character class: refused
  await pickSelectOption(page, dialog.locator('#role'), '综合窗口');
  await pickTreeNode(page, dialog.locator('#regionCode'), region.name);
  await pickSelectOption(page, dialog.locator('#departmentId'), department.name);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  const passwordError = fieldError(dialog.locator('#password'));
  await passwordError.waitFor({ state: 'visible' });
  assert.match(await passwordError.innerText(), /密码/, 'the server password rule shows under the password field');
  ctx.log(`server field error on the form: ${await ctx.screenshot(page, 'sysadmin-create-user-error')}`);

  await dialog.locator('#password').fill(initialPassword);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  const createdRow = await findUserRow(page, username);
  assert.match(await createdRow.innerText(), /综合窗口/);
  ctx.log(`account created: ${await ctx.screenshot(page, 'sysadmin-user-created')}`);
  await logOut(page);

  // 2. The new clerk signs in to the window workbench, and binds an authenticator from 账户安全 (its name in the
  //    header): the password again, then the key (read off the page, as an app would scan it) and its first code.
  //    Its first sign-in asks it to replace the initial password the system admin chose (等保 8.1.4.1 a); nothing else
  //    opens until it does.
  await submitLogin(ctx, page, username, initialPassword);
  const changeDue = page.getByTestId('password-change-due');
  await changeDue.waitFor({ state: 'visible' });
  await changeDue.locator('#passwordChange_currentPassword').fill(initialPassword);
  await changeDue.locator('#passwordChange_newPassword').fill('Qwer1234'); // a common password: refused by the server, on the field
  await changeDue.locator('#passwordChange_confirmPassword').fill('Qwer1234');
  await changeDue.getByRole('button', { name: '修改密码' }).click();
  await fieldError(changeDue.locator('#passwordChange_newPassword'))
    .getByText('过于常见')
    .waitFor({ state: 'visible' });
  ctx.log(`initial password must change: ${await ctx.screenshot(page, 'clerk-initial-password')}`);
  await changeDue.locator('#passwordChange_newPassword').fill(password);
  await changeDue.locator('#passwordChange_confirmPassword').fill(password);
  await changeDue.getByRole('button', { name: '修改密码' }).click();
  await page.getByTestId('workbench-window').waitFor({ state: 'visible' });
  assert.equal((await page.getByTestId('current-user-name').innerText()).trim(), displayName);
  await page.getByTestId('open-account').click();
  const secondFactorCard = page.getByTestId('second-factor-card');
  await secondFactorCard.getByTestId('second-factor-bind').click();
  await secondFactorCard.getByTestId('second-factor-password').fill(password);
  await secondFactorCard.getByTestId('second-factor-submit').click();
  const secret = (await secondFactorCard.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  ctx.log(`authenticator key shown: ${await ctx.screenshot(page, 'clerk-bind-authenticator')}`);
  await secondFactorCard.getByTestId('one-time-code').fill(totpCode(secret, totpStep(new Date())));
  await secondFactorCard.getByTestId('second-factor-submit').click();
  await secondFactorCard.getByTestId('second-factor-state').getByText('已绑定').waitFor({ state: 'visible' });
  // 登录设备 lists this browser, marked 本机.
  await page.getByTestId('sessions-card').getByTestId('session-current').getByText('本机').waitFor();
  ctx.log(`authenticator bound: ${await ctx.screenshot(page, 'clerk-account-security')}`);
  await logOut(page);

  // 2b. From now on the password alone opens nothing: the code step follows it. A code works once, so this sign-in
  //     waits for the authenticator's next code (up to 30 s), as a clerk signing in again at once would.
  const usedStep = totpStep(new Date());
  await submitLogin(ctx, page, username, password);
  await page.getByTestId('second-factor-step').waitFor({ state: 'visible' });
  ctx.log(`code asked after the password: ${await ctx.screenshot(page, 'clerk-code-step')}`);
  while (totpStep(new Date()) <= usedStep) await page.waitForTimeout(500);
  await page.getByTestId('one-time-code').fill(totpCode(secret, totpStep(new Date())));
  await page.getByTestId('second-factor-submit').click();
  await page.getByTestId('workbench-window').waitFor({ state: 'visible' });
  await logOut(page);

  // 3. secAdmin reads the policy, resets the clerk's authenticator (a lost phone) and disables the account.
  await logInAs(ctx, page, 'secAdmin');
  const policy = await getJson<{ maxFailedLogins: number }>(ctx, page, '/api/security/policy');
  const row = await findUserRow(page, username);
  await row.getByText('已绑定').waitFor({ state: 'visible' });
  await row.getByTestId(`reset-second-factor-${username}`).click();
  await clickUntilShown(
    popconfirmOk(page),
    page.getByText('已重置动态口令'),
    'the 重置口令 confirmation → its message',
  );
  await row.getByText('已绑定').waitFor({ state: 'detached' });
  ctx.log(`authenticator reset: ${await ctx.screenshot(page, 'secadmin-reset-second-factor')}`);
  await row.getByTestId(`disable-${username}`).click();
  await clickUntilShown(popconfirmOk(page), row.getByText('已停用'), 'the 停用 confirmation → 已停用');
  ctx.log(`account disabled: ${await ctx.screenshot(page, 'secadmin-disabled')}`);
  await page.getByRole('menuitem', { name: '安全策略' }).click();
  await page.getByTestId('security-policy').getByText('连续登录失败锁定阈值').waitFor({ state: 'visible' });
  ctx.log(`security policy: ${await ctx.screenshot(page, 'secadmin-policy')}`);
  await logOut(page);

  // 4. The disabled account cannot sign in.
  await submitLogin(ctx, page, username, password);
  await page.getByTestId('login-error').waitFor({ state: 'visible' });
  ctx.log(`disabled account refused: ${await ctx.screenshot(page, 'disabled-login-refused')}`);

  // 5. Lockout: after maxFailedLogins wrong passwords even the right one is refused, with the unlock time shown.
  for (let attempt = 0; attempt < policy.maxFailedLogins; attempt += 1) {
    await submitLogin(ctx, page, 'applicant', `wrong-${attempt}`);
    await page.getByTestId('login-error').waitFor({ state: 'visible' });
  }
  await submitLogin(ctx, page, 'applicant', ctx.demoPassword);
  const lockError = page.getByTestId('login-error');
  await lockError.getByText('解锁时间').waitFor({ state: 'visible' });
  ctx.log(`lockout: ${await ctx.screenshot(page, 'applicant-locked')}`);

  // 6. secAdmin unlocks; the applicant gets in again.
  await logInAs(ctx, page, 'secAdmin');
  const lockedRow = await findUserRow(page, 'applicant');
  await lockedRow.getByText('已锁定').waitFor({ state: 'visible' });
  await lockedRow.getByTestId('unlock-applicant').click();
  await lockedRow.getByText('正常').waitFor({ state: 'visible' });
  ctx.log(`unlocked: ${await ctx.screenshot(page, 'secadmin-unlocked')}`);
  await logOut(page);
  await logInAs(ctx, page, 'applicant');
  await logOut(page);

  // 7. auditAdmin finds the account creation with its after-image and verifies the chain.
  await logInAs(ctx, page, 'auditAdmin');
  // Typed, as a user finds one action among fifty: antd renders only the options scrolled into view.
  await page.getByTestId('audit-action-filter').click();
  await page.keyboard.type('user.created');
  await pickSelectOption(page, page.getByTestId('audit-action-filter'), '开设账号 · user.created');
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const createdEvent = page.locator('tr.ant-table-row', { hasText: 'user.created' }).first();
  await createdEvent.waitFor({ state: 'visible' });
  await createdEvent.getByRole('button', { name: /详\s*情/ }).click();
  await page.locator('.json-block', { hasText: `"username": "${username}"` }).waitFor({ state: 'visible' });
  ctx.log(`audit detail: ${await ctx.screenshot(page, 'audit-detail')}`);
  await page.keyboard.press('Escape');
  // The filtered trail as a CSV file for the periodic review (the export is itself audited).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  assert.match(download.suggestedFilename(), /^审计日志-\d{4}-\d{2}-\d{2}\.csv$/);
  const auditCsv = readFileSync(await download.path(), 'utf8');
  assert.ok(auditCsv.startsWith('\uFEFF序号,时间（北京时间）,操作人,'), auditCsv.slice(0, 60));
  assert.ok(auditCsv.includes(username), 'the user.created row of the new account is in the file');
  await page.getByRole('menuitem', { name: '完整性校验' }).click();
  await page.getByTestId('verify-run').click();
  await page.getByTestId('verify-ok').waitFor({ state: 'visible' });
  ctx.log(`audit chain verified: ${await ctx.screenshot(page, 'audit-verify')}`);
  await logOut(page);

  // 8. A session that ends on the server (here: the cookie is gone) sends the next API call's 401 to the login page,
  //    which brings the user back to where they were.
  await logInAs(ctx, page, 'secAdmin');
  await page.context().clearCookies();
  await page.getByRole('menuitem', { name: '安全策略' }).click();
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/security/policy');
  await page.getByText('登录已失效，请重新登录').waitFor({ state: 'visible' });
  ctx.log(`session expired: ${await ctx.screenshot(page, 'session-expired')}`);
  await page.getByTestId('login-username').fill('secAdmin');
  await page.getByTestId('login-password').fill(ctx.demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('security-policy').waitFor({ state: 'visible' });
  await logOut(page);
}
