import { test, expect, openApp, addStory, nav } from './fixtures.mjs';

const list = (page) => page.getByRole('list', { name: 'Backlog' });

test('two stories added survive a reload, in order', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Pay with a saved card');
  await addStory(page, 'See my order history');
  await page.reload();
  await expect(page.getByRole('list', { name: 'Backlog' })).toBeVisible();
  await expect(list(page).locator('.story-title')).toHaveText(['Pay with a saved card', 'See my order history']);
});

test('a story can be edited and deleted', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Draft title');
  await page.getByRole('button', { name: 'Edit “Draft title”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit story' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Final title');
  await dialog.getByRole('textbox', { name: 'Estimate (points)' }).fill('lots');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/not a valid estimate/);
  await dialog.getByRole('textbox', { name: 'Estimate (points)' }).fill('5');
  await dialog.getByRole('combobox', { name: 'Status' }).selectOption('Ready');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('listitem').filter({ hasText: 'Final title' });
  await expect(row).toContainText('Ready');
  await expect(row).toContainText('5');

  await page.getByRole('button', { name: 'Edit “Final title”' }).click();
  await dialog.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Yes, delete this story' }).click();
  await expect(page.getByText('No stories yet.')).toBeVisible();
});

test('a corrupt stored board gives a banner and is kept', async ({ page }) => {
  const corrupt = '{"schema":1,"board":{"id":"abc","name":"Lost?","stories":[{"title":';
  await page.goto('#/backlog');
  await page.evaluate((text) => {
    localStorage.clear();
    localStorage.setItem('sprintdeck:v1:board:abc', text);
    localStorage.setItem('sprintdeck:v1:index', '{"schema":1,"current":"abc","boards":[]}');
  }, corrupt);
  await page.reload();
  const banner = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('not valid JSON');
  // The app works on a fresh board, and the damaged text is still stored, byte for byte.
  await addStory(page, 'Work goes on');
  const kept = await page.evaluate((text) =>
    Object.keys(localStorage).filter((k) => localStorage.getItem(k) === text), corrupt);
  expect(kept.length).toBe(1);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect(list(page).locator('.story-title')).toHaveText(['Work goes on']);
});

test('undo works across a reload, and an unreadable undo history is kept aside without losing the board', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'First');
  await addStory(page, 'Second');
  await page.reload();
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toHaveAttribute('title', 'Undo add story (Ctrl+Z)');
  await undo.click();
  await expect(list(page).locator('.story-title')).toHaveText(['First']);
  await page.reload(); // the undo is saved, at the latest when the page goes
  await expect(page.getByRole('button', { name: 'Redo' })).toHaveAttribute('title', 'Redo add story (Ctrl+Shift+Z)');

  // Damage the oldest step of the stored history; the board itself stays readable.
  const damaged = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('sprintdeck:v1:board:'));
    const doc = JSON.parse(localStorage.getItem(key));
    doc.history.undo[0].before = 'broken';
    const text = JSON.stringify(doc);
    localStorage.setItem(key, text);
    return text;
  });
  await page.reload();
  // The board opens; the banner says at once what could not be read, and where.
  await expect(list(page).locator('.story-title')).toHaveText(['First']);
  const banner = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await expect(banner).toContainText('history.undo[0].before');
  await expect(page.getByRole('button', { name: 'Redo' })).toHaveAttribute('aria-disabled', 'true');
  // Work goes on, with a fresh history; the damaged text stays, byte for byte, in a copy kept
  // aside, and its banner stays until the copy is dealt with.
  await addStory(page, 'Third');
  await undo.click();
  await expect(list(page).locator('.story-title')).toHaveText(['First']);
  await page.reload();
  await expect(list(page).locator('.story-title')).toHaveText(['First']);
  await expect(banner).toContainText('history.undo[0].before');
  const kept = await page.evaluate((text) =>
    Object.keys(localStorage).filter((k) => localStorage.getItem(k) === text), damaged);
  expect(kept).toEqual([expect.stringContaining('backup')]);
});

