import { test, expect, openApp, addStory, freshPage, nav, expectSealed } from './fixtures.mjs';

const seats = (page) => page.getByRole('list', { name: 'Voters' });

/// Starts a round on `story` with `voters` (comma-separated) from the Poker page.
async function startRound(page, story, voters, { deck } = {}) {
  await nav(page, 'Poker');
  await page.getByRole('combobox', { name: 'Story', exact: true }).selectOption({ label: story });
  if (deck) await page.getByRole('combobox', { name: 'Deck', exact: true }).selectOption({ label: deck });
  await page.getByRole('textbox', { name: /^Voters/ }).fill(voters);
  await page.getByRole('button', { name: 'Start round' }).click();
  await expect(page.getByRole('heading', { name: story })).toBeVisible();
}


test('a shared-screen round with three voters ends in an accepted estimate', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Pay by invoice');
  await startRound(page, 'Pay by invoice', 'Ann, Bo, Cy');
  const cards = page.getByRole('group', { name: 'Cards' });
  // Pass the laptop: each voter picks a card face down.
  await cards.getByRole('button', { name: 'Card 3', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: "Ann's card is down. Pass to Bo." })).toBeVisible();
  await cards.getByRole('button', { name: 'Card 8', exact: true }).click();
  // Cy votes with the keyboard: the digit picks the card.
  await cards.focus();
  await page.keyboard.press('5');
  await expect(page.getByText('3 of 3 voted')).toBeVisible();
  await expect(seats(page)).not.toContainText('8');
  await expect(seats(page).locator('.face-down')).toHaveCount(3);
  await page.keyboard.press('Enter');
  const stats = page.locator('.stats');
  await expect(stats).toContainText('Mean5.33');
  await expect(stats).toContainText('Median5');
  await expect(stats).toContainText('Nearest card5');
  await expect(stats).toContainText('ConsensusNo');
  await expect(page.locator('.explain')).toContainText('Highest: Bo. Lowest: Ann.');
  await expect(page.getByRole('combobox', { name: 'Estimate to accept' })).toHaveValue('5');
  await page.getByRole('button', { name: 'Accept estimate' }).click();
  await expect(page.getByText('Estimate 5 saved on “Pay by invoice”.')).toBeVisible();

  await nav(page, 'Backlog');
  const row = page.getByRole('list', { name: 'Backlog' }).getByRole('listitem', { name: 'Pay by invoice' });
  await expect(row.locator('.points')).toHaveText('5');
  // The round is kept on the story.
  await row.getByRole('button', { name: 'Edit “Pay by invoice”' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit story' })).toContainText('Ann: 3, Bo: 8, Cy: 5');
  await page.keyboard.press('Escape');
  // Accepting is one undoable backlog change.
  await page.getByRole('button', { name: /^Undo/ }).click();
  await expect(row.locator('.points')).toHaveText('–');
});

