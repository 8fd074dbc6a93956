// Two tabs of one board, editing at once: no edit is ever lost. Each run is a fresh browser
// profile; both tabs add stories as fast as a person can and in bursts with pauses between
// (so some saves meet the other tab's pending edits and some meet its save). Afterwards, both
// tabs must count every story from both, and the board as stored must hold each one.
import { test, expect, openApp } from './fixtures.mjs';

const EDITS = 50;
// The backlog renders only the rows near the viewport, so the tabs are checked by the count in
// the page's summary ("My board · 101 stories · …") and the stories by the stored board.
const titles = (p) => p.getByRole('list', { name: 'Backlog' }).locator('.story-title');
const shown = async (p) => {
  const m = (await p.getByText(/· \d+ stor(y|ies)/).first().textContent()).match(/(\d+) stor/);
  return Number(m[1]);
};
const storedTitles = (p) => p.evaluate(() => {
  const index = JSON.parse(localStorage.getItem('sprintdeck:v1:index'));
  const board = JSON.parse(localStorage.getItem(`sprintdeck:v1:board:${index.current}`));
  return board.board.stories.map((s) => s.title);
});

/// Adds a story the way a keyboard user does, without waiting for anything else.
async function quickAdd(page, title) {
  const box = page.getByRole('textbox', { name: 'New story title' });
  await box.fill(title);
  await box.press('Enter');
}

/// Opens `count` tabs of the app in a fresh browser profile; `prepare` runs in the first
/// before the others open. Console errors and exceptions are collected.
async function tabs(browser, prepare) {
  const context = await browser.newContext();
  const problems = [];
  const open = async () => {
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await openApp(page);
    return page;
  };
  const first = await open();
  await prepare(first);
  const second = await open();
  return { context, first, second, problems };
}

/// 50 interleaved edits in each tab; returns the titles that should be on the board.
async function interleave(first, second, run) {
  const made = [];
  for (let i = 0; i < EDITS; i++) {
    const [a, b] = [`Run ${run} tab one ${i}`, `Run ${run} tab two ${i}`];
    made.push(a, b);
    await Promise.all([quickAdd(first, a), quickAdd(second, b)]);
    // A pause now and then, long enough for a save (250 ms after the last edit) to happen.
    const pause = ((run * 7 + i) % 9) * 60;
    if (pause > 300) await first.waitForTimeout(pause);
  }
  return made;
}

/// The stories made that the board, as stored, does not hold; and how many fewer stories than
/// were made each tab shows.
async function lostEdits(first, second, made) {
  // The tabs follow each other's saves within moments.
  let unseen = 0;
  for (const page of [first, second]) {
    await expect.poll(() => shown(page), { timeout: 10_000 }).toBe(made.length).catch(() => {});
    unseen += Math.max(0, made.length - (await shown(page)));
  }
  await first.reload();
  await expect(titles(first)).not.toHaveCount(0);
  expect(await shown(first)).toBe(made.length);
  const stored = new Set(await storedTitles(first));
  return { lost: made.filter((t) => !stored.has(t)), unseen };
}

/// `runs` runs in fresh profiles; every run must lose nothing and show everything in both tabs.
async function stress(browser, runs, prepare) {
  const report = [];
  for (let run = 1; run <= runs; run++) {
    const { context, first, second, problems } = await tabs(browser, prepare);
    const made = [...(prepare.made ?? []), ...(await interleave(first, second, run))];
    const { lost, unseen } = await lostEdits(first, second, made);
    const boards = await first.evaluate(() => JSON.parse(localStorage.getItem('sprintdeck:v1:index')).boards.length);
    report.push({ run, lost: lost.length, unseen, boards, problems: problems.length });
    await context.close();
  }
  console.log(JSON.stringify(report));
  expect(report.filter((r) => r.lost || r.unseen || r.boards !== 1 || r.problems), 'runs that lost or hid an edit').toEqual([]);
}

test('two tabs of one board each make 50 interleaved edits, 20 runs in a row: no edit is lost', async ({ browser }) => {
  test.setTimeout(600_000);
  const start = async (page) => {
    await quickAdd(page, 'Start');
    await expect(titles(page)).toHaveText(['Start']);
    await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.includes(':board:')))).toBe(true);
  };
  start.made = ['Start'];
  await stress(browser, 20, start);
});

test('two tabs that both start on an untouched new board: 10 runs of 50 interleaved edits each, no edit lost', async ({ browser }) => {
  test.setTimeout(600_000);
  const untouched = async (page) => {
    await expect(page.getByText('No stories yet.')).toBeVisible();
  };
  await stress(browser, 10, untouched);
});
