import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { JourneyContext } from '../support/journey.ts';
import { logInAs } from '../support/session.ts';

export const name = 'search';

/** The demo enterprise's filed project (apps/server seed): found by staff through a Chinese substring of its name. */
const DEMO_PROJECT_NAME = '瓯江新材料年产 3 万吨改性塑料制品项目（演示）';

/** 综合窗口 searches projects by a Chinese substring of the name, sorts, and opens one read-only. */
export async function run(ctx: JourneyContext): Promise<void> {
  const page = await ctx.newPage();
  await logInAs(ctx, page, 'window');
  await page.getByRole('menuitem', { name: '项目查询' }).click();
  await page.getByTestId('project-search').waitFor({ state: 'visible' });

  await page.getByTestId('search-q').fill('改性塑料');
  await page.getByTestId('search-submit').click();
  await page.waitForURL((url) => url.searchParams.get('q') === '改性塑料');
  const link = page.getByTestId('search-result-link').filter({ hasText: DEMO_PROJECT_NAME });
  await link.waitFor({ state: 'visible' });
  // The previous page of results stays on screen while the search runs; wait for the answer.
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="search-result-link"]').length === 1 &&
      document.querySelector('[data-testid="search-table"] .ant-spin-spinning') === null,
  );
  assert.equal(await page.getByTestId('search-result-link').count(), 1, 'one project matches 改性塑料');
  ctx.log(`search by 改性塑料: ${await ctx.screenshot(page, 'search-results')}`);

  // 导出: the same search as a CSV file Excel opens (a UTF-8 byte-order mark, Chinese header, the one project).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('search-export').click()]);
  assert.match(download.suggestedFilename(), /^项目检索-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = await download.path();
  const csv = readFileSync(file, 'utf8');
  assert.ok(csv.startsWith('\uFEFF项目代码,项目名称,项目单位,建设地点,办理方式,状态,'), csv.slice(0, 80));
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 2, 'the header and the one project');
  assert.ok(lines[1]!.includes(DEMO_PROJECT_NAME) && lines[1]!.includes('已备案'), lines[1]);
  ctx.log(`exported: ${lines[1]}`);

  // Sorting by total investment goes into the URL (and to the server).
  await page
    .getByTestId('search-table')
    .getByRole('columnheader', { name: /总投资/ })
    .click();
  await page.waitForURL((url) => url.searchParams.get('sort') === 'totalInvestment');
  await link.waitFor({ state: 'visible' });

  await link.click();
  await page.getByTestId('project-detail').waitFor({ state: 'visible' });
  assert.equal((await page.getByTestId('project-name').innerText()).trim(), DEMO_PROJECT_NAME);
  await page.getByTestId('code-card').getByTestId('qr-image').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('open-change').count(), 0, 'staff see no 变更 action');
  assert.equal(await page.getByTestId('open-void').count(), 0, 'staff see no 撤销 action');
  await page.getByTestId('history-timeline').waitFor({ state: 'visible' });
  ctx.log(`project opened read-only: ${await ctx.screenshot(page, 'search-project')}`);

  // The same page in English (labels from the dictionary, the procedure reason from the server's English text).
  await page.getByTestId('language-switch').click();
  await page.getByText('Project information', { exact: true }).waitFor({ state: 'visible' });
  // The stored reason is Chinese; the English one comes from the suggestion API a moment later.
  await page
    .getByTestId('procedure-reason')
    .filter({ hasText: /filing/ })
    .waitFor({ state: 'visible' });
  ctx.log(`project in English: ${await ctx.screenshot(page, 'search-project-english')}`);
  await page.getByTestId('language-switch').click();
  await page.getByText('项目信息', { exact: true }).waitFor({ state: 'visible' });

  // Back keeps the search.
  await page.goBack();
  await link.waitFor({ state: 'visible' });

  // The whole scope sorted by name (the window's city: a merge of its regions' lists, read in name order off
  // projects_search_region_name_idx): the table shows the server's order.
  await page.goto(ctx.url('/projects'));
  await page
    .getByTestId('search-table')
    .getByRole('columnheader', { name: /项目名称/ })
    .click();
  await page.waitForURL((url) => url.searchParams.get('sort') === 'name');
  const byName = await page.request.get(ctx.url('/api/projects/search?sort=name&pageSize=20'), {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.equal(byName.status(), 200);
  const expected = ((await byName.json()) as { items: { name: string }[] }).items.map((item) => item.name);
  assert.ok(expected.length >= 2, `the window's scope lists several projects (${expected.length})`);
  await page.waitForFunction(
    (names) =>
      [...document.querySelectorAll('[data-testid="search-result-link"]')].map((a) => a.textContent).join('|') ===
      names.join('|'),
    expected,
  );
  ctx.log(`sorted by name: ${await ctx.screenshot(page, 'search-by-name')}`);

  // On a phone the filters fold away and the page does not scroll sideways.
  const phone = await ctx.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  await logInAs(ctx, phone, 'window');
  await phone.goto(ctx.url('/projects?q=%E6%94%B9%E6%80%A7%E5%A1%91%E6%96%99'));
  await phone.getByTestId('search-result-link').filter({ hasText: DEMO_PROJECT_NAME }).waitFor({ state: 'visible' });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the search page fits 375 px (overflows by ${overflow} px)`);
  ctx.log(`search at 375×812: ${await ctx.screenshot(phone, 'search-375')}`);
  await phone.getByTestId('search-toggle-filters').click();
  await phone.locator('#created').waitFor({ state: 'visible' });
  ctx.log(`filters unfolded at 375×812: ${await ctx.screenshot(phone, 'search-375-filters')}`);
}
