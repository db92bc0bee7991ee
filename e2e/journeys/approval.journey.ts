import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { clickUntilShown, pickSelectOption, popconfirmOk } from '../support/antd.ts';
import type { JourneyContext } from '../support/journey.ts';
import { logInAs } from '../support/session.ts';

export const name = 'approval';

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;
const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
const STAGE = 'projectAndLand';
/** 需新增建设用地 + 编制环境影响报告表: stage 1 of the demo 核准 project then has matters of three departments. */
const FACTS = ['newLand', 'eiaReportForm'];
/** The material the enterprise "forgets", so the window asks for it in the one 补正 notice. */
const FORGOTTEN = 'siteSelectionApplication';

interface ApplicationDetail {
  id: string;
  status: string;
  receiptNumber: string | null;
  form: { fields: { code: string; type: string; required: boolean }[] };
  materials: { materialCode: string; required: boolean; provision: string; status: string }[];
  cases: { id: string; matterCode: string; caseNumber?: string; status: string }[];
}
interface CaseRow {
  id: string;
  caseNumber: string;
  matterCode: string;
  status: string;
  currentStep: string;
  deadline: string | null;
  clockRunning: boolean;
}

/** A tiny but real PDF (the server sniffs the type from the content, not the name). */
function pdfBytes(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

async function api<T>(ctx: JourneyContext, page: Page, path: string): Promise<T> {
  const response = await page.request.get(ctx.url(path), { headers: XHR });
  assert.equal(response.status(), 200, `GET ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The input element behind an antd control carrying `data-testid` (on the input itself or on its wrapper). */
function inputOf(page: Page, testId: string): Locator {
  return page
    .locator(
      `input[data-testid="${testId}"], textarea[data-testid="${testId}"], ` +
        `[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`,
    )
    .first();
}

/** Fills every required field of the one form with a plausible value for its type. */
async function fillForm(page: Page, fields: ApplicationDetail['form']['fields']) {
  for (const field of fields.filter((f) => f.required)) {
    const testId = `form-field-${field.code}`;
    if (field.type === 'boolean') {
      await page.getByTestId(testId).getByText('是', { exact: true }).click();
    } else if (field.type === 'date') {
      const input = inputOf(page, testId);
      await input.click();
      await input.fill('2027-03-01');
      await input.press('Enter');
    } else {
      await inputOf(page, testId).fill(field.type === 'number' ? '12000' : `演示填写：${field.code}`);
    }
  }
}

async function uploadMaterial(page: Page, code: string) {
  await page
    .getByTestId(`material-${code}`)
    .locator('input[type=file]')
    .setInputFiles({ name: `${code}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes(code) });
  await page.getByTestId(`material-file-${code}`).waitFor({ state: 'visible' });
}

/**
 * Clicks the button that opens a dialog until the dialog's `contentTestId` shows: once in CI (three browser pages
 * deciding in parallel on two cores) the click on 特别程序 left no dialog and the journey waited 15 s for its select;
 * up to three attempts, a few seconds each.
 */
async function openDialog(page: Page, buttonTestId: string, contentTestId: string) {
  await clickUntilShown(
    page.getByTestId(buttonTestId),
    page.getByTestId(contentTestId),
    `${buttonTestId} → ${contentTestId}`,
  );
  // The journeys run with reduced motion (e2e/run.ts), which the web app honours (providers.tsx): antd's motion is off,
  // so a dialog's entrance classes (which antd may still set for a frame) carry no animation time.
  const animating = await page
    .locator('.ant-modal')
    .evaluateAll((modals) =>
      modals
        .filter((m) => m.className.includes('ant-zoom') && getComputedStyle(m).animationDuration !== '0s')
        .map((m) => `${m.className}: ${getComputedStyle(m).animationDuration}`),
    );
  assert.deepEqual(animating, [], 'the dialog opened without an entrance animation (prefers-reduced-motion)');
}

/** Clicks a modal's confirm button and waits for the modal to close (or fails with its error). */
async function confirmModal(page: Page, testId: string) {
  const button = page.getByTestId(testId);
  await button.waitFor({ state: 'visible' });
  await button.click(); // no animation to wait out: the journeys run with reduced motion (openDialog checks it)
  const closed = button.waitFor({ state: 'hidden' }).then(() => null);
  const failed = page
    .locator('.ant-modal .ant-alert-error')
    .first()
    .waitFor({ state: 'visible' })
    .then(async () => page.locator('.ant-modal .ant-alert-error').first().innerText());
  const error = await Promise.race([closed, failed]);
  if (error) throw new Error(`the dialog refused: ${error}`);
}

/** A department user takes a case from the inbox through 承办 → 审核 → 签发 and decides 准予. */
async function approveCase(
  ctx: JourneyContext,
  page: Page,
  caseRow: CaseRow,
  options: { expertReview?: boolean } = {},
): Promise<void> {
  await page.goto(ctx.url('/department'));
  await page.getByTestId(`case-open-${caseRow.caseNumber}`).waitFor({ state: 'visible' });
  if (options.expertReview) ctx.log(`department inbox: ${await ctx.screenshot(page, 'department-inbox')}`);
  await page.getByTestId(`case-open-${caseRow.caseNumber}`).click();
  await page.getByTestId('case-title').waitFor({ state: 'visible' });
  if (options.expertReview) {
    // 行政许可法 art.45: expert review is not counted — the clock stops, the applicant is told how long.
    await openDialog(page, 'special-procedure-start', 'special-procedure-kind');
    await pickSelectOption(page, page.getByTestId('special-procedure-kind'), '专家评审');
    await inputOf(page, 'special-procedure-days').fill('5');
    await inputOf(page, 'case-action-reason').fill('项目环境影响报告表需组织专家技术评审');
    await confirmModal(page, 'case-action-confirm');
    await page.getByTestId('special-procedure-end').waitFor({ state: 'visible' });
    const stopped = await api<CaseRow & { clock: { running: boolean; lines: unknown[] } }>(
      ctx,
      page,
      `/api/cases/${caseRow.id}`,
    );
    assert.equal(stopped.clock.running, false, 'the expert review stopped the clock');
    assert.equal(stopped.status, 'suspended');
    await page.getByTestId('clock-line').nth(1).waitFor({ state: 'visible' });
    ctx.log(`clock explained while stopped: ${await ctx.screenshot(page, `clock-stopped-${caseRow.matterCode}`)}`);
    await page.getByTestId('special-procedure-end').click();
    await inputOf(page, 'special-procedure-result').fill('专家评审通过，同意报告表结论');
    await confirmModal(page, 'case-action-confirm');
    await page.getByTestId('special-procedure-start').waitFor({ state: 'visible' });
    const resumed = await api<{ clock: { running: boolean; lines: { kind: string }[] } }>(
      ctx,
      page,
      `/api/cases/${caseRow.id}`,
    );
    assert.equal(resumed.clock.running, true, 'the clock resumed after the review');
    assert.deepEqual(
      resumed.clock.lines.map((l) => l.kind),
      ['start', 'stop', 'resume'],
      'the ledger explains start, stop and resumption',
    );
  }
  for (const step of ['承办', '审核']) {
    await page.getByTestId('case-advance').click();
    await inputOf(page, 'case-opinion').fill(`${step}意见：材料齐全，符合要求`);
    await confirmModal(page, 'case-action-confirm');
  }
  await page.getByTestId('case-decision-approve').click();
  await inputOf(page, 'case-opinion').fill('准予许可');
  await confirmModal(page, 'case-action-confirm');
  const decided = await api<CaseRow>(ctx, page, `/api/cases/${caseRow.id}`);
  assert.equal(decided.status, 'approved', `${caseRow.matterCode} approved`);
}

/**
 * The department workbench's tabs after a decision: 已办结 lists the case first (the newest decision) with its decision
 * date in the last column; 本部门在办 lists open cases only.
 */
async function checkWorkbenchTabs(ctx: JourneyContext, page: Page, decidedCase: CaseRow): Promise<void> {
  await page.goto(ctx.url('/department'));
  const firstRow = page.locator('[data-testid^="case-open-"]').first();
  await page.getByTestId('department-tab-done').click();
  await page.getByRole('columnheader', { name: '办结日期' }).waitFor({ state: 'visible' });
  await page.getByTestId(`case-open-${decidedCase.caseNumber}`).waitFor({ state: 'visible' });
  assert.equal(
    await firstRow.getAttribute('data-testid'),
    `case-open-${decidedCase.caseNumber}`,
    '已办结: the newest decision first',
  );
  ctx.log(`已办结: ${await ctx.screenshot(page, 'department-done')}`);
  await page.getByTestId('department-tab-department').click();
  await page.getByRole('columnheader', { name: '剩余工作日' }).waitFor({ state: 'visible' });
  await page.getByTestId(`case-open-${decidedCase.caseNumber}`).waitFor({ state: 'detached' });
}

/**
 * Issue 5 §9: the enterprise submits stage 1 of a 核准 project with one material missing → the window asks for it in one
 * 补正 notice → the enterprise supplements → the window accepts → the departments decide their cases in parallel (the
 * ecology department with an expert review that stops its clock) → licences are issued → the enterprise downloads a
 * licence PDF, and the public verification of its number says valid (also on a phone).
 */
export async function run(ctx: JourneyContext): Promise<void> {
  const applicant = await ctx.newPage();
  await logInAs(ctx, applicant, 'applicant');
  const projects = await api<{ items: { id: string; name: string; status: string; code: string | null }[] }>(
    ctx,
    applicant,
    '/api/projects?page=1&pageSize=50',
  );
  const project = projects.items.find((p) => p.status === 'coded' && p.name.includes('热电联产'));
  assert.ok(project?.code, 'the demo enterprise has a coded 核准 project');

  // 1. The applicant ticks the facts on the roadmap and starts the stage-1 application.
  await applicant.goto(ctx.url(`/projects/${project.id}`));
  await applicant.getByTestId('project-plan').waitFor({ state: 'visible' });
  // A 核准 project is never filed: its documents card says so instead of promising a filing certificate later.
  assert.match(await applicant.getByTestId('filing-certificate-hint').innerText(), /实行核准制，不办理备案/);
  for (const fact of FACTS) await applicant.getByTestId(`plan-fact-${fact}`).click();
  await applicant.getByTestId(`apply-stage-${STAGE}`).click();
  await applicant.waitForURL(/\/applications\/[0-9a-f-]+$/);
  const applicationId = applicant.url().split('/').pop()!;
  let detail = await api<ApplicationDetail>(ctx, applicant, `/api/applications/${applicationId}`);
  assert.equal(detail.status, 'draft');
  const toUpload = detail.materials.filter((m) => m.required && m.provision === 'upload').map((m) => m.materialCode);
  assert.ok(toUpload.includes(FORGOTTEN), `${FORGOTTEN} is asked for: ${toUpload.join(', ')}`);
  ctx.log(`stage form: ${detail.form.fields.length} fields, materials to upload: ${toUpload.join(', ')}`);

  // 2. One form, one set of materials — all but one uploaded; submit.
  await applicant.getByTestId('application-form-card').waitFor({ state: 'visible' });
  await fillForm(applicant, detail.form.fields);
  for (const code of toUpload.filter((c) => c !== FORGOTTEN)) await uploadMaterial(applicant, code);
  ctx.log(`application filled: ${await ctx.screenshot(applicant, 'application-filled')}`);
  await applicant.getByTestId('application-submit').click();
  await applicant.getByTestId('application-summary').getByText('待受理', { exact: true }).waitFor();
  detail = await api<ApplicationDetail>(ctx, applicant, `/api/applications/${applicationId}`);
  assert.equal(detail.status, 'submitted');

  // 3. The window finds it in the inbox and sends the one 补正 notice for the missing material.
  const window = await ctx.newPage();
  await logInAs(ctx, window, 'window');
  await window.goto(ctx.url('/window'));
  await window.getByTestId(`window-open-${applicationId}`).waitFor({ state: 'visible' });
  // 待受理 carries the count of the applications waiting for the window (antd's badge keeps it in its title).
  const waiting = window.getByTestId('window-tab-count-submitted').locator('.ant-scroll-number');
  await waiting.waitFor({ state: 'visible' });
  const waitingCount = Number(await waiting.getAttribute('title'));
  const listed = await api<{ total: number }>(ctx, window, '/api/window/applications?status=submitted&pageSize=1');
  assert.ok(waitingCount >= 1 && waitingCount === listed.total, `待受理 badge ${waitingCount}, list ${listed.total}`);
  ctx.log(`window inbox: ${await ctx.screenshot(window, 'window-inbox')}`);
  await window.getByTestId(`window-open-${applicationId}`).click();
  await openDialog(window, 'window-correction', `correction-item-${FORGOTTEN}`);
  await clickUntilShown(
    window.getByTestId(`correction-item-${FORGOTTEN}`),
    inputOf(window, `correction-reason-${FORGOTTEN}`),
    `the 补正 item ${FORGOTTEN} → its reason`,
  );
  await inputOf(window, `correction-reason-${FORGOTTEN}`).fill(
    '缺少建设项目用地预审与选址申请表，请补充加盖公章的原件扫描件',
  );
  await confirmModal(window, 'correction-send');
  detail = await api<ApplicationDetail>(ctx, window, `/api/applications/${applicationId}`);
  assert.equal(detail.status, 'correctionRequested');

  // 4. The enterprise sees the notice, supplies the material and resubmits.
  await applicant.reload();
  await applicant.getByTestId('correction-notice').waitFor({ state: 'visible' });
  ctx.log(`correction notice: ${await ctx.screenshot(applicant, 'correction-notice')}`);
  // The notice in writing (行政许可法 art.32): the link on the notice serves its PDF.
  const noticeHref = await applicant.locator('a:has([data-testid="download-correction-notice"])').getAttribute('href');
  assert.ok(noticeHref, 'a link to the 补正告知书');
  const noticePdf = await applicant.request.get(ctx.url(noticeHref), { headers: XHR });
  assert.equal(noticePdf.status(), 200);
  assert.equal((await noticePdf.body()).subarray(0, 5).toString(), '%PDF-');
  // The supplement's upload reaches the server, which stores it, but its answer is lost on the way back (a phone
  // between cells): the web sends the file again with the same Idempotency-Key and gets the first answer, replayed —
  // the file is stored once (the same project material), not superseded by a second copy of itself.
  const uploadUrl = new RegExp(`/api/applications/${applicationId}/materials/${FORGOTTEN}/file`);
  const uploadKeys: string[] = [];
  let storedFirst: string | undefined;
  await applicant.route(uploadUrl, async (route) => {
    uploadKeys.push(route.request().headers()['idempotency-key'] ?? '');
    if (uploadKeys.length === 1) {
      const delivered = await route.fetch(); // carried out by the server…
      assert.equal(delivered.status(), 200, 'the first upload is carried out');
      storedFirst = ((await delivered.json()) as { file: { projectMaterialId: string } }).file.projectMaterialId;
      await route.abort('connectionreset'); // …but the browser never sees the answer
    } else await route.continue();
  });
  const retriedUpload = applicant.waitForResponse((response) => uploadUrl.test(response.url()) && response.ok());
  await uploadMaterial(applicant, FORGOTTEN);
  const replayedUpload = await retriedUpload;
  assert.equal(replayedUpload.headers()['idempotency-replayed'], 'true', 'the retried upload gets the first answer');
  assert.equal(uploadKeys.length, 2, 'the upload whose answer was lost is sent once more');
  assert.ok(uploadKeys[0] && uploadKeys[0] === uploadKeys[1], 'with the same Idempotency-Key');
  const storedAgain = ((await replayedUpload.json()) as { file: { projectMaterialId: string } }).file;
  assert.equal(storedAgain.projectMaterialId, storedFirst, 'the file is stored once');
  await applicant.unroute(uploadUrl);
  await applicant.getByTestId('application-supplement').click();
  await applicant.getByTestId('application-summary').getByText('待受理', { exact: true }).waitFor();

  // 5. The window accepts: one case per matter, dispatched to every department at once.
  await window.goto(ctx.url(`/window/applications/${applicationId}`));
  await window.getByTestId('window-accept').click();
  await confirmModal(window, 'window-accept-confirm');
  await window.getByTestId('window-cases').waitFor({ state: 'visible' });
  ctx.log(`accepted: ${await ctx.screenshot(window, 'window-accepted')}`);
  detail = await api<ApplicationDetail>(ctx, applicant, `/api/applications/${applicationId}`);
  assert.equal(detail.status, 'accepted');
  assert.ok(detail.receiptNumber, 'a receipt number');
  const receipt = await applicant.request.get(ctx.url(`/api/applications/${applicationId}/receipt.pdf`), {
    headers: XHR,
  });
  assert.equal(receipt.status(), 200);
  assert.equal((await receipt.body()).subarray(0, 5).toString(), '%PDF-');
  const cases = await api<{ items: CaseRow[] }>(ctx, applicant, `/api/projects/${project.id}/cases`);
  const byMatter = new Map(cases.items.map((c) => [c.matterCode, c]));
  ctx.log(`cases: ${cases.items.map((c) => `${c.matterCode}=${c.status}`).join(', ')}`);
  for (const matter of ['nr.siteAndLand', 'ndrc.ratification', 'nr.landUsePlanningPermit', 'eco.eiaReportForm']) {
    assert.ok(byMatter.has(matter), `a case for ${matter}`);
  }
  // 核准 waits for 选址+用地预审 (pre-reviewed, decided when that result arrives).
  assert.equal(byMatter.get('ndrc.ratification')!.status, 'pending');

  // 5b. 督办: the city's supervisor opens the waiting 核准 case from its own page and urges the department.
  const ratificationCase = byMatter.get('ndrc.ratification')!;
  const urger = await ctx.newPage();
  await logInAs(ctx, urger, 'supervisor');
  await urger.goto(ctx.url(`/department/cases/${ratificationCase.id}`));
  await urger.getByTestId('case-title').waitFor({ state: 'visible' });
  await openDialog(urger, 'case-urge', 'urge-message');
  await inputOf(urger, 'urge-message').fill('请加快办理，核准事项已进入并联审批');
  await confirmModal(urger, 'urge-send');
  await urger.getByText('已督办 1 次').waitFor({ state: 'visible' });
  ctx.log(`urged from the case page: ${await ctx.screenshot(urger, 'case-urged')}`);

  // 6. Departments decide in parallel: 生态环境 with an expert review; 自然资源 first on 选址, then 发改 on 核准.
  const ecology = await ctx.newPage();
  await logInAs(ctx, ecology, 'eco-approver', 'department');
  const naturalResources = await ctx.newPage();
  await logInAs(ctx, naturalResources, 'nr-approver', 'department');
  const ndrc = await ctx.newPage();
  await logInAs(ctx, ndrc, 'department');
  // The department handling it sees the 督办 and its message in the case's history.
  const urged = await api<{ urgeCount: number; actions: { kind: string; opinion: string | null }[] }>(
    ctx,
    ndrc,
    `/api/cases/${ratificationCase.id}`,
  );
  assert.equal(urged.urgeCount, 1, 'the department sees one 督办');
  assert.ok(
    urged.actions.some((a) => a.kind === 'urge' && a.opinion === '请加快办理，核准事项已进入并联审批'),
    'the 督办 message is in the case history',
  );
  await Promise.all([
    approveCase(ctx, ecology, byMatter.get('eco.eiaReportForm')!, { expertReview: true }),
    (async () => {
      await approveCase(ctx, naturalResources, byMatter.get('nr.siteAndLand')!);
      await approveCase(ctx, ndrc, byMatter.get('ndrc.ratification')!);
      await approveCase(ctx, naturalResources, byMatter.get('nr.landUsePlanningPermit')!);
    })(),
  ]);
  ctx.log(`clock explained: ${await ctx.screenshot(ecology, 'case-decided')}`);
  await checkWorkbenchTabs(ctx, ecology, byMatter.get('eco.eiaReportForm')!);

  // 7. The stage is complete; the licences are in the enterprise's licence package.
  detail = await api<ApplicationDetail>(ctx, applicant, `/api/applications/${applicationId}`);
  assert.equal(detail.status, 'completed', 'the last decision completed the stage');
  const licences = await api<{ items: { number: string; licenceType: string; status: string }[] }>(
    ctx,
    applicant,
    `/api/projects/${project.id}/licences`,
  );
  const ratification = licences.items.find((l) => l.licenceType === 'projectDecision');
  assert.ok(ratification, `a 核准 licence among ${licences.items.map((l) => l.licenceType).join(', ')}`);
  await applicant.goto(ctx.url(`/projects/${project.id}`));
  await applicant.getByTestId('licence-package').waitFor({ state: 'visible' });
  ctx.log(`licence package: ${await ctx.screenshot(applicant, 'licence-package')}`);
  const [download] = await Promise.all([
    applicant.waitForEvent('download'),
    applicant.getByTestId(`licence-pdf-${ratification.number}`).click(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-licence-'));
  try {
    const file = join(dir, 'licence.pdf');
    await download.saveAs(file);
    assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(ratification.number), 'the PDF shows the licence number');
    assert.ok(text.includes(project.code), 'the PDF shows the project code');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, join(dir, 'page')]);
    const png = join(dir, 'page.png');
    assert.ok(statSync(png).size > 10_000, 'the licence renders to an image');
    // Kept beside the screenshots so a person can look at the licence as rendered.
    const kept = fileURLToPath(new URL('../screenshots/approval/licence-pdf.png', import.meta.url));
    mkdirSync(dirname(kept), { recursive: true });
    writeFileSync(kept, readFileSync(png));
    ctx.log(`licence PDF rendered: ${kept}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // 8. The supervisor's figures count the four decided cases, all within their deadlines.
  const supervisor = await ctx.newPage();
  await logInAs(ctx, supervisor, 'supervisor');
  await supervisor.goto(ctx.url('/supervision'));
  await supervisor.getByTestId('supervision-figures').getByText('按时办结率').first().waitFor({ state: 'visible' });
  const figures = await api<{ totals: { decided: number; decidedOnTime: number } }>(
    ctx,
    supervisor,
    '/api/supervision/figures',
  );
  assert.ok(figures.totals.decided >= 4, `four decided cases counted (${figures.totals.decided})`);
  assert.equal(figures.totals.decidedOnTime, figures.totals.decided, 'all decided within their deadlines');
  ctx.log(`supervision figures: ${await ctx.screenshot(supervisor, 'supervision-figures')}`);
  // The dashboard (from the trigger-fed aggregates, ADR 0006) counts the same four decisions, on time.
  const dashboard = await api<{ totals: { decided: number; decidedOnTime: number; overdue: number } }>(
    ctx,
    supervisor,
    '/api/supervision/dashboard',
  );
  assert.ok(dashboard.totals.decided >= 4, `the dashboard counts the decided cases (${dashboard.totals.decided})`);
  assert.equal(dashboard.totals.decidedOnTime, dashboard.totals.decided, 'the dashboard: all on time');
  // … and the supervisor's workbench works on a phone: the card is there, nothing scrolls sideways.
  const supervisorPhone = await ctx.newPage(PHONE);
  await logInAs(ctx, supervisorPhone, 'supervisor');
  await supervisorPhone.goto(ctx.url('/supervision'));
  await supervisorPhone
    .getByTestId('supervision-figures')
    .getByText('按时办结率')
    .first()
    .waitFor({ state: 'visible' });
  const sideways = await supervisorPhone.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(sideways <= 1, `the supervision page fits a 375 px phone (${sideways} px sideways)`);
  ctx.log(`supervision on a phone: ${await ctx.screenshot(supervisorPhone, 'supervision-phone')}`);

  // 9. Anyone scanning the QR: the public verification page says valid — on a phone.
  const publicPage = await ctx.newPage(PHONE);
  await publicPage.goto(ctx.url(`/public/licences/${ratification.number}`));
  await publicPage.getByTestId('licence-status').getByText('有效').waitFor({ state: 'visible' });
  const verification = (await (
    await publicPage.request.get(ctx.url(`/api/public/licences/${ratification.number}`))
  ).json()) as { valid: boolean; status: string; projectCode: string };
  assert.deepEqual(
    { valid: verification.valid, status: verification.status, projectCode: verification.projectCode },
    { valid: true, status: 'valid', projectCode: project.code },
  );
  const overflow = await publicPage.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 375, `the verification page fits a 375 px phone (content ${overflow} px wide)`);
  ctx.log(`public verification: ${await ctx.screenshot(publicPage, 'licence-verified-phone')}`);

  // 10. 办件按时办结公示: anyone sees the city's departments with the decisions just made, on a phone too.
  const performanceApi = (await (
    await publicPage.request.get(ctx.url('/api/public/performance?regionCode=330300'))
  ).json()) as {
    totals: { decided: number; onTimeRate: number | null };
    departments: { departmentName: string; decided: number }[];
  };
  assert.ok(performanceApi.totals.decided >= 1, 'the decisions of this journey are counted');
  await publicPage.goto(ctx.url('/public/performance?regionCode=330300'));
  const decidedDepartment = performanceApi.departments.find((d) => d.decided > 0)!;
  await publicPage
    .getByTestId('performance-list')
    .getByText(decidedDepartment.departmentName)
    .first()
    .waitFor({ state: 'visible' });
  const performanceOverflow = await publicPage.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(performanceOverflow <= 375, `the performance page fits a 375 px phone (${performanceOverflow} px wide)`);
  ctx.log(`public on-time performance: ${await ctx.screenshot(publicPage, 'public-performance-phone')}`);

  // 11. 政府投资年度计划: a government-investment project (registered by the unit through the API) goes into the city's
  // plan; the plan is published, a payment recorded, and a 概算 15 % over the estimate flagged (条例712 art.12).
  const created = await applicant.request.post(ctx.url('/api/projects'), {
    headers: XHR,
    data: {
      name: `市第二实验中学新建工程 ${Date.now()}`,
      regionCode: '330302',
      address: '温州市鹿城区学院路 1 号',
      scaleAndContent: '新建教学楼、实验楼及配套设施 4.2 万平方米',
      totalInvestment: 10000,
      fundSources: [{ kind: 'fiscal', amount: 10000 }],
      plannedStart: '2027-03-01',
      plannedEnd: '2028-08-31',
      industryCode: 'P8331',
      projectType: '01',
      investmentNature: 'government',
      flags: [],
      industrialPolicyStatement: true,
    },
  });
  const school = (await created.json()) as { id: string };
  const coded = (await (
    await applicant.request.post(ctx.url(`/api/projects/${school.id}/submit`), { headers: XHR })
  ).json()) as { code: string };
  await supervisor.goto(ctx.url('/supervision/plans'));
  await supervisor.getByTestId('plans-open-create').click();
  const year = new Date().getFullYear();
  await supervisor.locator('#plan-create_year').fill(String(year));
  await supervisor.getByTestId('plans-name').fill(`温州市 ${year} 年市级政府投资计划`);
  await supervisor.getByTestId('plans-create-submit').click();
  await supervisor.getByTestId('plans-open-add').click();
  await supervisor.getByTestId('plans-project-code').fill(coded.code);
  await pickSelectOption(supervisor, supervisor.locator('#plan-item_fundSource'), '中央预算内');
  await supervisor.getByTestId('plans-planned').fill('3000');
  await supervisor.locator('#plan-item_approvedBudget').fill('11500');
  await supervisor.getByTestId('plans-add-submit').click();
  await supervisor.getByTestId('plans-items').getByTestId('plans-overrun').waitFor({ state: 'visible' });
  await supervisor.getByTestId('plans-publish').click();
  await popconfirmOk(supervisor).click();
  await supervisor.getByTestId('plans-open-payment').click();
  await supervisor.getByTestId('plans-amount').fill('1200');
  const paidOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await supervisor.locator('#plan-payment_paidOn').click();
  await supervisor.locator('#plan-payment_paidOn').fill(paidOn);
  await supervisor.locator('#plan-payment_paidOn').press('Enter');
  await supervisor.getByTestId('plans-payment-submit').click();
  await supervisor.getByTestId('plans-items').getByText('40%').waitFor({ state: 'visible' });
  ctx.log(`政府投资年度计划: ${await ctx.screenshot(supervisor, 'investment-plan')}`);
}
