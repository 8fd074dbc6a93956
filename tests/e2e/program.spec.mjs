// The program board across browsers: two teams plan on their own boards in their own browsers,
// a third browser builds the program from their links, finds a red dependency and a booking
// conflict, reads the steering summary, and sends each team its view back.
import { test, expect, openApp, freshPage, nav } from './fixtures.mjs';

const row = (page, title) => page.getByRole('list', { name: 'Backlog' }).getByRole('listitem', { name: title, exact: true });

/// A team's board in its own browser: stories from a CSV, a sprint from 2026-11-30 (and a
/// second one if `twoSprints`), `inSprint` committed to the open sprint.
async function teamBoard(browser, name, stories, inSprint, { twoSprints = false, impediment } = {}) {
  const page = await freshPage(browser);
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import stories' });
  const csv = 'Title,Story Points,Labels\n' + stories.map(([t, p, tag]) => `${t},${p},${tag ?? ''}`).join('\n') + '\n';
  await dialog.getByLabel(/choose a CSV export/).setInputFiles({ name: 'backlog.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await dialog.getByRole('button', { name: `Import ${stories.length} stories` }).click();
  await nav(page, 'Share');
  await page.getByRole('textbox', { name: 'Name of the open board' }).fill(name);
  await page.getByRole('button', { name: 'Rename' }).click();
  await nav(page, 'Capacity');
  await page.getByLabel('Start date').fill('2026-11-30');
  await page.getByRole('button', { name: 'Plan this sprint' }).click();
  if (twoSprints) await page.getByRole('button', { name: 'Plan the next sprint' }).click();
  if (impediment) {
    await page.getByRole('textbox', { name: 'Impediment' }).fill(impediment);
    await page.getByRole('button', { name: 'Raise impediment' }).click();
    await expect(page.getByRole('checkbox', { name: `${impediment} resolved` })).toBeVisible();
  }
  await nav(page, 'Backlog');
  await row(page, inSprint).click();
  await page.getByRole('combobox', { name: 'Set status of selected stories' }).selectOption({ label: 'In sprint' });
  await page.getByRole('button', { name: 'Clear selection' }).click();
  return page;
}

async function boardLink(page) {
  await nav(page, 'Share');
  await page.getByRole('radio', { name: /The whole board/ }).check();
  const box = page.getByRole('textbox', { name: 'Link' });
  await expect(box).toHaveValue(/#\/open\/[A-Za-z0-9_-]{20,}/);
  return box.inputValue();
}

async function addFromLink(page, link, name, button = 'Add team') {
  await page.getByRole('textbox', { name: 'A board link' }).fill(link);
  await page.getByRole('button', { name: 'Add from link' }).click();
  const preview = page.getByRole('dialog', { name: "Add a team's snapshot" });
  await expect(preview).toContainText(name);
  const text = await preview.textContent();
  await preview.getByRole('button', { name: button }).click();
  await expect(page.getByRole('rowheader', { name, exact: true }).first()).toBeVisible();
  return text;
}

test('two teams in their own browsers, one program: a red dependency, a booking conflict, the summary and feedback both ways', async ({ page, browser }) => {
  const payments = await teamBoard(browser, 'Payments', [['Card checkout', 5, 'checkout'], ['Refunds', 3], ['Invoices', 8]], 'Card checkout');
  const web = await teamBoard(browser, 'Web', [['Checkout page', 5, 'checkout'], ['Search', 3]], 'Checkout page',
    { twoSprints: true, impediment: 'Staging database is read-only' });
  const payLink = await boardLink(payments);
  const webLink = await boardLink(web);

  await openApp(page, '#/program');
  await expect(page.getByRole('heading', { name: 'Program', level: 1 })).toBeVisible();
  await page.getByRole('textbox', { name: 'Program name' }).fill('Checkout programme');
  await page.getByRole('button', { name: 'Rename' }).click();
  await addFromLink(page, payLink, 'Payments');
  const preview = await addFromLink(page, webLink, 'Web');
  expect(preview).toContain('1 open impediments');

  // The grid: both teams, sprints aligned by date.
  const grid = page.getByRole('table').filter({ has: page.getByRole('rowheader', { name: 'Milestones' }) });
  await expect(grid.getByRole('columnheader', { name: /^2026-11-30/ })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: /^2026-12-14/ })).toBeVisible();
  await expect(grid.getByRole('row', { name: /^Payments/ })).toContainText('5 pts');

  // Card checkout (Payments, sprint 1) needs Checkout page (Web, sprint 2): red.
  await page.getByRole('combobox', { name: 'Story that needs another' }).selectOption({ label: 'Card checkout' });
  await page.getByRole('combobox', { name: 'Needs this story' }).selectOption({ label: 'Checkout page' });
  await page.getByRole('button', { name: 'Add dependency' }).click();
  const deps = page.getByRole('list', { name: 'Dependencies' });
  await expect(deps).toContainText('“Card checkout” (Payments) needs “Checkout page” (Web)');
  await expect(deps).toContainText('Red: needed later than it is needed');
  await expect(page.locator('svg.dependency-lines path.dep-red')).toHaveCount(1);
  // The reverse closes a cycle: refused, with the reason.
  await page.getByRole('combobox', { name: 'Team that needs' }).selectOption({ label: 'Web' });
  await page.getByRole('combobox', { name: 'Team needed' }).selectOption({ label: 'Payments' });
  await page.getByRole('combobox', { name: 'Story that needs another' }).selectOption({ label: 'Checkout page' });
  await page.getByRole('combobox', { name: 'Needs this story' }).selectOption({ label: 'Card checkout' });
  await page.getByRole('button', { name: 'Add dependency' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'would close a cycle' })).toBeVisible();

  // A shared test environment, booked by both teams over the same days.
  await page.getByRole('textbox', { name: 'New resource' }).fill('Test environment');
  await page.getByRole('button', { name: 'Add resource' }).click();
  const book = async (team, from, to) => {
    await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption({ label: team });
    await page.getByLabel('First day').fill(from);
    await page.getByLabel('Last day').fill(to);
    await page.getByRole('button', { name: 'Book', exact: true }).click();
  };
  await book('Payments', '2026-12-01', '2026-12-04');
  await book('Web', '2026-12-03', '2026-12-05');
  await expect(page.getByRole('table').filter({ hasText: 'Conflicts' })).toContainText('first free window for Web: from 2026-12-05');
  // Flagged on the grid too, in both teams' sprint of those days.
  await expect(grid.getByRole('row', { name: /^Payments/ })).toContainText('Booking conflict: Test environment');
  await expect(grid.getByRole('row', { name: /^Web/ })).toContainText('Booking conflict: Test environment');

  // A risk on the ROAM board, moved to Owned; a milestone; fist of five.
  await page.getByRole('textbox', { name: 'Risk', exact: true }).fill('Card provider changes its API');
  await page.getByRole('textbox', { name: 'Owner' }).fill('Ann');
  await page.getByRole('button', { name: 'Raise risk' }).click();
  await page.getByRole('combobox', { name: 'Where “Card provider changes its API” stands' }).selectOption({ label: 'Owned' });
  await expect(page.getByRole('group', { name: 'Owned' })).toContainText('Card provider changes its API');
  await page.getByRole('textbox', { name: 'Milestone' }).fill('Checkout release');
  await page.getByLabel('Date', { exact: true }).fill('2027-01-29');
  await page.getByRole('button', { name: 'Add milestone' }).click();
  await page.getByRole('combobox', { name: 'Confidence of Payments, fist of five' }).selectOption({ label: '4 of 5' });
  await page.getByRole('combobox', { name: 'Confidence of Web, fist of five' }).selectOption({ label: '2 of 5' });

  // The steering summary: where we are, where we are going, what is stopping us.
  const steering = page.getByRole('region', { name: 'Steering summary' });
  await expect(steering).toContainText('Payments');
  await expect(steering).toContainText('Checkout release');
  await expect(steering).toContainText('Red dependency: “Card checkout” (Payments) needs “Checkout page” (Web)');
  await expect(steering).toContainText('Booking conflict: Test environment');
  await expect(steering).toContainText('Impediment: Staging database is read-only (Web).');
  await expect(steering).toContainText('Risk: Card provider changes its API (owned, owner Ann).');
  await expect(steering).toContainText('3 of 5 on average, 2 of 2 teams voted');
  const summaryLink = await steering.getByRole('textbox', { name: 'Read-only summary link' }).inputValue();

  // After a reload, the program is still there.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Dependencies' })).toContainText('Card checkout');

  // Anyone opens the summary link read-only.
  const reader = await freshPage(browser);
  await reader.goto(summaryLink);
  const read = reader.getByRole('dialog', { name: 'Steering summary (read-only)' });
  await expect(read).toContainText('Checkout programme');
  await expect(read).toContainText('Booking conflict: Test environment');
  expect(reader.problems).toEqual([]);
  await reader.context().close();

  // Web gets its view back, beside its own plan, and nothing of its board changes.
  await page.getByRole('button', { name: 'Feedback link for Web' }).click();
  const feedback = await page.getByRole('textbox', { name: 'Feedback link' }).inputValue();
  await page.getByRole('button', { name: 'Close' }).click();
  await web.goto(feedback);
  const view = web.getByRole('dialog', { name: 'What the program says to your team' });
  await expect(view).toContainText('“Card checkout” (Payments');
  await expect(view).toContainText('needs your “Checkout page”');
  await expect(view).toContainText('in your plan now: Sprint 2');
  await expect(view).toContainText('Overlaps Payments\'s booking 2026-12-01 to 2026-12-04');
  await expect(view.getByRole('heading', { name: 'Your plan' })).toBeVisible();
  await view.getByRole('button', { name: 'Close' }).click();
  await nav(web, 'Backlog');
  await expect(web.getByRole('list', { name: 'Backlog' }).getByRole('listitem')).toHaveCount(2);

  // Web adds a story and sends a newer snapshot: previewed, then it replaces the old one.
  await web.getByRole('textbox', { name: 'New story title' }).fill('Address autocomplete');
  await web.getByRole('button', { name: 'Add story' }).click();
  const newer = await boardLink(web);
  const replaced = await addFromLink(page, newer, 'Web', 'Replace snapshot');
  expect(replaced).toContain('1 new, 0 gone');
  await expect(page.getByRole('region', { name: 'Teams' }).getByRole('rowheader', { name: 'Web', exact: true })).toHaveCount(1);

  // The whole program travels as a link too: another person opens it as their program.
  await page.getByRole('button', { name: 'Make a program link' }).click();
  const whole = await page.getByRole('textbox', { name: 'Program link' }).inputValue();
  const colleague = await freshPage(browser);
  await colleague.goto(whole);
  const open = colleague.getByRole('dialog', { name: 'Open a program' });
  await expect(open).toContainText('Checkout programme: Payments, Web.');
  await open.getByRole('button', { name: 'Open this program' }).click();
  await expect(colleague).toHaveURL(/#\/program$/);
  await expect(colleague.getByRole('list', { name: 'Dependencies' })).toContainText('“Card checkout” (Payments) needs “Checkout page” (Web)');
  expect(colleague.problems).toEqual([]);
  await colleague.context().close();

  // A damaged program link says why, and changes nothing.
  const broken = summaryLink.slice(0, -40);
  await web.goto(broken);
  await expect(web.getByRole('dialog', { name: 'This link cannot be opened' })).toContainText('This program link cannot be opened');
  for (const p of [payments, web]) {
    expect(p.problems).toEqual([]);
    await p.context().close();
  }
});

test('a file that is not a SprintDeck file is refused with its reason, and the page goes on', async ({ page }) => {
  await openApp(page, '#/program');
  const teams = page.getByRole('region', { name: 'Teams' });
  const pick = teams.getByLabel('A SprintDeck file (.json)');
  // Not JSON at all, then JSON that is no SprintDeck file: each says why, after the file was read.
  await pick.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Retro notes: more coffee.\n') });
  await expect(page.getByRole('status').filter({ hasText: 'notes.txt cannot be added' }))
    .toHaveText('notes.txt cannot be added: it is not valid JSON (expected value).');
  await pick.setInputFiles({ name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"web","version":"1.0.0"}') });
  await expect(page.getByRole('status').filter({ hasText: 'package.json' }))
    .toHaveText('package.json cannot be added: it has no format version, so it is not SprintDeck data.');
  // The app is still alive: the program can be renamed, and says so.
  await page.getByRole('textbox', { name: 'Program name' }).fill('Still here');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Program renamed.' })).toBeVisible();
});