test('a full storage shows a banner and keeps the edits in the tab', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    window.__setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await page.getByRole('textbox', { name: 'New story title' }).fill('Kept in memory');
  await page.getByRole('button', { name: 'Add story' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'storage is full' })).toBeVisible();
  await expect(page.getByText('Kept in memory', { exact: true })).toBeVisible();
  // Nothing that would close the board is done meanwhile: its edits stay in the tab.
  await nav(page, 'Share');
  await page.getByRole('textbox', { name: 'New board', exact: true }).fill('Another');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page.getByText(/It was not created: your latest changes to this board are not saved yet/)).toBeVisible();
  await nav(page, 'Backlog');
  await expect(page.getByText('Kept in memory', { exact: true })).toBeVisible();
  await page.evaluate(() => { Storage.prototype.setItem = window.__setItem; });
  await page.getByRole('button', { name: 'Try saving again' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'storage is full' })).toBeHidden();
  await page.reload();
  await expect(list(page).locator('.story-title')).toHaveText(['Kept in memory']);
});

test('every page is reachable and survives a reload', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import stories' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveCSS('border-radius', '16px');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Poker', 'Capacity', 'Share']) {
    await nav.getByRole('link', { name }).click();
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await page.reload();
    await expect(page).toHaveTitle(`${name} · SprintDeck`);
  }
  await nav.getByRole('link', { name: 'Backlog' }).click();
  await expect(page.getByRole('heading', { name: 'Backlog', exact: true })).toBeVisible();
});

test('a first visit loads no chunk until a page needs one; a stored board loads its decoders', async ({ page }) => {
  const chunks = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop();
    if (/^(split_|chunk_).*\.wasm$/.test(name)) chunks.push(name);
  });
  await openApp(page);
  await expect(page.getByText('No stories yet.')).toBeVisible();
  await addStory(page, 'First of many');
  expect(chunks, 'the first story needs nothing but the start module').toEqual([]);
  await page.reload();
  await expect(list(page).locator('.story-title')).toHaveText(['First of many']);
  expect(chunks.some((n) => n.startsWith('split_decoders'))).toBe(true);
  expect(chunks.some((n) => n.startsWith('split_poker_page'))).toBe(false);
  await nav(page, 'Poker');
  await expect(page.getByRole('heading', { name: 'Planning poker' })).toBeVisible();
  expect(chunks.some((n) => n.startsWith('split_poker_page'))).toBe(true);
});

test('code that cannot be fetched is reported in the page, and no work is lost', async ({ browser }) => {
  // No service worker: it would answer from its cache what the test makes unreachable.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  const expected = /Failed to load resource|Failed to fetch/;
  page.on('console', (m) => { if (m.type() === 'error' && !expected.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const stored = () => page.evaluate(() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('sprintdeck:'))));
  // A page's code cannot be fetched: it says so in its place, and the rest goes on.
  let offline = true;
  await context.route(/split_poker_page[^/]*\.wasm$/, (r) => (offline ? r.abort() : r.continue()));
  await openApp(page);
  await addStory(page, 'Safe and sound');
  await nav(page, 'Poker');
  const alert = page.getByRole('alert').filter({ hasText: /could not be loaded \(are you offline\?\).*nothing was lost/ });
  await expect(alert).toBeVisible();
  offline = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Planning poker' })).toBeVisible();
  await nav(page, 'Backlog');
  await expect.poll(async () => JSON.stringify(await stored())).toContain('Safe and sound');
  const before = await stored();

  // Nor can the reader of stored boards: nothing opens, nothing stored changes.
  await context.unrouteAll();
  await context.route(/split_decoders[^/]*\.wasm$/, (r) => r.abort());
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: /could not load the part that opens your saved boards.*reload the page to try again/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Backlog', exact: true })).toHaveCount(0);
  expect(await stored()).toEqual(before);

  await context.unrouteAll();
  await page.reload();
  await expect(list(page).locator('.story-title')).toHaveText(['Safe and sound']);
  expect(problems).toEqual([]);
  await context.close();
});

test('the app installs: Chromium finds its manifest, icons and service worker, and reports nothing missing', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito, where Chromium installs nothing; that is the only
  // reason it may give.
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  const { url, data } = await cdp.send('Page.getAppManifest');
  const manifest = JSON.parse(data);
  expect(manifest).toMatchObject({ name: 'SprintDeck', display: 'standalone', start_url: './#/backlog' });
  const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, url).href);
    expect(response.ok(), icon.src).toBe(true);
  }
});
