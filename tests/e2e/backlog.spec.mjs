import { test, expect, openApp, addStory } from './fixtures.mjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const list = (page) => page.getByRole('list', { name: 'Backlog' });
const row = (page, title) => list(page).getByRole('listitem', { name: title, exact: true });
const announcer = (page) => page.locator('#announcer');

async function seed(page, names) {
  await openApp(page);
  for (const n of names) await addStory(page, n);
}

test('keyboard reorder moves the focused story and announces it', async ({ page }) => {
  await seed(page, ['Alpha', 'Bravo', 'Charlie', 'Delta']);
  await row(page, 'Charlie').click();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(list(page).locator('.story-title')).toHaveText(['Alpha', 'Charlie', 'Bravo', 'Delta']);
  await expect(announcer(page)).toHaveText('Story “Charlie” moved to position 2 of 4.');
  await expect(row(page, 'Charlie')).toBeFocused();
  await page.keyboard.press('Alt+End');
  await expect(list(page).locator('.story-title')).toHaveText(['Alpha', 'Bravo', 'Delta', 'Charlie']);
  await expect(announcer(page)).toHaveText('Story “Charlie” moved to position 4 of 4.');
  await page.keyboard.press('Alt+Home');
  await expect(announcer(page)).toHaveText('Story “Charlie” moved to position 1 of 4.');
  // Arrow keys move focus; Alt+M opens "move to position".
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'Alpha')).toBeFocused();
  await page.keyboard.press('Alt+m');
  const dialog = page.getByRole('dialog', { name: 'Move to position' });
  await dialog.getByRole('spinbutton').fill('3');
  await dialog.getByRole('button', { name: 'Move' }).click();
  await expect(list(page).locator('.story-title')).toHaveText(['Charlie', 'Bravo', 'Alpha', 'Delta']);
  await expect(announcer(page)).toHaveText('Story “Alpha” moved to position 3 of 4.');
});

test('drag and drop with the mouse shows a drop line and reorders', async ({ page }) => {
  await seed(page, ['One', 'Two', 'Three', 'Four']);
  const handle = row(page, 'One').locator('.handle');
  const target = await row(page, 'Three').boundingBox();
  const start = await handle.boundingBox();
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + 10, target.y + target.height * 0.75, { steps: 8 });
  await expect(page.locator('.drop-line.shown')).toBeVisible();
  await page.mouse.up();
  await expect(list(page).locator('.story-title')).toHaveText(['Two', 'Three', 'One', 'Four']);
  await expect(announcer(page)).toHaveText('Story “One” moved to position 3 of 4.');
  await expect(page.locator('.drop-line.shown')).toHaveCount(0);
});

test('a multi-selection moves as a block keeping its order, and deletes with undo', async ({ page }) => {
  await seed(page, ['A', 'B', 'C', 'D', 'E']);
  await row(page, 'B').click();
  await row(page, 'D').click({ modifiers: ['Shift'] });
  await page.getByRole('checkbox', { name: 'Select “E”' }).check();
  await expect(page.getByRole('region', { name: 'Selected stories' })).toContainText('4 selected');
  await page.getByRole('checkbox', { name: 'Select “C”' }).uncheck();
  await page.getByRole('button', { name: 'Move to top' }).click();
  await expect(list(page).locator('.story-title')).toHaveText(['B', 'D', 'E', 'A', 'C']);
  await expect(announcer(page)).toHaveText('3 stories moved to positions 1 to 3 of 5.');
  await page.getByRole('textbox', { name: 'Tag to add' }).fill('mvp');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(row(page, 'D')).toContainText('mvp');
  await page.getByRole('button', { name: 'Delete selected' }).click();
  await expect(list(page).locator('.story-title')).toHaveText(['A', 'C']);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(list(page).locator('.story-title')).toHaveText(['B', 'D', 'E', 'A', 'C']);
});

test('undo and redo survive a reload', async ({ page }) => {
  await seed(page, ['First', 'Second', 'Third']);
  await row(page, 'Third').click();
  await page.keyboard.press('Alt+Home');
  await expect(list(page).locator('.story-title')).toHaveText(['Third', 'First', 'Second']);
  await page.reload();
  await expect(list(page)).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(list(page).locator('.story-title')).toHaveText(['First', 'Second', 'Third']);
  await expect(announcer(page)).toHaveText('Undone: move story.');
  await page.reload();
  await expect(list(page)).toBeVisible();
  await expect(list(page).locator('.story-title')).toHaveText(['First', 'Second', 'Third']);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(list(page).locator('.story-title')).toHaveText(['Third', 'First', 'Second']);
  // Every step back to the empty board.
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('No stories yet.')).toBeVisible();
});

