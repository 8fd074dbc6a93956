// The code that changes the board is loaded on the first change of a visit (state::editing).
// These tests hold that chunk back on the network, so the changes made meanwhile must wait for
// it, keep their order and be saved; no service worker, so every request is the network's.
import { test, expect, openApp } from './fixtures.mjs';

test.use({ serviceWorkers: 'block' });

const list = (page) => page.getByRole('list', { name: 'Backlog' });
const EDITING_CHUNK = /split_sprintdeck_editing[^/]*\.wasm$/;

/// Holds the editing chunk's request until the returned function is called.
async function holdEditingCode(page) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  let requested = false;
  await page.route(EDITING_CHUNK, async (route) => {
    requested = true;
    await held;
    await route.continue();
  });
  return { release: () => release(), requested: () => requested };
}

test('changes made while the editing code loads wait for it, keep their order and are saved', async ({ page }) => {
  const chunk = await holdEditingCode(page);
  await openApp(page);
  expect(chunk.requested(), 'a visit that changes nothing does not load the editing code').toBe(false);

  const title = page.getByRole('textbox', { name: 'New story title' });
  await title.fill('First story');
  await title.press('Enter');
  await expect.poll(chunk.requested, { message: 'the first key press starts loading it' }).toBe(true);
  await title.fill('Second story');
  await title.press('Enter');
  await expect(list(page).locator('.story-title')).toHaveCount(0);

  chunk.release();
  await expect(list(page).locator('.story-title')).toHaveText(['First story', 'Second story']);
  await expect(title).toHaveValue('');

  // From now on changes apply at once, and undo works on what waited.
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(list(page).locator('.story-title')).toHaveText(['First story']);
  await page.reload();
  await expect(list(page).locator('.story-title')).toHaveText(['First story']);
});

test('a page that changes the board shows once the editing code is here', async ({ page }) => {
  const chunk = await holdEditingCode(page);
  await openApp(page, '#/capacity');
  await expect.poll(chunk.requested, { message: 'the page asks for the editing code' }).toBe(true);
  await expect(page.getByRole('button', { name: 'Plan this sprint' })).toHaveCount(0);
  chunk.release();
  await page.getByLabel('Start date').fill('2026-11-30');
  await page.getByRole('button', { name: 'Plan this sprint' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Solo');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('textbox', { name: 'Name of Solo' })).toBeVisible();
});

test('when the editing code cannot be loaded the change is refused with a banner, and the next one tries again', async ({ browser }) => {
  // Not the `page` fixture: the chunk loader reports the failed fetch on the console.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const uncaught = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  let offline = true;
  await page.route(EDITING_CHUNK, (route) => (offline ? route.abort() : route.continue()));
  await page.goto(`${process.env.BASE_URL}#/backlog`);
  const title = page.getByRole('textbox', { name: 'New story title' });
  await title.fill('Written offline');
  await title.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'could not be loaded' })).toBeVisible();
  await expect(title, 'what was typed is kept').toHaveValue('Written offline');
  await expect(list(page).locator('.story-title')).toHaveCount(0);

  offline = false;
  await title.press('Enter');
  await expect(list(page).locator('.story-title')).toHaveText(['Written offline']);
  expect(uncaught, 'the app kept running').toEqual([]);
  await context.close();
});
