import { test, expect, openApp, nav } from './fixtures.mjs';

const row = (page, title) => page.getByRole('list', { name: 'Backlog' }).getByRole('listitem', { name: title, exact: true });

test('capacity from a team with days off and four past sprints: the cut line and a forecast follow', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import stories' });
  await dialog.getByLabel(/choose a CSV export/).setInputFiles({
    name: 'backlog.csv', mimeType: 'text/csv',
    buffer: Buffer.from('Title,Story Points\nAlpha,5\nBravo,8\nCharlie,3\nDelta,\nEcho,5\nFoxtrot,13\nGolf,8\nHotel,2\n'),
  });
  await dialog.getByRole('button', { name: 'Import 8 stories' }).click();

  await nav(page, 'Capacity');
  // A two-week sprint from Monday 30 November with one team holiday.
  await page.getByLabel('Start date').fill('2026-11-30');
  await page.getByRole('spinbutton', { name: 'Length (working days)' }).fill('10');
  await page.getByRole('textbox', { name: /^Team holidays/ }).fill('2026-12-03');
  await page.getByRole('button', { name: 'Plan this sprint' }).click();
  await expect(page.getByText('2026-11-30 to 2026-12-11: 10 working days, 1 of them holidays.')).toBeVisible();

  for (const [name, allocation] of [['Ann', '100'], ['Bo', '100'], ['Cy', '100'], ['Dee', '100'], ['Eve', '50']]) {
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await page.getByRole('spinbutton', { name: 'Allocation %', exact: true }).fill(allocation);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByRole('textbox', { name: `Name of ${name}` })).toBeVisible();
  }
  const daysOff = page.getByRole('textbox', { name: 'Days off of Ann' });
  await daysOff.fill('2026-12-01, 2026-12-02');
  await daysOff.press('Tab');
  // 9 team days: Ann 7, Bo, Cy and Dee 9 each, Eve half of 9.
  await expect(page.locator('.capacity-figures')).toContainText('Person-days38.5');
  await expect(page.locator('.capacity-figures')).toContainText('Hours308');

  for (const [name, start, committed, completed] of [
    ['Sprint A', '2026-09-21', '30', '30'], ['Sprint B', '2026-10-05', '25', '20'],
    ['Sprint C', '2026-10-19', '25', '24'], ['Sprint D', '2026-11-02', '24', '22'],
  ]) {
    await page.getByRole('textbox', { name: 'Past sprint name' }).fill(name);
    await page.getByLabel('Start', { exact: true }).fill(start);
    await page.getByRole('textbox', { name: 'Committed', exact: true }).fill(committed);
    await page.getByRole('textbox', { name: 'Completed', exact: true }).fill(completed);
    await page.getByRole('textbox', { name: 'Person-days', exact: true }).fill('40');
    await page.getByRole('button', { name: 'Add past sprint' }).click();
    await expect(page.getByRole('rowheader', { name })).toBeVisible();
  }
  // The mean of the last three (20, 24, 22 in 40 person-days each) scaled to 38.5 person-days.
  await expect(page.locator('.capacity-figures')).toContainText('Points capacity21.2');
  await expect(page.getByText(/From the velocity of the last 3 completed sprints.*range 19.3 to 23.1/)).toBeVisible();
  await expect(page.getByText('1 story above the line has no estimate')).toBeVisible();
  await expect(page.getByRole('separator', { name: /Capacity line/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Velocity per sprint/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Burn-up/ })).toBeVisible();

  // Forecast: the first stories land in the sprint being planned.
  const forecast = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Likely (50 %)' }) });
  await expect(forecast.getByRole('row', { name: /^Alpha 5 Sprint 1/ })).toBeVisible();
  await page.getByRole('combobox', { name: 'When will this story be done?' }).selectOption({ label: 'Hotel' });
  // Hotel needs 44 points: two sprints reach it in 13 of 16 velocity pairs (81 %), three always.
  await expect(page.locator('.forecast-answers')).toContainText('50 % sure: done by sprint 2');
  await expect(page.locator('.forecast-answers')).toContainText('85 % sure: done by sprint 3');
  await expect(page.getByRole('img', { name: /Forecast distribution/ })).toBeVisible();

  await nav(page, 'Backlog');
  await expect(row(page, 'Echo').locator('.cut-note')).toBeVisible();
  await expect(row(page, 'Delta').locator('.flag')).toHaveText('not estimated');

  // One more day off for Ann: the capacity drops below Echo's running total of 21.
  await nav(page, 'Capacity');
  await daysOff.fill('2026-12-01, 2026-12-02, 2026-12-04');
  await daysOff.press('Tab');
  await expect(page.locator('.capacity-figures')).toContainText('Person-days37.5');
  await expect(page.locator('.capacity-figures')).toContainText('Points capacity20.6');
  await nav(page, 'Backlog');
  await expect(row(page, 'Delta').locator('.cut-note')).toBeVisible();
  await expect(row(page, 'Echo').locator('.cut-note')).toHaveCount(0);
  // Moving a story moves the line at once: Foxtrot (13) to the top leaves room for Alpha only.
  await row(page, 'Foxtrot').focus();
  await page.keyboard.press('Alt+Home');
  await expect(row(page, 'Alpha').locator('.cut-note')).toBeVisible();
});

