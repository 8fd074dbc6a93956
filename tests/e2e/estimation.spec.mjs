// Estimation beyond one story at a time: async rounds over many stories answered in separate
// browsers, confidence on every vote, who has not voted yet, and the relative sizing board.
import { test, expect, openApp, addStory, freshPage, nav, expectSealed } from './fixtures.mjs';

/// Goes to the Poker page and one of its kinds of estimation.
async function mode(page, name) {
  await nav(page, 'Poker');
  await page.getByRole('navigation', { name: 'Kind of estimation' }).getByRole('button', { name }).click();
}

/// A voter in their own browser answers the async invite: `votes` maps story number to
/// [card, confidence]; returns the answer link.
async function answer(browser, invite, name, votes, { reload = false } = {}) {
  const voter = await freshPage(browser);
  await voter.goto(invite);
  let dialog = voter.getByRole('dialog', { name: 'Planning poker: async round' });
  await expect(dialog).toContainText('Estimate 3 stories in your own time');
  await expect(dialog).toContainText('Please answer by 2026-12-11');
  // The name is kept as it is typed (the reload below comes before the field loses focus).
  await dialog.getByRole('textbox', { name: 'Your name' }).fill(name);
  const entries = Object.entries(votes);
  let at = 1;
  for (const [i, [card, sure]] of entries) {
    // The next story by the "Next story" button, any other by its step.
    if (Number(i) === at + 1) await dialog.getByRole('button', { name: 'Next story' }).click();
    else if (Number(i) !== at) await dialog.getByRole('navigation', { name: 'Stories' }).getByRole('button', { name: new RegExp(`^Story ${i}:`) }).click();
    at = Number(i);
    await expect(dialog.getByText(`Story ${i} of 3`)).toBeVisible();
    await dialog.getByRole('group', { name: 'Cards' }).getByRole('button', { name: `Card ${card}`, exact: true }).click();
    await dialog.getByRole('radio', { name: sure, exact: true }).check();
    if (reload && i === entries[0][0]) {
      // Coming back later: the votes so far are kept in this browser.
      await voter.reload();
      dialog = voter.getByRole('dialog', { name: 'Planning poker: async round' });
      await expect(dialog.getByRole('textbox', { name: 'Your name' })).toHaveValue(name);
      await expect(dialog.getByRole('button', { name: new RegExp(`^Story ${i}: .*, voted ${card}$`) })).toBeVisible();
      // It opens on the first story not voted yet.
      at = -1;
    }
  }
  if (at === 3) await expect(dialog.getByRole('button', { name: 'Next story' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Seal my answers' }).click();
  const box = dialog.getByRole('textbox', { name: 'Answer link' });
  await expect(box).toHaveValue(/#\/open\/[A-Za-z0-9_-]+/);
  const link = await box.inputValue();
  expectSealed(link, name);
  expect(voter.problems).toEqual([]);
  await voter.context().close();
  return link;
}

/// Three stories and an async round over them, answers by 2026-12-11; returns the invite.
async function startAsync(page) {
  await openApp(page);
  for (const t of ['Pay by card', 'Refunds', 'Export as CSV']) await addStory(page, t);
  await mode(page, 'Async round');
  await expect(page.getByRole('group', { name: /^Stories \(3 of at most 30 picked\)/ })).toBeVisible();
  await page.getByLabel('Answer by (deadline)').fill('2026-12-11');
  await page.getByRole('button', { name: 'Create async round' }).click();
  const inviteBox = page.getByRole('textbox', { name: 'Invite link (one for everyone)' });
  await expect(inviteBox).toHaveValue(/#\/open\/[A-Za-z0-9_-]+/);
  await expect(page.getByText('Nobody has answered yet.')).toBeVisible();
  return inviteBox.inputValue();
}

test('an async round over three stories, answered in two other browsers', async ({ page, browser }) => {
  const invite = await startAsync(page);

  // Story 1: both 5, sure → agreed. Story 2: 2 and 13 → split. Story 3: both 3, unsure → shaky.
  const ann = await answer(browser, invite, 'Ann', { 1: ['5', 'sure'], 2: ['2', 'fairly sure'], 3: ['3', 'unsure'] }, { reload: true });
  const bo = await answer(browser, invite, 'Bo', { 1: ['5', 'fairly sure'], 2: ['13', 'sure'], 3: ['3', 'unsure'] });

  const paste = async (link) => {
    await page.getByRole('textbox', { name: 'Paste an answer link' }).fill(link);
    await page.getByRole('button', { name: 'Add answer' }).click();
  };
  const message = page.locator('.round-message');
  const tampered = ann.slice(0, -3) + (ann.at(-3) === 'A' ? 'B' : 'A') + ann.slice(-2);
  await paste(tampered);
  await expect(message).toContainText('changed or damaged');
  await paste(ann);
  await expect(message).toContainText("Ann's answer added (3 of 3 stories voted).");
  await paste(ann);
  await expect(message).toContainText('Ann has already answered');
  // The second answer arrives by opening the link in the facilitator's browser.
  await page.goto(bo);
  await expect(page.getByRole('dialog', { name: 'An async round answer' })).toContainText("Bo's answer added");
  await page.getByRole('button', { name: 'Go to the round' }).click();
  await expect(page.getByText('Answered: Ann, Bo')).toBeVisible();

  const results = page.getByRole('table');
  const row = (title) => results.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title }) });
  await expect(row('Pay by card')).toContainText('Agreed: 5');
  await expect(row('Pay by card')).toContainText('1 fairly sure, 1 sure');
  await expect(row('Refunds')).toContainText('Discuss: Split');
  await expect(row('Export as CSV')).toContainText('Discuss: Unsure');
  // The cards cast, by voter, so the team sees who was high and who was low.
  await expect(row('Refunds')).toContainText('Ann 2, Bo 13');
  await page.getByRole('button', { name: 'Accept 1 agreed estimate' }).click();
  await expect(page.getByText('1 agreed estimate written to the backlog as one change.')).toBeVisible();
  // Accepted once only.
  await expect(page.getByRole('button', { name: '1 agreed estimate accepted' })).toBeDisabled();

  // The split story goes to a live round with the same voters.
  await row('Refunds').getByRole('button', { name: 'Discuss “Refunds” in a live round' }).click();
  await expect(page.getByRole('heading', { name: 'Refunds' })).toBeVisible();
  await expect(page.getByText('0 of 2 voted · waiting for Ann, Bo')).toBeVisible();
  // Another story to discuss while that live round is on: asked first, and the round stays.
  await mode(page, 'Async round');
  await row('Export as CSV').getByRole('button', { name: 'Discuss “Export as CSV” in a live round' }).click();
  const ask = page.getByRole('alertdialog');
  await expect(ask).toContainText('A live round on “Refunds” is in progress.');
  await ask.getByRole('button', { name: 'Keep the live round' }).click();
  await expect(ask).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Kind of estimation' }).getByRole('button', { name: 'Live round' }).click();
  await expect(page.getByRole('heading', { name: 'Refunds' })).toBeVisible();

  await nav(page, 'Backlog');
  const backlog = page.getByRole('list', { name: 'Backlog' });
  await expect(backlog.getByRole('listitem', { name: 'Pay by card' }).locator('.points')).toHaveText('5');
  await backlog.getByRole('button', { name: 'Edit “Pay by card”' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit story' })).toContainText('Ann: 5 (sure), Bo: 5 (fairly sure)');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(backlog.getByRole('listitem', { name: 'Pay by card' }).locator('.points')).toHaveText('–');
});

test('an answer opened in a new tab while the round is open in another: both tabs keep every answer', async ({ page, browser, context }) => {
  const invite = await startAsync(page);
  const ann = await answer(browser, invite, 'Ann', { 1: ['5', 'sure'], 2: ['8', 'sure'] });
  const bo = await answer(browser, invite, 'Bo', { 1: ['5', 'sure'], 3: ['3', 'sure'] });
  // Ann's answer link is opened in a second tab of the facilitator's browser.
  const other = await context.newPage();
  await other.goto(ann);
  await expect(other.getByRole('dialog', { name: 'An async round answer' })).toContainText("Ann's answer added");
  // The tab that had the round open follows at once.
  await expect(page.getByText('Answered: Ann')).toBeVisible();
  // Bo's answer pasted in the first tab: Ann's stays.
  await page.getByRole('textbox', { name: 'Paste an answer link' }).fill(bo);
  await page.getByRole('button', { name: 'Add answer' }).click();
  await expect(page.getByText('Answered: Ann, Bo')).toBeVisible();
  await page.reload();
  await expect(page.getByText('Answered: Ann, Bo')).toBeVisible();
  await other.goto(page.url());
  await expect(other.getByText('Answered: Ann, Bo')).toBeVisible();
  await other.close();
});

test('confidence on every live vote, who has not voted, and a shaky consensus flagged', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Audit log');
  await nav(page, 'Poker');
  await page.getByRole('combobox', { name: 'Story', exact: true }).selectOption({ label: 'Audit log' });
  await page.getByRole('textbox', { name: /^Voters/ }).fill('Ann, Bo, Cy');
  await page.getByRole('button', { name: 'Start round' }).click();
  await expect(page.getByText('0 of 3 voted · waiting for Ann, Bo, Cy')).toBeVisible();
  const cards = page.getByRole('group', { name: 'Cards' });
  for (const sure of ['unsure', 'unsure', 'fairly sure']) {
    await page.getByRole('radio', { name: sure, exact: true }).check();
    await cards.getByRole('button', { name: 'Card 8', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Reveal cards' }).click();
  // The reveal and its result are read out in the status line.
  await expect(page.locator('.round-message')).toHaveText('Cards revealed: 3 votes, nearest card 8, consensus, but with low confidence.');
  await expect(page.locator('.stats')).toContainText('ConsensusYes');
  await expect(page.locator('.stats')).toContainText('Confidence2 unsure, 1 fairly sure');
  await expect(page.getByText('Consensus, but the voters were not sure of it')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Voters' })).toContainText('unsure');
  await page.getByRole('button', { name: 'Accept estimate' }).click();
  await nav(page, 'Backlog');
  await page.getByRole('button', { name: 'Edit “Audit log”' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit story' })).toContainText('Ann: 8 (unsure), Bo: 8 (unsure), Cy: 8 (fairly sure)');
  await expect(page.getByRole('dialog', { name: 'Edit story' })).toContainText('low confidence');
});

test('relative sizing by keyboard and by dragging, applied as one undoable change', async ({ page }) => {
  await openApp(page);
  for (const t of ['Login page', 'Search', 'Reports']) await addStory(page, t);
  // An estimate accepted earlier becomes a reference story.
  await nav(page, 'Poker');
  await page.getByRole('combobox', { name: 'Story', exact: true }).selectOption({ label: 'Login page' });
  await page.getByRole('textbox', { name: /^Voters/ }).fill('Ann');
  await page.getByRole('button', { name: 'Start round' }).click();
  await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 3', exact: true }).click();
  await page.getByRole('button', { name: 'Reveal cards' }).click();
  await page.getByRole('button', { name: 'Accept estimate' }).click();

  await mode(page, 'Relative sizing');
  const board = page.getByRole('group', { name: 'Sizing board' });
  await expect(board.getByRole('region', { name: 'Column 3' })).toContainText('Login page');
  // Keyboard: → four times moves "Search" from "not sized" to the 4th column (3 points).
  const search = board.getByRole('button', { name: /^Search, / });
  await search.focus();
  // Focus follows the story from column to column.
  for (const c of ['0', '1', '2', '3']) {
    await page.keyboard.press('ArrowRight');
    await expect(board.getByRole('region', { name: `Column ${c}` }).getByRole('button', { name: `Search, column ${c}` })).toBeFocused();
  }
  await expect(page.locator('[aria-live="assertive"]')).toHaveText('“Search” moved to column 3.');
  // Dragging "Reports" onto column 8.
  const reports = board.getByRole('button', { name: /^Reports, / });
  const target = board.getByRole('region', { name: 'Column 8' });
  const from = await reports.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 8 });
  await page.mouse.up();
  await expect(target.getByRole('button', { name: 'Reports, column 8' })).toBeVisible();
  // Picking a story, then a column's heading, moves it too; and back.
  await target.getByRole('button', { name: 'Reports, column 8' }).click();
  await board.getByRole('button', { name: 'Put “Reports” in column 13' }).click();
  await expect(board.getByRole('region', { name: 'Column 13' })).toContainText('Reports');
  await expect(page.getByText('2 of 2 stories placed')).toBeVisible();
  await page.getByRole('button', { name: 'Apply estimates' }).click();
  await expect(page.getByText('2 estimates written as one change.')).toBeVisible();
  await nav(page, 'Backlog');
  const backlog = page.getByRole('list', { name: 'Backlog' });
  await expect(backlog.getByRole('listitem', { name: 'Search' }).locator('.points')).toHaveText('3');
  await expect(backlog.getByRole('listitem', { name: 'Reports' }).locator('.points')).toHaveText('13');
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(backlog.getByRole('listitem', { name: 'Search' }).locator('.points')).toHaveText('–');
  await expect(backlog.getByRole('listitem', { name: 'Reports' }).locator('.points')).toHaveText('–');
});
