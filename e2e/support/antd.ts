import type { Locator, Page } from 'playwright-core';

/** The open (not hidden) dropdown of an antd Select or TreeSelect. */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/** The antd Select (root element) that holds `control` (its search input, say). */
function selectRoot(control: Locator): Locator {
  return control.locator(
    'xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
}

/**
 * Opens an antd Select and clicks the option with this label, then checks the select shows it. A click can be lost
 * while the dropdown is still animating or its options are re-rendered (loaded), and the dropdown can close under the
 * pointer (seen in CI: "element is not stable", then "not visible" until the 15 s timeout), so each attempt waits a
 * few seconds at most and the next one opens the dropdown again if it is closed (no Escape: it would close a modal
 * holding the select); up to four attempts.
 */
export async function pickSelectOption(page: Page, select: Locator, label: string) {
  const option = page.locator(`${OPEN_DROPDOWN} .ant-select-item-option[title="${label}"]`);
  for (let attempt = 1; ; attempt += 1) {
    if (!(await option.isVisible())) await select.click({ force: true });
    const clicked = await option
      .click({ timeout: 4_000 })
      .then(() => true)
      .catch(() => false);
    const shown =
      clicked &&
      (await selectRoot(select)
        .getByText(label, { exact: true })
        .first()
        .waitFor({ state: 'visible', timeout: 2_000 })
        .then(() => true)
        .catch(() => false));
    if (shown) return;
    if (attempt === 4) throw new Error(`the select did not take the option "${label}"`);
  }
}

/** Opens an antd TreeSelect, searches for the node and clicks it. */
export async function pickTreeNode(page: Page, treeSelect: Locator, title: string) {
  await treeSelect.click({ force: true });
  await page.keyboard.type(title);
  await page.locator(`${OPEN_DROPDOWN} .ant-select-tree-node-content-wrapper[title="${title}"]`).first().click();
}

/** The error text under the form item that holds `control`. */
export function fieldError(control: Locator): Locator {
  return control
    .locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]')
    .locator('.ant-form-item-explain-error');
}

/** The primary button of the visible Popconfirm (its 确定). */
export function popconfirmOk(page: Page): Locator {
  return page.locator('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary');
}

/**
 * Clicks `target` until `shown` is visible (at most three clicks). A modal's opening animation swallowed clicks on two
 * busy cores (seen in CI on the 特别程序 button, a 补正 item's checkbox and the 发布 confirmation); the journeys now run
 * with reduced motion (e2e/run.ts), which removes that cause, and this stays for a click that lands before a slow
 * render has attached its handler.
 */
export async function clickUntilShown(target: Locator, shown: Locator, what: string) {
  for (let attempt = 1; ; attempt += 1) {
    await target.click();
    const visible = await shown
      .waitFor({ state: 'visible', timeout: 4_000 })
      .then(() => true)
      .catch(() => false);
    if (visible) return;
    // The target is gone (its dialog closed): the click was taken and its result is only slow to show.
    if (!(await target.isVisible())) return shown.waitFor({ state: 'visible' });
    if (attempt === 3) throw new Error(`three clicks did not show it: ${what}`);
  }
}