test('re-voting keeps the earlier round and a revealed round refuses votes', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Search orders');
  await startRound(page, 'Search orders', 'Ann, Bo', { deck: 'T-shirt sizes' });
  const cards = page.getByRole('group', { name: 'Cards' });
  await expect(page.getByRole('button', { name: 'Reveal cards' })).toBeVisible();
  await page.getByRole('button', { name: 'Reveal cards' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nobody has voted yet' })).toBeVisible();
  await cards.getByRole('button', { name: 'Card S', exact: true }).click();
  // Letters pick T-shirt cards: "x" could still become XS, XL or XXL; "xl" is XL.
  await page.keyboard.type('xl');
  await expect(page.getByText('2 of 2 voted')).toBeVisible();
  await page.getByRole('button', { name: 'Reveal cards' }).click();
  await expect(page.locator('.stats')).toContainText('Median5');
  await page.getByRole('button', { name: 'Re-vote' }).click();
  await expect(page.getByText('0 of 2 voted')).toBeVisible();
  await cards.getByRole('button', { name: 'Card M', exact: true }).click();
  await cards.getByRole('button', { name: 'Card M', exact: true }).click();
  await page.getByRole('button', { name: 'Reveal cards' }).click();
  await expect(page.locator('.stats')).toContainText('ConsensusYes');
  await page.getByRole('button', { name: 'Accept estimate' }).click();
  await nav(page, 'Backlog');
  const row = page.getByRole('list', { name: 'Backlog' }).getByRole('listitem', { name: 'Search orders' });
  await expect(row.locator('.points')).toHaveText('3');
  await row.getByRole('button', { name: 'Edit “Search orders”' }).click();
  const history = page.getByRole('region', { name: 'Planning poker rounds' });
  await expect(history.getByRole('listitem')).toHaveCount(2);
});

test('a live round stays in step across two windows of one browser', async ({ page, context }) => {
  await openApp(page);
  await addStory(page, 'Room display');
  await startRound(page, 'Room display', 'Ann, Bo');
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(second.getByRole('heading', { name: 'Room display' })).toBeVisible();
  // Ann votes in the first window, Bo in the second.
  await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 2', exact: true }).click();
  await expect(second.getByText('1 of 2 voted')).toBeVisible();
  await second.getByRole('combobox', { name: 'Voting now' }).selectOption('Bo');
  // Bo types "13": the "1" waits for a possible second digit instead of voting 1.
  await second.getByRole('group', { name: 'Cards' }).focus();
  await second.keyboard.type('13');
  await expect(page.getByText('2 of 2 voted')).toBeVisible();
  await page.getByRole('button', { name: 'Reveal cards' }).click();
  await expect(second.locator('.stats')).toContainText('Spread11');
  await expect(second.locator('.explain')).toContainText('Highest: Bo. Lowest: Ann.');
});

test('a remote round by links across three browsers; bad vote links change nothing', async ({ page, browser }) => {
  await openApp(page);
  await addStory(page, 'Remote estimate');
  await startRound(page, 'Remote estimate', 'Host');
  await page.getByText('Remote voters (by link)').click();
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const inviteBox = page.getByRole('textbox', { name: 'Invite link' });
  await expect(inviteBox).toHaveValue(/#\/open\/[A-Za-z0-9_-]+/);
  const invite = await inviteBox.inputValue();
  // The host votes on the shared screen.
  await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 5', exact: true }).click();

  const votes = [];
  for (const [name, card] of [['Dana', 'Card 8'], ['Eli', 'Card 13']]) {
    const voter = await freshPage(browser);
    await voter.goto(invite);
    const dialog = voter.getByRole('dialog', { name: 'Planning poker: your vote' });
    await expect(dialog).toContainText('Remote estimate');
    await dialog.getByRole('textbox', { name: 'Your name' }).fill(name);
    await dialog.getByRole('button', { name: card, exact: true }).click();
    await dialog.getByRole('button', { name: 'Seal my vote' }).click();
    const box = dialog.getByRole('textbox', { name: 'Vote link' });
    await expect(box).toHaveValue(/#\/open\/[A-Za-z0-9_-]+/);
    votes.push(await box.inputValue());
    expectSealed(votes.at(-1), name);
    expect(voter.problems).toEqual([]);
    await voter.context().close();
  }

  const paste = async (link) => {
    await page.getByRole('textbox', { name: 'Paste a vote link' }).fill(link);
    await page.getByRole('button', { name: 'Add vote' }).click();
  };
  const message = page.locator('.round-message');
  // A tampered vote link: one character of the sealed part changed.
  const tampered = votes[0].slice(0, -3) + (votes[0].at(-3) === 'A' ? 'B' : 'A') + votes[0].slice(-2);
  await paste(tampered);
  await expect(message).toContainText('changed or damaged');
  await expect(page.getByText('1 of 1 voted')).toBeVisible();

  await paste(votes[0]);
  await expect(message).toContainText("Dana's vote added, face down.");
  await paste(votes[0]);
  await expect(message).toContainText('Dana has already voted in this round.');
  // The second vote arrives by opening the link in the facilitator's browser.
  await page.goto(votes[1]);
  await expect(page.getByRole('dialog', { name: 'A poker vote' })).toContainText("Eli's vote added, face down.");
  await page.getByRole('button', { name: 'Go to the round' }).click();
  await expect(page.getByText('3 of 3 voted')).toBeVisible();
  await expect(seats(page)).toContainText('Dana');
  await page.getByRole('button', { name: 'Reveal cards' }).click();
  const stats = page.locator('.stats');
  await expect(stats).toContainText('Mean8.67');
  await expect(stats).toContainText('Median8');
  await expect(page.locator('.explain')).toContainText('Highest: Eli. Lowest: Host.');

  // A vote for another round is refused.
  await page.getByRole('button', { name: 'Re-vote' }).click();
  await page.getByText('Remote voters (by link)').click();
  await paste(votes[1]);
  await expect(message).toContainText('another round');
  await expect(page.getByText('0 of 3 voted')).toBeVisible();
});

test('card in hand shows one big card and hides it on tap', async ({ page }) => {
  await openApp(page, '#/poker');
  await page.getByRole('button', { name: 'Card in hand', exact: true }).click();
  const overlay = page.getByRole('dialog', { name: 'Card in hand' });
  await overlay.getByRole('button', { name: 'Card 8', exact: true }).click();
  const big = overlay.getByRole('button', { name: 'Card 8; tap to hide', exact: true });
  await expect(big).toBeVisible();
  await big.click();
  await expect(overlay.getByRole('button', { name: 'Card hidden; tap to show', exact: true })).toBeVisible();
  await overlay.getByRole('button', { name: 'Pick another card' }).click();
  await overlay.getByRole('button', { name: 'Close' }).click();
  await expect(overlay).toHaveCount(0);
});

test('a custom deck can be made and used', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Animal sizes');
  await nav(page, 'Poker');
  await page.getByText('Decks').click();
  await page.getByRole('combobox', { name: 'Deck to edit' }).selectOption('new');
  await page.getByRole('textbox', { name: 'Deck name' }).fill('Animals');
  await page.getByRole('textbox', { name: 'Label of card 1' }).fill('🐢');
  await page.getByRole('textbox', { name: 'Label of card 2' }).fill('🐇');
  await page.getByRole('textbox', { name: 'Value of card 2' }).fill('8');
  await page.getByRole('button', { name: 'Move card 2 up' }).click();
  await page.getByRole('button', { name: 'Save deck' }).click();
  await expect(page.getByText('Deck saved.')).toBeVisible();
  await startRound(page, 'Animal sizes', 'Ann', { deck: 'Animals' });
  const labels = await page.getByRole('group', { name: 'Cards' }).getByRole('button').allTextContents();
  expect(labels).toEqual(['🐇', '🐢', '?']);
});
