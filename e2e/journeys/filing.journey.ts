import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCreditCodeCheckChar, computeOrgCodeCheckChar, parseProjectCode } from '@yiwang/domain';
import type { Page } from 'playwright-core';
import { fieldError, pickSelectOption, pickTreeNode, popconfirmOk } from '../support/antd.ts';
import type { JourneyContext } from '../support/journey.ts';
import { logInAs } from '../support/session.ts';

export const name = 'filing';

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;

/**
 * A made-up 统一社会信用代码 that passes GB 32100 and the embedded GB 11714 check: 9 (工商) 1 (企业), 鹿城区 330302, a random
 * 8-digit organisation body, its check character, then the overall check character. Not a real company's code.
 */
function madeUpCreditCode(): string {
  const body = String(randomInt(10_000_000, 100_000_000));
  const first17 = `91330302${body}${computeOrgCodeCheckChar(body)}`;
  return first17 + computeCreditCodeCheckChar(first17);
}

/** The same code with its check character changed: refused by the GB 32100 check. */
function withWrongCheck(code: string): string {
  const last = code.at(-1);
  return code.slice(0, -1) + (last === '1' ? '2' : '1');
}

async function overflowOf(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Types a date into an antd DatePicker and confirms it. */
async function fillDate(page: Page, id: string, date: string) {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function logIn(ctx: JourneyContext, page: Page, username: string, password: string) {
  await page.goto(ctx.url('/login'));
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workbench-applicant').waitFor({ state: 'visible' });
}

/**
 * Issue 3 §8: an enterprise registers, creates a 备案 project through the wizard, gets a valid code, downloads the 备案证明,
 * and the public lookup of that code (logged out) shows the project as 有效.
 */
export async function run(ctx: JourneyContext): Promise<void> {
  const suffix = randomBytes(3).toString('hex');
  const creditCode = madeUpCreditCode();
  const username = `e2e_${suffix}`;
  const password = `Yw-${randomBytes(6).toString('base64url')}-9a`;
  const enterpriseName = `瓯海测试科技有限公司 ${suffix}（测试）`;
  const projectName = `智能仓储物流中心建设项目 ${suffix}`;
  const page = await ctx.newPage();

  // 1. From the login page to 企业注册.
  await page.goto(ctx.url('/login'));
  await page.getByTestId('link-register').click();
  await page.getByTestId('register-page').waitFor({ state: 'visible' });

  // A wrong check character is refused inline, before anything is sent.
  await page.locator('#creditCode').fill(withWrongCheck(creditCode));
  await page.locator('#name').click();
  const creditError = fieldError(page.locator('#creditCode'));
  await creditError.waitFor({ state: 'visible' });
  assert.match(
    await creditError.innerText(),
    /校验码/,
    'a wrong credit code is refused with the check-character reason',
  );
  ctx.log(`credit code refused inline: ${await ctx.screenshot(page, 'register-wrong-credit-code')}`);

  await page.locator('#creditCode').fill(creditCode.toLowerCase()); // lower case is accepted and upper-cased
  await page.locator('#name').fill(enterpriseName);
  await page.locator('#legalRepresentative').fill('王测试');
  await pickTreeNode(page, page.locator('#regionCode'), '瓯海区');
  await page.locator('#address').fill('温州市瓯海区测试路 8 号');
  await page.locator('#contactName').fill('李联系');
  await page.locator('#contactPhone').fill('13912345678');
  await page.locator('#contactIdNumber').fill('11010519491231002X'); // a published sample number, not a person's
  // A username that is taken: the server's 409 lands under the username field.
  await page.locator('#account_username').fill('applicant');
  await page.locator('#account_displayName').fill('李联系');
  await page.locator('#account_password').fill(password);
  await page.locator('#confirmPassword').fill(password);
  await page.getByTestId('reg-submit').click();
  const usernameError = fieldError(page.locator('#account_username'));
  await usernameError.waitFor({ state: 'visible' });
  assert.match(await usernameError.innerText(), /用户名/, 'the server says the username is taken, on the field');
  ctx.log(`server field error on the form: ${await ctx.screenshot(page, 'register-username-taken')}`);

  await page.locator('#account_username').fill(username);
  await page.getByTestId('reg-submit').click();
  await page.getByTestId('register-done').waitFor({ state: 'visible' });
  ctx.log(`registered ${creditCode} as ${username}: ${await ctx.screenshot(page, 'registered')}`);

  // 2. Sign in and open 我要办 → 新建项目.
  await page.getByTestId('register-go-login').click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('workbench-applicant').waitFor({ state: 'visible' });
  await page.getByRole('menuitem', { name: '我要办' }).click();
  await page.getByTestId('start-new-project').click();
  await page.getByTestId('project-wizard').waitFor({ state: 'visible' });
  await page.getByTestId('wizard-enterprise').getByText(enterpriseName).waitFor({ state: 'visible' });

  // Step 1: basics. 下一步 saves the draft.
  await page.locator('#name').fill(projectName);
  ctx.log(`wizard step 1: ${await ctx.screenshot(page, 'wizard-1-basic')}`);
  await page.getByTestId('wizard-next').click();

  // Step 2: site and content; the end before the start is refused inline.
  await page.getByTestId('wizard-step-1').waitFor({ state: 'visible' });
  await pickTreeNode(page, page.locator('#regionCode'), '瓯海区');
  await page.locator('#address').fill('温州市瓯海区娄桥工业园 12 号');
  await page
    .locator('#scaleAndContent')
    .fill('新建智能立体仓库 2.4 万平方米，购置自动分拣线 4 条及仓储管理系统，年吞吐量 60 万吨。');
  await fillDate(page, 'plannedStart', '2027-04-01');
  await fillDate(page, 'plannedEnd', '2026-12-31');
  const endError = fieldError(page.locator('#plannedEnd'));
  await endError.waitFor({ state: 'visible' });
  assert.match(await endError.innerText(), /竣工/, 'an end before the start is refused inline');
  await fillDate(page, 'plannedEnd', '2028-09-30');
  await endError.waitFor({ state: 'hidden' });
  ctx.log(`wizard step 2: ${await ctx.screenshot(page, 'wizard-2-site')}`);
  await page.getByTestId('wizard-next').click();

  // Step 3: investment; fund sources must add up to the total (checked as you type).
  await page.getByTestId('wizard-step-2').waitFor({ state: 'visible' });
  await page.locator('#totalInvestment').fill('5200.5');
  await page.getByTestId('add-fund-source').click();
  await page.locator('#fundSources_0_amount').fill('4000');
  await page.getByTestId('add-fund-source').click();
  await pickSelectOption(page, page.locator('#fundSources_1_kind'), '银行贷款');
  await page.locator('#fundSources_1_amount').fill('1000');
  const mismatch = page.getByTestId('fund-sources').locator('.ant-form-item-explain-error');
  await mismatch.first().waitFor({ state: 'visible' });
  assert.match(await mismatch.first().innerText(), /不一致/, 'a sum different from the total is shown at once');
  ctx.log(`fund sources do not add up: ${await ctx.screenshot(page, 'wizard-3-sum-mismatch')}`);
  await page.locator('#fundSources_1_amount').fill('1200.5');
  await mismatch.first().waitFor({ state: 'hidden' });
  await page.getByTestId('wizard-next').click();

  // Step 4: industry and type; the suggestion (备案) and its reason appear live.
  await page.getByTestId('wizard-step-3').waitFor({ state: 'visible' });
  await page.getByTestId('wizard-step-3').getByText('企业投资', { exact: true }).click();
  await page.locator('#industryCode').fill('g5920'); // upper-cased as typed: 通用仓储
  await pickSelectOption(page, page.locator('#projectType'), '01 基本建设');
  const suggestion = page.getByTestId('wizard-step-3').getByTestId('procedure-suggestion');
  await suggestion.and(page.locator('[data-procedure="filing"]')).waitFor({ state: 'visible' });
  assert.match(await suggestion.innerText(), /备案/, 'the suggestion says 备案 and why');
  ctx.log(`procedure suggested: ${await ctx.screenshot(page, 'wizard-4-industry')}`);
  await page.getByTestId('wizard-next').click();

  // Step 5: confirm and declare; submitting without the statement is refused inline.
  await page.getByTestId('wizard-step-4').waitFor({ state: 'visible' });
  await page.getByTestId('wizard-summary').getByText(projectName).waitFor({ state: 'visible' });
  await page.getByTestId('wizard-submit').click();
  const statementError = fieldError(page.locator('#industrialPolicyStatement'));
  await statementError.waitFor({ state: 'visible' });
  await page.locator('#industrialPolicyStatement').check();
  ctx.log(`confirm and declare: ${await ctx.screenshot(page, 'wizard-5-confirm')}`);
  // The 赋码 request reaches the server, which codes the project, but its answer is lost on the way back (a phone
  // between cells): the web sends it again with the same Idempotency-Key and gets the first answer back, replayed —
  // one code, not a second attempt refused because the project is already coded.
  const submitUrl = /\/api\/projects\/[^/]+\/submit$/;
  const keysSent: string[] = [];
  await page.route(submitUrl, async (route) => {
    keysSent.push(route.request().headers()['idempotency-key'] ?? '');
    if (keysSent.length === 1) {
      const delivered = await route.fetch(); // carried out by the server…
      assert.equal(delivered.status(), 200, 'the first 赋码 request is carried out');
      await route.abort('connectionreset'); // …but the browser never sees the answer
    } else await route.continue();
  });
  const retried = page.waitForResponse((response) => submitUrl.test(response.url()) && response.ok());
  await page.getByTestId('wizard-submit').click();
  const replayed = await retried;
  assert.equal(replayed.headers()['idempotency-replayed'], 'true', 'the retry gets the first answer, replayed');
  assert.equal(keysSent.length, 2, 'the lost 赋码 is sent once more');
  assert.ok(keysSent[0] && keysSent[0] === keysSent[1], 'with the same Idempotency-Key');
  await page.unroute(submitUrl);

  // 3. The code: valid in the current national format, with its QR mark.
  await page.getByTestId('wizard-result').waitFor({ state: 'visible' });
  const code = await page.getByTestId('project-code-block').getAttribute('data-code');
  assert.ok(code, 'the result shows a project code');
  const parsed = parseProjectCode(code);
  assert.ok(parsed.valid, `the issued code ${code} passes verification`);
  assert.equal(parsed.format, 'current', 'the code is in the current national format');
  assert.equal(parsed.valid && parsed.format === 'current' ? parsed.regionCode : '', '330304', 'the code names 瓯海区');
  await page.getByTestId('wizard-result').getByTestId('qr-image').waitFor({ state: 'visible' });
  ctx.log(`filed with code ${code}: ${await ctx.screenshot(page, 'wizard-6-filed')}`);

  // 4. The project page: code, QR, status, history; download the 备案证明.
  await page.getByTestId('wizard-view-project').click();
  await page.getByTestId('project-detail').waitFor({ state: 'visible' });
  assert.equal((await page.getByTestId('project-name').innerText()).trim(), projectName);
  const projectUrl = page.url();
  await page.getByTestId('code-card').getByTestId('qr-image').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('code-card').getByTestId('project-status').getAttribute('data-status'), 'filed');
  await page.getByTestId('history-timeline').locator('[data-kind="filed"]').waitFor({ state: 'visible' });
  ctx.log(`project page: ${await ctx.screenshot(page, 'project-page')}`);

  const downloadDir = mkdtempSync(join(tmpdir(), 'yiwang-e2e-pdf-'));
  try {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-certificate').click(),
    ]);
    const file = join(downloadDir, 'certificate.pdf');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF', 'the 备案证明 is a PDF');
    const pdftotext = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    if (pdftotext.error) {
      ctx.log(`备案证明: ${bytes.length} bytes, %PDF (pdftotext not installed; text not checked)`);
    } else {
      assert.ok(pdftotext.stdout.includes(code), `the 备案证明 text contains the code ${code}`);
      ctx.log(`备案证明: ${bytes.length} bytes, %PDF, text contains the code`);
    }
  } finally {
    rmSync(downloadDir, { recursive: true, force: true });
  }

  // 5. 项目信息变更 of a filed project applies at once; the history shows before → after.
  await page.getByTestId('open-change').click();
  const changeDialog = page.getByRole('dialog');
  // Typed into the multiple select's search (the dialog may still be animating, which can move a clicked option).
  await changeDialog.locator('#change_fields').click();
  await page.keyboard.type('详细地址');
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').waitFor();
  await page.keyboard.press('Enter');
  await changeDialog.locator('#change_address').waitFor({ state: 'visible' });
  await changeDialog.locator('#change_address').fill('温州市瓯海区娄桥工业园 18 号');
  await changeDialog.locator('#change_reason').fill('门牌号调整');
  await changeDialog.getByTestId('change-submit').click();
  await changeDialog.waitFor({ state: 'hidden' });
  const changeEntry = page.getByTestId('history-timeline').locator('[data-kind="change"]');
  await changeEntry.getByText('娄桥工业园 18 号').waitFor({ state: 'visible' });
  assert.match(await changeEntry.innerText(), /12 号[\s\S]*18 号/, 'the history shows the address before → after');
  ctx.log(`change recorded: ${await ctx.screenshot(page, 'project-changed')}`);

  // 5b. 我要查 lists the new project; 帮我办 authorises the demo agent (an unknown account is refused on the field) and
  // withdraws it again.
  await page.goto(ctx.url('/portal/query'));
  await page.getByTestId('query-projects').getByText(projectName).waitFor({ state: 'visible' });
  await page.goto(ctx.url('/portal/assist'));
  await page.getByTestId('assist-username').fill('no-such-agent');
  await page.getByTestId('assist-authorise').click();
  await fieldError(page.getByTestId('assist-username')).waitFor({ state: 'visible' });
  await page.getByTestId('assist-username').fill('agent');
  await page.getByTestId('assist-authorise').click();
  await page.getByTestId('assist-revoke-agent').waitFor({ state: 'visible' });
  ctx.log(`帮我办: ${await ctx.screenshot(page, 'assist-authorised')}`);
  await page.getByTestId('assist-revoke-agent').click();
  await popconfirmOk(page).click();
  await page.getByTestId('assist-revoke-agent').waitFor({ state: 'detached' });

  // 5c. 金融广场: the unit publishes a financing need (consent required, told on the field), the city's bank answers it
  // seeing the project's approval status, and the unit accepts the offer.
  await page.goto(projectUrl);
  await page.getByTestId('financing-open-publish').click();
  const needDialog = page.getByRole('dialog');
  await needDialog.getByTestId('financing-amount').fill('1200');
  await needDialog.getByTestId('financing-term').fill('36');
  await needDialog.getByTestId('financing-purpose').fill('生产线设备购置');
  await needDialog.getByTestId('financing-publish').click();
  await fieldError(needDialog.getByTestId('financing-consent')).waitFor({ state: 'visible' });
  await needDialog.getByTestId('financing-consent').check();
  await needDialog.getByTestId('financing-publish').click();
  await needDialog.waitFor({ state: 'hidden' });
  await page.locator('[data-testid="financing-need"][data-status="open"]').waitFor();
  const banker = await ctx.newPage();
  await logInAs(ctx, banker, 'bank');
  const needRow = banker.getByTestId('finance-needs').locator('tr', { hasText: projectName });
  await needRow.getByText('已备案').waitFor({ state: 'visible' });
  await needRow.getByTestId('finance-open-offer').click();
  const offerDialog = banker.getByRole('dialog');
  await offerDialog.getByTestId('finance-offer-rate').fill('LPR+0.20%');
  await offerDialog.getByTestId('finance-offer-submit').click();
  await offerDialog.waitFor({ state: 'hidden' });
  await needRow.getByTestId('finance-open-offer').waitFor({ state: 'detached' });
  ctx.log(`金融广场 (bank): ${await ctx.screenshot(banker, 'finance-bank')}`);
  await page.reload();
  await page.getByTestId('financing-accept').click();
  await page.locator('.ant-modal-confirm .ant-btn-primary').click();
  await page.locator('[data-testid="financing-need"][data-status="matched"]').waitFor();
  ctx.log(`financing matched: ${await ctx.screenshot(page, 'finance-matched')}`);

  // 5d. 中介超市: the unit engages the demo agency's service; the agency accepts and delivers; the unit rates it.
  await page.getByTestId('intermediary-open-engage').click();
  const engageDialog = page.getByRole('dialog');
  await engageDialog.getByTestId('intermediary-service-option').first().click();
  await engageDialog.getByTestId('intermediary-engage-submit').click();
  await engageDialog.waitFor({ state: 'hidden' });
  await page.locator('[data-testid="intermediary-engagement"][data-status="requested"]').waitFor();
  const agencyPage = await ctx.newPage();
  await logInAs(ctx, agencyPage, 'intermediary');
  const engagementRow = agencyPage.getByTestId('intermediary-engagements').locator('tr', { hasText: projectName });
  await engagementRow.getByTestId('intermediary-accept').click();
  await engagementRow.getByTestId('intermediary-open-complete').click();
  await agencyPage.getByTestId('intermediary-complete-submit').click();
  await engagementRow.getByText('已完成').waitFor({ state: 'visible' });
  await page.reload();
  await page.getByTestId('intermediary-open-rate').click();
  await page.locator('.ant-modal .ant-rate-star').nth(4).click();
  await page.getByTestId('intermediary-rate-submit').click();
  await page.getByTestId('intermediary-open-rate').waitFor({ state: 'detached' });
  ctx.log(`中介超市 rated: ${await ctx.screenshot(page, 'intermediary-rated')}`);

  // 6. On a phone: the wizard fits 375 px.
  const phone = await ctx.newPage(PHONE);
  await logIn(ctx, phone, username, password);
  await phone.goto(ctx.url('/portal/apply/new'));
  await phone.getByTestId('project-wizard').waitFor({ state: 'visible' });
  await phone.getByTestId('wizard-enterprise').waitFor({ state: 'visible' });
  assert.ok((await overflowOf(phone)) <= 0, `the wizard fits 375 px (overflows by ${await overflowOf(phone)} px)`);
  ctx.log(`wizard at 375×812: ${await ctx.screenshot(phone, 'wizard-375')}`);
  await phone.locator('#name').fill(`${projectName}（手机草稿）`);
  await phone.getByTestId('wizard-next').click();
  await phone.getByTestId('wizard-step-1').waitFor({ state: 'visible' });
  await phone.getByTestId('wizard-next').click(); // required items missing: shown inline, nothing lost
  await fieldError(phone.locator('#address')).waitFor({ state: 'visible' });
  assert.ok((await overflowOf(phone)) <= 0, 'the wizard with errors fits 375 px');
  ctx.log(`wizard step 2 at 375×812: ${await ctx.screenshot(phone, 'wizard-375-step2')}`);
  await phone.goto(ctx.url('/portal/projects'));
  await phone.getByTestId('my-projects-cards').getByText('手机草稿').waitFor({ state: 'visible' });
  assert.ok((await overflowOf(phone)) <= 0, '我的项目 fits 375 px');
  ctx.log(`我的项目 at 375×812: ${await ctx.screenshot(phone, 'my-projects-375')}`);
  await phone.goto(projectUrl);
  await phone.getByTestId('code-card').getByTestId('qr-image').waitFor({ state: 'visible' });
  await phone.getByTestId('history-timeline').waitFor({ state: 'visible' });
  assert.ok(
    (await overflowOf(phone)) <= 0,
    `the project page fits 375 px (overflows by ${await overflowOf(phone)} px)`,
  );
  ctx.log(`project page at 375×812: ${await ctx.screenshot(phone, 'project-375')}`);

  // 6b. On the phone the enterprise reports 开工 (条例673 art.16). No 施工许可证 is on the platform, so the check records
  // a finding; the city's supervisor finds the project in 建设监管 with it (DOMAIN.md §7, 体外循环 signals).
  const beijingToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await phone.getByTestId('construction-open-start').click();
  const startDialog = phone.getByRole('dialog');
  await startDialog.getByTestId('construction-submit').click(); // nothing filled: told on the fields, nothing sent
  await fieldError(phone.locator('#construction-report_description')).waitFor({ state: 'visible' });
  await fillDate(phone, 'construction-report_occurredOn', beijingToday);
  await startDialog.getByTestId('construction-description').fill('桩基工程开始施工');
  await startDialog.getByTestId('construction-submit').click();
  await startDialog.waitFor({ state: 'hidden' });
  await phone.getByTestId('finding-noConstructionPermit').waitFor({ state: 'visible' });
  assert.equal((await phone.getByTestId('construction-status').innerText()).trim(), '在建');
  await phone.getByTestId('construction-open-progress').waitFor({ state: 'visible' });
  assert.ok((await overflowOf(phone)) <= 0, 'the construction card fits 375 px');
  ctx.log(`开工 reported on a phone: ${await ctx.screenshot(phone, 'construction-375')}`);

  const supervisor = await ctx.newPage();
  await logInAs(ctx, supervisor, 'supervisor');
  await supervisor.goto(ctx.url('/supervision/construction'));
  await supervisor.getByTestId('construction-filter-findings').click();
  const constructionRow = supervisor.getByTestId('construction-table').locator('tr', { hasText: projectName });
  await constructionRow.getByTestId('row-finding-noConstructionPermit').waitFor({ state: 'visible' });
  ctx.log(`建设监管 lists it with the finding: ${await ctx.screenshot(supervisor, 'construction-supervision')}`);
  await constructionRow.getByTestId('construction-row-link').click();
  await supervisor.getByTestId('construction-card').getByTestId('finding-noConstructionPermit').waitFor();
  assert.equal(
    await supervisor.getByTestId('construction-card').getByTestId('construction-open-progress').count(),
    0,
    'staff read the construction; only the project unit reports',
  );
  // The supervisor records an on-site check that found a problem; the unit sees it with its deadline.
  const rectifyBy = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + 14 * 86_400_000),
  );
  await supervisor.getByTestId('construction-open-inspection').click();
  const inspectionDialog = supervisor.getByRole('dialog');
  await inspectionDialog.getByText('发现问题', { exact: true }).click();
  await fillDate(supervisor, 'construction-inspection_rectificationDue', rectifyBy);
  await inspectionDialog.getByTestId('inspection-opinion').fill('施工现场未悬挂项目信息公示牌');
  await inspectionDialog.getByTestId('inspection-submit').click();
  await inspectionDialog.waitFor({ state: 'hidden' });
  await supervisor.locator('[data-testid="construction-inspection"][data-result="issuesFound"]').waitFor();
  ctx.log(`check recorded: ${await ctx.screenshot(supervisor, 'construction-inspection')}`);
  await phone.reload();
  await phone.locator('[data-testid="construction-inspection"][data-result="issuesFound"]').waitFor();
  assert.ok((await phone.getByTestId('construction-inspections').innerText()).includes(rectifyBy));

  // 7. Logged out, anyone opens the lookup page the QR mark points to.
  const visitor = await ctx.newPage();
  await visitor.goto(ctx.url(`/public/project-codes/${encodeURIComponent(code)}`));
  await visitor.getByTestId('lookup-project-name').waitFor({ state: 'visible' });
  assert.equal((await visitor.getByTestId('lookup-project-name').innerText()).trim(), projectName);
  assert.equal((await visitor.getByTestId('lookup-valid').innerText()).trim(), '有效');
  await visitor.getByTestId('lookup-result').getByTestId('qr-image').waitFor({ state: 'visible' });
  ctx.log(`public lookup: ${await ctx.screenshot(visitor, 'lookup-public')}`);

  await visitor.getByTestId('nav-filings').click();
  await visitor.getByTestId('filings-table').getByText(projectName).waitFor({ state: 'visible' });
  ctx.log(`备案公示: ${await ctx.screenshot(visitor, 'filings-public')}`);

  const phoneVisitor = await ctx.newPage(PHONE);
  await phoneVisitor.goto(ctx.url(`/public/project-codes/${encodeURIComponent(code)}`));
  await phoneVisitor.getByTestId('lookup-project-name').waitFor({ state: 'visible' });
  await phoneVisitor.getByTestId('qr-image').waitFor({ state: 'visible' });
  assert.ok((await overflowOf(phoneVisitor)) <= 0, 'the lookup page fits 375 px');
  ctx.log(`public lookup at 375×812: ${await ctx.screenshot(phoneVisitor, 'lookup-375')}`);

  // The other public pages fit a phone too.
  for (const [path, testId, step] of [
    ['/public/filings', 'filings-table', 'filings-375'],
    ['/register', 'register-page', 'register-375'],
  ] as const) {
    await phoneVisitor.goto(ctx.url(path));
    await phoneVisitor.getByTestId(testId).waitFor({ state: 'visible' });
    assert.ok((await overflowOf(phoneVisitor)) <= 0, `${path} fits 375 px`);
    ctx.log(`${path} at 375×812: ${await ctx.screenshot(phoneVisitor, step)}`);
  }
  await phoneVisitor.goto(ctx.url(`/public/project-codes/${encodeURIComponent(code)}`));
  await phoneVisitor.getByTestId('lookup-project-name').waitFor({ state: 'visible' });

  // A mistyped code: invalid, with the reason.
  const typo = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
  await phoneVisitor.locator('#lookup-code-input').fill(typo);
  await phoneVisitor.locator('#lookup-code-input').press('Enter');
  await phoneVisitor.locator('[data-testid="lookup-verdict"][data-valid="false"]').waitFor({ state: 'visible' });
  await phoneVisitor.getByTestId('lookup-reason').waitFor({ state: 'visible' });
  ctx.log(`mistyped code refused: ${await ctx.screenshot(phoneVisitor, 'lookup-375-invalid')}`);
}
