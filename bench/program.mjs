// Program bench: the Program page of a program of 8 teams × 100 stories, in headless Chromium.
// Reads the app's measures `sprintdeck-program-render` (the page's render, from the component's
// start, reading the stored program included, until the browser has painted it) on the first
// visit of a load (which also compiles the page's code) and on coming back to the page, and
// `sprintdeck-program-update` (a change, a team's fist-of-five vote, until the page has
// re-rendered and painted) over fresh loads, and prints medians.
// Usage: node bench/program.mjs <app-url> <board.json> <index.json> <board-key> <program.json> <program-key> <loads>
import { launch } from './chromium.mjs';
import { readFileSync } from 'node:fs';

const [url, boardFile, indexFile, boardKey, programFile, programKey, loadsArg] = process.argv.slice(2);
const board = readFileSync(boardFile, 'utf8');
const index = readFileSync(indexFile, 'utf8');
const program = readFileSync(programFile, 'utf8');
const loads = Number(loadsArg || 10);
const browser = await launch();

const renders = [];
const reads = [];
const again = [];
const updates = [];
for (let i = 0; i < loads + 1; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(([key, b, ix, pkey, p]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, b);
      localStorage.setItem('sprintdeck:v1:index', ix);
      localStorage.setItem(pkey, p);
      sessionStorage.setItem('seeded', '1');
    }
  }, [boardKey, board, index, programKey, program]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url.replace(/\/?$/, '/') + '#/program');
  await page.waitForFunction(() => performance.getEntriesByName('sprintdeck-program-render').length > 0, null, { timeout: 30_000 });
  const rows = await page.locator('table.program-grid-table tbody tr').count();
  if (rows !== 9) throw new Error(`the grid has ${rows} rows, not 8 teams and the milestones`);
  if (i > 0) renders.push(await page.evaluate(() => performance.getEntriesByName('sprintdeck-program-render')[0].duration));
  if (i > 0) reads.push(await page.evaluate(() => performance.getEntriesByName('sprintdeck-program-read')[0].duration));
  // Three changes per load: a team's vote, each time to another value.
  for (const fingers of ['1 of 5', '4 of 5', '2 of 5']) {
    const before = await page.evaluate(() => performance.getEntriesByName('sprintdeck-program-update').length);
    await page.getByRole('combobox', { name: 'Confidence of Team 3, fist of five' }).selectOption({ label: fingers });
    await page.waitForFunction((n) => performance.getEntriesByName('sprintdeck-program-update').length > n, before, { timeout: 30_000 });
    if (i > 0) updates.push(await page.evaluate(() => performance.getEntriesByName('sprintdeck-program-update').at(-1).duration));
  }
  // Leaving the page and coming back: its code is compiled and its stylesheet loaded.
  await page.evaluate(() => { location.hash = '#/backlog'; });
  await page.waitForFunction(() => !document.querySelector('table.program-grid-table'));
  await page.evaluate(() => { performance.clearMeasures('sprintdeck-program-render'); location.hash = '#/program'; });
  await page.waitForFunction(() => performance.getEntriesByName('sprintdeck-program-render').length > 0, null, { timeout: 30_000 });
  if (i > 0) again.push(await page.evaluate(() => performance.getEntriesByName('sprintdeck-program-render')[0].duration));
  if (errors.length) throw new Error(errors.join('\n'));
  await context.close();
}
await browser.close();
const line = (name, times) => {
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`  ${name.padEnd(28)} median ${median.toFixed(1)} ms   min ${times[0].toFixed(1)} ms   max ${times.at(-1).toFixed(1)} ms   (${times.length} samples)`);
};
console.log(`Program page, 8 teams × 100 stories, in the browser (${loads} loads); goal: render and re-render ≤ 100 ms`);
line('render, first visit', renders);
line('  of which reading storage', reads);
line('re-render after a change', updates);
line('render, coming back to it', again);
