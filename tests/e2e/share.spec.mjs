import { test, expect, openApp, addStory, freshPage, nav } from './fixtures.mjs';

const list = (page) => page.getByRole('list', { name: 'Backlog' });
const titles = (page) => list(page).locator('.story-title');

/// Makes a link of the open board on the Share page.
async function shareLink(page, { part = 'The whole board', passphrase } = {}) {
  await nav(page, 'Share');
  await page.getByRole('radio', { name: new RegExp(part) }).check();
  const box = page.getByRole('textbox', { name: 'Link' });
  await expect(box).toHaveValue(/#\/open\/[A-Za-z0-9_-]{20,}/);
  if (passphrase) {
    const plain = await box.inputValue();
    await page.getByLabel(/^Passphrase/).fill(passphrase);
    await expect(box).not.toHaveValue(plain);
    await expect(box).toHaveValue(/#\/open\/[A-Za-z0-9_-]{20,}/);
  }
  return box.inputValue();
}


test('a shared board opens in another browser, the same board', async ({ page, browser }) => {
  await openApp(page);
  await addStory(page, 'Checkout with a saved card');
  await addStory(page, '<img src=x onerror=alert(1)>');
  const link = await shareLink(page);
  expect(link.length).toBeLessThan(2000);
  await expect(page.getByText(/characters\. Fits anywhere/)).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code of the link' })).toBeVisible();

  const other = await freshPage(browser);
  await other.goto(link);
  const dialog = other.getByRole('dialog', { name: 'Open a shared board' });
  await expect(dialog).toContainText('2 stories');
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(titles(other)).toHaveText(['Checkout with a saved card', '<img src=x onerror=alert(1)>']);
  await expect(other).toHaveURL(/#\/backlog$/);
  await other.reload();
  await expect(titles(other)).toHaveText(['Checkout with a saved card', '<img src=x onerror=alert(1)>']);
  expect(other.problems).toEqual([]);
  await other.context().close();
});

test('a link back is merged into the board it came from', async ({ page, browser }) => {
  await openApp(page);
  await addStory(page, 'Alpha');
  await addStory(page, 'Bravo');
  const out = await shareLink(page);

  const other = await freshPage(browser);
  await other.goto(out);
  await other.getByRole('button', { name: 'Open', exact: true }).click();
  await addStory(other, 'Charlie from the other browser');
  const back = await shareLink(other);
  await other.context().close();

  // Meanwhile this browser edited Bravo.
  await nav(page, 'Backlog');
  await list(page).getByRole('listitem', { name: 'Bravo' }).dblclick();
  await page.getByRole('textbox', { name: 'Story title', exact: true }).fill('Bravo, edited here');
  await page.keyboard.press('Enter');

  await page.goto(back);
  const dialog = page.getByRole('dialog', { name: 'Open a shared board' });
  await expect(dialog).toContainText('This browser already has this board');
  const merge = dialog.getByRole('radio', { name: /^Merge it into/ });
  await expect(merge).toHaveAccessibleName(/adds 1 stories, takes 0 newer edits from the link, keeps 1 of yours/);
  await merge.check();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(titles(page)).toHaveText(['Alpha', 'Bravo, edited here', 'Charlie from the other browser']);
  await expect(page.getByRole('status').filter({ hasText: 'Merged' })).toContainText('1 stories added');
  // The merge is one undoable step.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(titles(page)).toHaveText(['Alpha', 'Bravo, edited here']);
});

test('a mangled link shows the error and changes nothing', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Keep me');
  const link = await shareLink(page);
  const [base, payload] = link.split('#/open/');
  const mangled = `${base}#/open/${payload.slice(0, 10)}QQQQ${payload.slice(14)}`;
  await page.goto(mangled);
  const dialog = page.getByRole('dialog', { name: 'This link cannot be opened' });
  await expect(dialog.getByRole('alert')).toHaveText(/^This link cannot be opened: (it is damaged|its content is damaged)/);
  await dialog.getByRole('button', { name: 'Go to my backlog' }).click();
  await expect(titles(page)).toHaveText(['Keep me']);
  await page.goto(`${base}#/open/not*a*link`);
  await expect(page.getByRole('dialog', { name: 'This link cannot be opened' }).getByRole('alert')).toHaveText('This link cannot be opened: it contains “*”, which never appears in a link SprintDeck makes.');
});

test('a passphrase-protected link needs the passphrase', async ({ page, browser }) => {
  await openApp(page);
  await addStory(page, 'Secret roadmap item');
  const link = await shareLink(page, { passphrase: 'correct horse battery' });
  expect(link).not.toContain('Secret');
  const other = await freshPage(browser);
  await other.goto(link);
  const dialog = other.getByRole('dialog', { name: 'This link is protected' });
  await dialog.getByLabel('Passphrase').fill('wrong horse');
  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The link did not open: the passphrase is wrong, or the link was changed.');
  await dialog.getByLabel('Passphrase').fill('correct horse battery');
  await dialog.getByRole('button', { name: 'Open' }).click();
  await other.getByRole('dialog', { name: 'Open a shared board' }).getByRole('button', { name: 'Open', exact: true }).click();
  await expect(titles(other)).toHaveText(['Secret roadmap item']);
  expect(other.problems).toEqual([]);
  await other.context().close();
});

test('a read-only plan opens as a view and can be copied', async ({ page, browser }) => {
  await openApp(page);
  await addStory(page, 'Plan item one');
  const link = await shareLink(page, { part: 'A read-only plan' });
  const other = await freshPage(browser);
  await other.goto(link);
  const view = other.getByRole('dialog', { name: 'Read-only plan' });
  await expect(view.getByRole('table', { name: 'Stories of the plan' })).toContainText('Plan item one');
  await view.getByRole('button', { name: 'Make my own copy' }).click();
  await expect(titles(other)).toHaveText(['Plan item one']);
  await other.context().close();
});

test('boards can be created, switched, deleted and brought back; a backup imports back', async ({ page, browser }) => {
  await openApp(page);
  await addStory(page, 'On the first board');
  await nav(page, 'Share');
  await page.getByRole('textbox', { name: 'New board' }).fill('Second team');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'New board created' })).toBeVisible();
  const boards = page.locator('.board-list');
  await expect(boards).toContainText('Second team');
  await page.getByRole('button', { name: 'Delete “My board”' }).click();
  await page.getByRole('button', { name: 'Delete “My board”' }).click();
  await expect(boards).not.toContainText('My board');
  await page.getByRole('button', { name: 'Undo delete' }).click();
  await expect(boards).toContainText('My board');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all boards' }).click();
  const file = await (await download).path();

  const other = await freshPage(browser);
  await other.goto(page.url().replace(/#.*$/, '#/share'));
  await other.getByLabel(/Import boards from a SprintDeck file/).setInputFiles(file);
  const dialog = other.getByRole('dialog', { name: 'Import boards' });
  await expect(dialog).toContainText('Second team');
  await dialog.getByRole('button', { name: 'Take in 2 boards' }).click();
  await expect(other.locator('.board-list')).toContainText('Second team');
  await expect(other.locator('.board-list')).toContainText('My board');
  await other.context().close();
});

test('two tabs editing the same board lose no edit', async ({ page, context }) => {
  await openApp(page);
  await addStory(page, 'Start');
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(titles(second)).toHaveText(['Start']);
  // Both tabs add a story at the same moment, before either has seen the other's save.
  await Promise.all([addStory(page, 'From tab one'), addStory(second, 'From tab two')]);
  await page.waitForTimeout(600);
  await page.reload();
  await second.reload();
  for (const p of [page, second]) {
    await expect(titles(p)).toHaveCount(3);
    const seen = await titles(p).allTextContents();
    expect(seen.sort()).toEqual(['From tab one', 'From tab two', 'Start']);
  }
});

test('a backup file that is not one is refused with the reason, and nothing changes', async ({ page }) => {
  await openApp(page, '#/share');
  const pick = page.getByLabel(/Import boards from a SprintDeck file/);
  const status = page.getByText(/cannot be imported/);
  await pick.setInputFiles({ name: 'holiday.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(33 * 1024 * 1024, 7) });
  await expect(status).toHaveText('holiday.mp4 cannot be imported. It is 33 MB; a backup is at most 32 MB.');
  await pick.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(status).toContainText('notes.json cannot be imported: ');
  await expect(page.getByRole('dialog', { name: 'Import boards' })).toHaveCount(0);
});

test('two tabs opened before any change end up on one board', async ({ page, context }) => {
  await openApp(page);
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(second.getByText('No stories yet.')).toBeVisible();
  // Neither tab has written its new board yet; the first change decides which board it is.
  await addStory(page, 'Written first');
  await expect(titles(second)).toHaveText(['Written first']);
  await addStory(second, 'Then in the other tab');
  await page.waitForTimeout(600);
  await page.reload();
  await expect(titles(page)).toHaveText(['Written first', 'Then in the other tab']);
  const boards = await page.evaluate(() => JSON.parse(localStorage.getItem('sprintdeck:v1:index')).boards.length);
  expect(boards).toBe(1);
});
