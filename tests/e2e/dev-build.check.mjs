// The development build (`trunk serve`: debug, not split, no service worker) works: a story is
// added and kept over a reload, and every page opens, with no console error. Run by
// `cargo xtask test` against that build, apart from the release build's tests.
import { test, expect, openApp, addStory, nav } from './fixtures.mjs';

test('the development build adds a story, keeps it over a reload and opens every page', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Built by trunk serve');
  await page.reload();
  await expect(page.getByRole('list', { name: 'Backlog' }).locator('.story-title')).toHaveText(['Built by trunk serve']);
  for (const [name, heading] of [['Poker', 'Planning poker'], ['Capacity', 'Capacity'], ['Share', 'Share']]) {
    await nav(page, name);
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
  }
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration())).toBeUndefined();
});
