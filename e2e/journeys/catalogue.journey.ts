import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { clickUntilShown } from '../support/antd.ts';
import type { JourneyContext } from '../support/journey.ts';
import { logInAs } from '../support/session.ts';

export const name = 'catalogue';

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;
// With isMobile the layout viewport grows to fit wide content, so window.innerWidth would hide an overflow: compare
// the document with the phone's 375 px instead.
/** A start inside the loaded calendar years, across the 2026 May Day holiday and the 05-09 make-up Saturday. */
const START = '2026-04-01';
/** On the demo 备案 project's critical path: 建设工程规划许可证 (promised 10, statutory 20 working days). */
const MATTER = 'nr.constructionPlanningPermit';
const RAISE_BY = 5;

interface ProjectRow {
  id: string;
  name: string;
  status: string;
}

async function demoFiledProject(ctx: JourneyContext, page: Page): Promise<ProjectRow> {
  const response = await page.request.get(ctx.url('/api/projects?page=1&pageSize=50'), {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.equal(response.status(), 200);
  const { items } = (await response.json()) as { items: ProjectRow[] };
  const project = items.find((p) => p.status === 'filed');
  assert.ok(project, 'the demo enterprise has a filed (备案) project');
  return project;
}

/** Opens the project page, sets the roadmap's start date and reads the predicted dates. */
async function readRoadmap(ctx: JourneyContext, page: Page, projectId: string, version?: string) {
  await page.goto(ctx.url(`/projects/${projectId}`));
  await page.getByTestId('project-plan').waitFor({ state: 'visible' });
  const input = page.locator('#plan-start');
  await input.click();
  await input.fill(START);
  await input.press('Enter');
  await page.getByText(`自 ${START} 起按工作日推算`).waitFor({ state: 'visible' });
  // The date panel closes with an animation; wait for it so it is neither in the screenshot nor counted as overflow.
  await page.locator('.ant-picker-dropdown').waitFor({ state: 'hidden' });
  if (version) await page.getByTestId('plan-catalogue-version').getByText(version, { exact: true }).waitFor();
  await page.getByTestId(`plan-matter-${MATTER}`).getByText('关键路径').waitFor({ state: 'visible' });
  return {
    parallel: (await page.getByTestId('plan-parallel-finish').innerText()).trim(),
    serial: (await page.getByTestId('plan-serial-finish').innerText()).trim(),
    matter: (await page.getByTestId(`plan-finish-${MATTER}`).innerText()).trim(),
    version: (await page.getByTestId('plan-catalogue-version').innerText()).trim(),
  };
}

async function deadline(ctx: JourneyContext, page: Page, start: string, workingDays: number): Promise<string> {
  const response = await page.request.get(ctx.url(`/api/calendar/deadline?start=${start}&workingDays=${workingDays}`));
  assert.equal(response.status(), 200);
  return ((await response.json()) as { deadline: string }).deadline;
}

/**
 * Issue 4 §7: the applicant notes the roadmap's predicted finish; the system administrator drafts a new catalogue
 * version from the current one, raises a critical-path matter's promised limit, saves and publishes; the applicant's
 * roadmap then finishes later by exactly that many working days. Also the public stage guide at 375 px.
 */
export async function run(ctx: JourneyContext): Promise<void> {
  const applicant = await ctx.newPage();
  await logInAs(ctx, applicant, 'applicant');
  const project = await demoFiledProject(ctx, applicant);

  // 1. The applicant's 一项目一方案 before the change.
  const before = await readRoadmap(ctx, applicant, project.id);
  ctx.log(
    `before: parallel ${before.parallel}, serial ${before.serial}, ${MATTER} ${before.matter} (${before.version})`,
  );
  await applicant.getByTestId('plan-timeline').waitFor({ state: 'visible' });
  ctx.log(`roadmap before: ${await ctx.screenshot(applicant, 'roadmap-before')}`);

  // 2. sysAdmin: 事项目录 → 新建草稿 from the current version.
  const admin = await ctx.newPage();
  await logInAs(ctx, admin, 'sysAdmin');
  await admin.goto(ctx.url('/admin/catalogue'));
  await admin.getByTestId('catalogue-versions').waitFor({ state: 'visible' });
  await admin.getByTestId('version-status-published').first().waitFor();
  ctx.log(`versions: ${await ctx.screenshot(admin, 'catalogue-versions')}`);
  const draftVersion = `e2e-${randomBytes(3).toString('hex')}`;
  await admin.getByTestId('new-draft').click();
  await admin.getByTestId('draft-version').fill(draftVersion);
  await admin.getByTestId('draft-note').fill(`把${MATTER}承诺时限提高 ${RAISE_BY} 个工作日（e2e）`);
  await admin.getByTestId('draft-submit').click();
  await admin.getByTestId('catalogue-version').waitFor({ state: 'visible' });
  await admin.getByTestId('version-status-draft').waitFor();

  // 3. Raise the matter's promised limit by N working days and save the whole catalogue.
  const limitCell = admin.getByTestId(`limit-${MATTER}`);
  const oldLimit = Number(/承诺 (\d+)/.exec(await limitCell.innerText())?.[1]);
  assert.ok(Number.isInteger(oldLimit), 'the matter shows its promised limit');
  await admin.getByTestId(`edit-matter-${MATTER}`).click();
  await admin.getByTestId('matter-editor').waitFor({ state: 'visible' });
  const promised = admin.locator('#promisedLimitWorkingDays');
  await promised.fill(String(oldLimit + RAISE_BY));
  ctx.log(`matter editor: ${await ctx.screenshot(admin, 'matter-editor')}`);
  await admin.getByTestId('matter-editor-ok').click();
  await admin.getByTestId('matter-editor').waitFor({ state: 'hidden' });
  await limitCell.getByText(`承诺 ${oldLimit + RAISE_BY}`).waitFor();
  await admin.getByTestId('catalogue-save').click();
  await admin.getByText('已保存，校验通过').waitFor();
  await admin.getByTestId('validation-ok').waitFor();
  ctx.log(`draft saved: ${await ctx.screenshot(admin, 'draft-saved')}`);

  // 4. 发布.
  await admin.getByTestId('catalogue-publish').click();
  await clickUntilShown(
    admin.getByTestId('publish-ok'),
    admin.getByTestId('version-status-published'),
    'the 发布 confirmation → published',
  );
  await admin.goto(ctx.url('/admin/catalogue'));
  await admin.getByTestId(`version-link-${draftVersion}`).waitFor();
  await admin.getByTestId('version-status-retired').first().waitFor();
  ctx.log(`published ${draftVersion}: ${await ctx.screenshot(admin, 'published')}`);

  // 5. The applicant reloads the roadmap: the date moved later by exactly N working days.
  const after = await readRoadmap(ctx, applicant, project.id, draftVersion);
  ctx.log(`after: parallel ${after.parallel}, serial ${after.serial}, ${MATTER} ${after.matter} (${after.version})`);
  assert.equal(after.version, draftVersion, 'the roadmap uses the newly published version');
  assert.ok(after.parallel > before.parallel, 'the predicted parallel finish moved later');
  assert.equal(after.matter, await deadline(ctx, applicant, before.matter, RAISE_BY), 'the matter finishes N WD later');
  assert.equal(
    after.parallel,
    await deadline(ctx, applicant, before.parallel, RAISE_BY),
    'the project finishes N working days later (the matter is on the critical path)',
  );
  assert.equal(after.serial, await deadline(ctx, applicant, before.serial, RAISE_BY), 'serial moves by N WD too');
  ctx.log(`roadmap after: ${await ctx.screenshot(applicant, 'roadmap-after')}`);

  // 6. The public stage guide (一份办事指南) on a phone, reached from the public header.
  const phone = await ctx.newPage(PHONE);
  await phone.goto(ctx.url('/public/project-codes'));
  await phone.getByTestId('nav-guides').click();
  await phone.getByTestId('guides-page').waitFor({ state: 'visible' });
  ctx.log(`guides at 375 px: ${await ctx.screenshot(phone, 'guides-375')}`);
  await phone.getByTestId('guide-stage-engineeringPermit').click();
  await phone.getByTestId('stage-guide').waitFor({ state: 'visible' });
  await phone
    .getByTestId('stage-guide-matters')
    .getByText(`承诺 ${oldLimit + RAISE_BY} 个工作日`)
    .waitFor();
  await phone.getByText('未确认（可配置）').first().waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - 375);
  assert.ok(overflow <= 0, `the stage guide fits 375 px (overflow ${overflow}px)`);
  ctx.log(`stage guide at 375 px: ${await ctx.screenshot(phone, 'stage-guide-375')}`);
  await phone.goto(ctx.url('/guides/stages/constructionPermit'));
  await phone.getByTestId('guide-material-fundingArrangement').getByText('告知承诺', { exact: true }).waitFor();
  ctx.log(`construction-permit guide: ${await ctx.screenshot(phone, 'stage-guide-construction-375')}`);

  // 7. The roadmap on a phone too.
  const applicantPhone = await ctx.newPage(PHONE);
  await logInAs(ctx, applicantPhone, 'applicant');
  await readRoadmap(ctx, applicantPhone, project.id, draftVersion);
  const planOverflow = await applicantPhone.evaluate(() => document.documentElement.scrollWidth - 375);
  assert.ok(planOverflow <= 0, `the roadmap fits 375 px (overflow ${planOverflow}px)`);
  ctx.log(`roadmap at 375 px: ${await ctx.screenshot(applicantPhone, 'roadmap-375')}`);
}