test('filters narrow the list and a filtered move skips hidden stories', async ({ page }) => {
  await seed(page, ['Login page', 'Billing export', 'Login with Google', 'Billing reminders', 'Login audit']);
  await page.getByRole('searchbox', { name: 'Search stories' }).fill('login');
  await expect(page.getByText('3 of 5 shown')).toBeVisible();
  await row(page, 'Login audit').click();
  await page.keyboard.press('Alt+ArrowUp');
  await page.getByRole('searchbox', { name: 'Search stories' }).fill('');
  await expect(list(page).locator('.story-title')).toHaveText(['Login page', 'Billing export', 'Login audit', 'Login with Google', 'Billing reminders']);
});

test('search ignores case in any script', async ({ page }) => {
  await seed(page, ['Überweisung prüfen', 'ΟΔΟΣ mapping', 'Plain story']);
  const search = page.getByRole('searchbox', { name: 'Search stories' });
  await search.fill('über');
  await expect(list(page).locator('.story-title')).toHaveText(['Überweisung prüfen']);
  await search.fill('οδος');
  await expect(list(page).locator('.story-title')).toHaveText(['ΟΔΟΣ mapping']);
  await search.fill('PLAIN');
  await expect(list(page).locator('.story-title')).toHaveText(['Plain story']);
});

test('a Jira CSV imports through the mapping preview and exports back', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import stories' });
  const fixture = fileURLToPath(new URL('../../core/tests/fixtures/csv/jira-cloud-nl-points-9-logwork-cols.csv', import.meta.url));
  await dialog.getByLabel(/choose a CSV export/).setInputFiles(fixture);
  await expect(dialog.getByText(/looks like Jira; 83 rows, comma-separated, UTF-8/)).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Estimate (points)' })).toHaveValue(/\d+/);
  await expect(dialog.getByRole('status')).toHaveText('83 stories ready to import.');
  await dialog.getByRole('button', { name: 'Import 83 stories' }).click();
  await expect(dialog).toBeHidden();
  await expect(announcer(page)).toHaveText('Imported 83 stories.');
  await expect(page.locator('.page-summary')).toContainText('83 stories');
  // Only the rows near the viewport are rendered; each says where it stands.
  await expect(list(page).getByRole('listitem').first()).toHaveAttribute('aria-setsize', '83');
  // The import is one undo step.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('No stories yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Redo' }).click();

  await page.getByText('Export', { exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /^CSV/ }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.startsWith('\uFEFFTitle,Description,Acceptance Criteria,Story Points')).toBeTruthy();
  // Re-import our own export: the same 83 stories, with the same points.
  await page.getByRole('button', { name: 'Import…' }).click();
  await dialog.getByLabel(/choose a CSV export/).setInputFiles(file);
  await expect(dialog.getByRole('status')).toHaveText('83 stories ready to import.');
  await dialog.getByRole('button', { name: 'Import 83 stories' }).click();
  await expect(page.locator('.page-summary')).toContainText('166 stories');
  const summary = await page.locator('.page-summary').textContent();
  const points = Number(summary.match(/(\d+) points/)[1]);
  expect(points % 2).toBe(0);
});

test('a broken file gets a clear message and imports nothing', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import stories' });
  await dialog.getByLabel(/choose a CSV export/).setInputFiles({
    name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('Title,Points\nok,1\n"never closed,2\nmore,3\n'),
  });
  await expect(dialog.getByRole('alert')).toHaveText(/broken\.csv cannot be imported\. Line 3: a quoted field starts here but its closing quote/);
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Paste one story per line' }).fill('- Write tests\n- Ship it\n\n');
  await dialog.getByRole('button', { name: 'Import 2 stories' }).click();
  await expect(list(page).locator('.story-title')).toHaveText(['Write tests', 'Ship it']);
});

test('the app loads and edits persist with the network cut', async ({ page, context }) => {
  await openApp(page);
  await addStory(page, 'Written online');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect(list(page)).toBeVisible();
  await context.setOffline(true);
  await page.reload();
  await expect(list(page)).toBeVisible();
  await addStory(page, 'Written offline');
  await page.reload();
  await expect(list(page).locator('.story-title')).toHaveText(['Written online', 'Written offline']);
  await context.setOffline(false);
});
