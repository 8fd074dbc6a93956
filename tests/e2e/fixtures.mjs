// Shared test set-up: every page fails its test on a console error, an uncaught exception,
// a dialog, or a Content-Security-Policy violation.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('dialog', async (d) => {
      problems.push(`unexpected dialog: ${d.message()}`);
      await d.dismiss();
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await use(page);
    expect(problems, 'no console errors, exceptions or dialogs').toEqual([]);
  },
});

export { expect };

/// Opens the app and waits until it has rendered.
export async function openApp(page, hash = '#/backlog') {
  await page.goto(hash);
  await expect(page.getByRole('main')).toBeVisible();
}

/// Adds a story through the quick-add field.
export async function addStory(page, title) {
  await page.getByRole('textbox', { name: 'New story title' }).fill(title);
  await page.getByRole('button', { name: 'Add story' }).click();
  await expect(page.getByRole('list', { name: 'Backlog' }).getByText(title, { exact: true })).toBeVisible();
}

/// A page in a new browser context: its own, empty storage. Its console errors, exceptions and
/// dialogs are collected in `page.problems` for the test to check.
export async function freshPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.problems = problems;
  return page;
}

/// Goes to a page through the top navigation.
export async function nav(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}
