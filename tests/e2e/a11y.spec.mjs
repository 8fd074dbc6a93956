// Accessibility audit: axe-core (the npm package, read from node_modules, never fetched) runs on
// every page and dialog, in the light and the dark theme, and any violation fails the test with
// its rule, its impact and the elements it found.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, openApp, addStory, freshPage, nav } from './fixtures.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/// Runs axe on the page (or inside `scope`, a CSS selector) against WCAG 2.2 A and AA and the
/// best practices; returns the violations in a readable form.
async function audit(page, label, scope) {
  // Injected by evaluation, so the page's Content-Security-Policy (no inline script) is not
  // loosened for the test: the audit sees the page as users get it.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(axeSource);
  }
  const found = await page.evaluate(async (scope) => {
    const result = await window.axe.run(scope ? document.querySelector(scope) : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 3).join(' ')}`),
    }));
  }, scope ?? null);
  const lines = found.map((v) => `${label}: [${v.impact}] ${v.rule} (${v.help})\n    ${v.nodes.join('\n    ')}`);
  return lines;
}

/// Audits every state `steps` reaches, collecting violations; fails at the end with all of them.
async function auditAll(page, steps) {
  const all = [];
  for (const [label, step, scope] of steps) {
    await step();
    // Let transitions and lazy chunks settle: axe measures colours as shown.
    await page.waitForTimeout(250);
    all.push(...(await audit(page, label, scope)));
  }
  expect(all, 'axe-core violations').toEqual([]);
}

const dialog = (page, name) => page.getByRole('dialog', { name });

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test(`backlog, capacity and share pages and their dialogs pass axe (${scheme})`, async ({ page }) => {
      await openApp(page);
      await auditAll(page, [
        ['empty backlog', async () => {}],
        ['backlog with stories', async () => {
          for (const t of ['Pay by card', 'Refunds', 'Export as CSV']) await addStory(page, t);
        }],
        ['story editor', async () => {
          await page.getByRole('button', { name: 'Edit “Refunds”' }).click();
          await expect(dialog(page, 'Edit story')).toBeVisible();
        }],
        ['import dialog', async () => {
          await page.keyboard.press('Escape');
          await page.getByRole('button', { name: 'Import…' }).click();
          await expect(dialog(page, 'Import stories')).toBeVisible();
        }],
        ['suggested order', async () => {
          await page.keyboard.press('Escape');
          await page.getByRole('button', { name: 'Suggest order…' }).click();
          await expect(dialog(page, 'Suggested order')).toBeVisible();
        }],
        ['capacity', async () => {
          await page.keyboard.press('Escape');
          await nav(page, 'Capacity');
          await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        }],
        ['share', async () => {
          await nav(page, 'Share');
          await expect(page.getByRole('textbox', { name: 'Link', exact: true })).toHaveValue(/#\/open\//);
        }],
      ]);
    });

    test(`every kind of poker round passes axe (${scheme})`, async ({ page }) => {
      await openApp(page);
      for (const t of ['Pay by card', 'Refunds']) await addStory(page, t);
      const kind = (name) => page.getByRole('navigation', { name: 'Kind of estimation' }).getByRole('button', { name });
      await auditAll(page, [
        ['poker setup', async () => {
          await nav(page, 'Poker');
          await expect(page.getByRole('button', { name: 'Start round' })).toBeVisible();
        }],
        ['live round', async () => {
          await page.getByRole('textbox', { name: /^Voters/ }).fill('Ann, Bo');
          await page.getByRole('button', { name: 'Start round' }).click();
          await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 3', exact: true }).click();
          await page.getByText('Remote voters (by link)').click();
        }],
        ['revealed round', async () => {
          await page.getByRole('button', { name: 'Reveal cards' }).click();
          await expect(page.locator('.stats')).toBeVisible();
        }],
        ['card in hand', async () => {
          await page.getByRole('button', { name: 'Card in hand', exact: true }).click();
          await expect(dialog(page, 'Card in hand')).toBeVisible();
        }],
        ['async setup', async () => {
          await dialog(page, 'Card in hand').getByRole('button', { name: 'Close' }).click();
          await kind('Async round').click();
        }],
        ['async round', async () => {
          await page.getByRole('button', { name: 'Create async round' }).click();
          await expect(page.getByRole('textbox', { name: /^Invite link/ })).toHaveValue(/#\/open\//);
        }],
        ['relative sizing', async () => {
          await kind('Relative sizing').click();
          await expect(page.getByRole('group', { name: 'Sizing board' })).toBeVisible();
        }],
        ['decks', async () => {
          await page.getByText('Decks').click();
        }],
      ]);
    });

    test(`links as they arrive pass axe (${scheme})`, async ({ page, browser }) => {
      await openApp(page);
      await addStory(page, 'Pay by card');
      await nav(page, 'Poker');
      await page.getByRole('button', { name: 'Start round' }).click();
      await page.getByText('Remote voters (by link)').click();
      await page.getByRole('button', { name: 'Create invite link' }).click();
      const invite = await page.getByRole('textbox', { name: 'Invite link' }).inputValue();
      await page.getByRole('navigation', { name: 'Kind of estimation' }).getByRole('button', { name: 'Async round' }).click();
      await page.getByRole('button', { name: 'Create async round' }).click();
      const batch = await page.getByRole('textbox', { name: /^Invite link/ }).inputValue();
      await nav(page, 'Share');
      const share = await page.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
      await page.getByRole('radio', { name: /A read-only plan/ }).check();
      await expect(page.getByRole('textbox', { name: 'Link', exact: true })).not.toHaveValue(share);
      const plan = await page.getByRole('textbox', { name: 'Link', exact: true }).inputValue();

      const other = await freshPage(browser);
      await other.emulateMedia({ colorScheme: scheme });
      await auditAll(other, [
        ['vote form', async () => {
          await other.goto(invite);
          await expect(dialog(other, 'Planning poker: your vote')).toBeVisible();
        }],
        ['async vote form', async () => {
          await other.goto(batch);
          await expect(dialog(other, 'Planning poker: async round')).toBeVisible();
          await dialog(other, 'Planning poker: async round').getByRole('button', { name: 'Card 5', exact: true }).click();
        }],
        ['shared board preview', async () => {
          await other.goto(share);
          await expect(dialog(other, 'Open a shared board')).toBeVisible();
        }],
        ['read-only plan', async () => {
          await other.goto(plan);
          await expect(dialog(other, 'Read-only plan')).toBeVisible();
        }],
        ['broken link', async () => {
          await other.goto(share.replace(/#\/open\/.*/, '#/open/not*a*link'));
          await expect(dialog(other, 'This link cannot be opened')).toBeVisible();
        }],
      ]);
      expect(other.problems).toEqual([]);
      await other.context().close();
    });

    test(`the program page, its dialogs and its links pass axe (${scheme})`, async ({ page, browser }) => {
      const program = readFileSync(new URL('../../core/tests/fixtures/storage/program-v1.json', import.meta.url), 'utf8');
      await openApp(page);
      await page.evaluate((p) => localStorage.setItem('sprintdeck:v1:program', p), program);
      let summary, feedback, whole;
      await auditAll(page, [
        ['program page', async () => {
          await openApp(page, '#/program');
          await expect(page.getByRole('list', { name: 'Dependencies' })).toContainText('needs');
          summary = await page.getByRole('textbox', { name: 'Read-only summary link' }).inputValue();
          await page.getByRole('button', { name: 'Make a program link' }).click();
          whole = await page.getByRole('textbox', { name: 'Program link' }).inputValue();
        }],
        ['add a team (preview)', async () => {
          await page.getByRole('button', { name: 'Add this board' }).click();
          await expect(dialog(page, "Add a team's snapshot")).toBeVisible();
        }],
        ['feedback link', async () => {
          await dialog(page, "Add a team's snapshot").getByRole('button', { name: 'Cancel' }).click();
          await page.getByRole('button', { name: 'Feedback link for Web' }).click();
          feedback = await page.getByRole('textbox', { name: 'Feedback link' }).inputValue();
        }],
      ]);
      const other = await freshPage(browser);
      await other.emulateMedia({ colorScheme: scheme });
      await auditAll(other, [
        ['summary link', async () => {
          await other.goto(summary);
          await expect(dialog(other, 'Steering summary (read-only)')).toBeVisible();
        }],
        ['feedback link opened', async () => {
          await other.goto(feedback);
          await expect(dialog(other, 'What the program says to your team')).toBeVisible();
        }],
        ['program link opened', async () => {
          await other.goto(whole);
          await expect(dialog(other, 'Open a program')).toBeVisible();
        }],
      ]);
      expect(other.problems).toEqual([]);
      await other.context().close();
    });
  });
}

test('focus returns to the control that opened a dialog, however it closes', async ({ page }) => {
  await openApp(page);
  await addStory(page, 'Focus story');
  await page.getByRole('button', { name: 'Edit “Focus story”' }).click();
  await expect(dialog(page, 'Edit story')).toBeVisible();
  await page.keyboard.press('Escape');
  // The backlog puts focus on the story's row, where the keyboard goes on from.
  await expect(page.getByRole('list', { name: 'Backlog' }).getByRole('listitem', { name: 'Focus story' })).toBeFocused();
  const importer = page.getByRole('button', { name: 'Import…' });
  await importer.click();
  await expect(dialog(page, 'Import stories')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(importer).toBeFocused();
  // A dialog that leaves because a button removed it gives focus back too.
  const suggest = page.getByRole('button', { name: 'Suggest order…' });
  await suggest.click();
  await dialog(page, 'Suggested order').getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page, 'Suggested order')).toHaveCount(0);
  await expect(suggest).toBeFocused();
});
