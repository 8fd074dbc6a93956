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

/// Opens the app and waits until it has rendered. The wait is longer than other checks': with
/// two workers on two cores a new browser's first page can take a while; the bench measures it.
/// Opens the app at `hash` and waits for its first screen. A page other than the backlog is a
/// WebAssembly chunk fetched on first use, so its heading is waited for as long as the app's
/// start: on a loaded machine a fresh context's first fetch of it has taken seconds. No speed
/// is asserted here; the bench measures it.
export async function openApp(page, hash = '#/backlog') {
  await page.goto(hash);
  await expect(page.getByRole('main')).toBeVisible({ timeout: 20_000 });
  if (/^#\/(backlog|poker|capacity|program|share)$/.test(hash)) {
    await expect(page.locator('main h1#page-heading')).toBeVisible({ timeout: 20_000 });
  }
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
  return watchedPage(context);
}

/// A new page (tab) in `context`, its console errors, exceptions and dialogs in `page.problems`.
export async function watchedPage(context) {
  const page = await context.newPage();
  // Whole stacks: a trap in the app's WebAssembly is read from its frames.
  await page.addInitScript(() => { Error.stackTraceLimit = 200; });
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

/// Checks that a sealed link (`…#/open/<base64url>`) does not carry `name` in the clear: not as
/// a JSON string (`"Bo"`, also percent-encoded) in the link, and not as a JSON or postcard string
/// (its length byte, then its UTF-8) in the payload's bytes. A bare two-letter run such as `Bo`
/// turns up by chance in random base64 text, so the name alone is not what is looked for.
export function expectSealed(link, name) {
  const payload = link.split('#/open/')[1] ?? '';
  expect(payload, 'a sealed link has a payload').toMatch(/^[A-Za-z0-9_-]{32,}$/);
  for (const plain of [`"${name}"`, `%22${encodeURIComponent(name)}%22`]) expect(link).not.toContain(plain);
  const bytes = Buffer.from(payload, 'base64url');
  const utf8 = Buffer.from(name, 'utf8');
  for (const plain of [Buffer.concat([Buffer.from([utf8.length]), utf8]), Buffer.from(`"${name}"`, 'utf8')]) {
    expect(bytes.includes(plain), `the payload carries ${JSON.stringify(name)} in the clear`).toBe(false);
  }
}