test('without history the capacity is a labelled guess', async ({ page }) => {
  await openApp(page, '#/capacity');
  await page.getByLabel('Start date').fill('2026-11-30');
  await page.getByRole('button', { name: 'Plan this sprint' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Solo');
  await page.getByRole('button', { name: 'Add member' }).click();
  // 10 days × 70 % focus × 1 point per person-day.
  await expect(page.locator('.capacity-figures')).toContainText('Points capacity7');
  await expect(page.getByText(/^A guess: no completed sprint yet/)).toBeVisible();
  await expect(page.getByText('No forecast yet')).toBeVisible();
  await page.getByRole('button', { name: 'Plan the next sprint' }).click();
  await expect(page.getByText('Next sprint planned with the same settings.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Sprint name', exact: true })).toHaveValue('Sprint 2');
});

test('each sprint counts only the stories done in it, and unfinished ones move on only when asked', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import stories' });
  await dialog.getByLabel(/choose a CSV export/).setInputFiles({
    name: 'backlog.csv', mimeType: 'text/csv',
    buffer: Buffer.from('Title,Story Points\nS1,3\nS2,5\nS3,5\nS4,2\nS5,3\nS6,8\nS7,1\n'),
  });
  await dialog.getByRole('button', { name: 'Import 7 stories' }).click();
  await nav(page, 'Capacity');
  await page.getByLabel('Start date').fill('2026-11-30');
  await page.getByRole('button', { name: 'Plan this sprint' }).click();

  const setStatus = async (first, last, status) => {
    await nav(page, 'Backlog');
    await row(page, first).click();
    await row(page, last).click({ modifiers: ['Shift'] });
    await page.getByRole('combobox', { name: 'Set status of selected stories' }).selectOption({ label: status });
    await page.getByRole('button', { name: 'Clear selection' }).click();
  };
  // Sprint 1: S1–S3 (13 points) done, S6 committed and not done.
  await setStatus('S1', 'S3', 'Done');
  await setStatus('S6', 'S6', 'In sprint');
  await nav(page, 'Capacity');
  await page.getByRole('button', { name: 'Complete this sprint' }).click();
  await expect(page.getByRole('textbox', { name: 'Completed in Sprint 1' })).toHaveValue('13');
  await expect(page.getByRole('textbox', { name: 'Committed in Sprint 1' })).toHaveValue('21');
  // Asked, never silent: the unfinished story stays until the team says.
  const ask = page.getByRole('group', { name: /1 story \(8 points\) committed to Sprint 1 are not done/ });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Carry them over' }).click();
  await expect(page.getByRole('textbox', { name: 'Sprint name', exact: true })).toHaveValue('Sprint 2');

  // Sprint 2: S4 and S5 (5 points) done: sprint 2 records 5, not 18.
  await setStatus('S4', 'S5', 'Done');
  await nav(page, 'Capacity');
  await page.getByRole('button', { name: 'Complete this sprint' }).click();
  await expect(page.getByRole('textbox', { name: 'Completed in Sprint 2' })).toHaveValue('5');
  await expect(page.getByRole('textbox', { name: 'Completed in Sprint 1' })).toHaveValue('13');
  // S6 was carried into sprint 2 and not finished there either.
  await expect(page.getByRole('group', { name: /1 story \(8 points\) committed to Sprint 2/ })).toBeVisible();
  await page.getByRole('button', { name: 'Leave them' }).click();
  await expect(page.getByRole('group', { name: /committed to Sprint 2/ })).toHaveCount(0);
  // Past sprints stay editable.
  const completed1 = page.getByRole('textbox', { name: 'Completed in Sprint 1' });
  await completed1.fill('12');
  await completed1.press('Tab');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Completed in Sprint 1' })).toHaveValue('12');
});

test('done stories of a board from before are placed by the team', async ({ page }) => {
  // A format-4 board: two sprints (the first completed), three done stories, no sprint per story.
  await page.addInitScript(() => {
    if (localStorage.getItem('sprintdeck:v1:index')) return;
    const story = (id, title, status, updated) => ({ id, title, estimate: 300, status, updated_at: updated });
    const day = (d) => Date.parse(`${d}T12:00:00Z`);
    const board = {
      schema: 4,
      board: {
        id: 'b0a4d', name: 'Old board', revision: 3, updated_at: day('2026-11-20'),
        stories: [
          story('1', 'Done in sprint 1', 'done', day('2026-11-04')),
          story('2', 'Done before any sprint', 'done', day('2026-10-01')),
          story('3', 'Open', 'ready', day('2026-10-01')),
        ],
        members: [],
        sprints: [
          { id: '11', name: 'Sprint 1', start: '2026-11-02', working_days: 10, weekdays: 31, hours_per_day: 800, result: { committed: 600, completed: 600, person_days: 0 } },
          { id: '12', name: 'Sprint 2', start: '2026-11-16', working_days: 10, weekdays: 31, hours_per_day: 800 },
        ],
        settings: { quick_add: 'bottom' },
      },
    };
    localStorage.setItem('sprintdeck:v1:board:b0a4d', JSON.stringify(board));
    localStorage.setItem('sprintdeck:v1:index', JSON.stringify({ schema: 4, current: 'b0a4d', boards: [{ id: 'b0a4d', name: 'Old board' }] }));
  });
  await openApp(page, '#/capacity');
  // The story done during sprint 1 was placed there by its date; the other is asked about.
  const ask = page.getByRole('group', { name: /1 done story no sprint counts yet/ });
  await expect(ask).toBeVisible();
  await ask.getByRole('combobox', { name: 'Sprint' }).selectOption({ label: 'Sprint 1' });
  await ask.getByRole('button', { name: 'Count them in this sprint' }).click();
  await expect(ask).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('group', { name: /no sprint counts yet/ })).toHaveCount(0);
});
