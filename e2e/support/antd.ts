import type { Locator, Page } from 'playwright-core';

/** The open (not hidden) dropdown of an antd Select or TreeSelect. */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/** Opens an antd Select and clicks the option with this label. */
export async function pickSelectOption(page: Page, select: Locator, label: string) {
  await select.click({ force: true });
  await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option[title="${label}"]`).click();
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
