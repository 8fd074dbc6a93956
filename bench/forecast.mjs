// Forecast bench: the Capacity page of a 1,000-story board with six completed sprints, in
// headless Chromium. Reads the app's `sprintdeck-forecast` measure (the Monte Carlo simulation,
// 10,000 trials) over fresh loads and prints the median and the spread.
// Usage: node bench/forecast.mjs <app-url> <board.json> <index.json> <board-key> <loads>
import { launch } from './chromium.mjs';
import { readFileSync } from 'node:fs';

const [url, boardFile, indexFile, boardKey, loadsArg] = process.argv.slice(2);
const board = readFileSync(boardFile, 'utf8');
const index = readFileSync(indexFile, 'utf8');
const loads = Number(loadsArg || 10);
const browser = await launch();

const times = [];
for (let i = 0; i < loads + 1; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(([key, b, ix]) => {
    localStorage.setItem(key, b);
    localStorage.setItem('sprintdeck:v1:index', ix);
  }, [boardKey, board, index]);
  const page = await context.newPage();
  await page.goto(url.replace(/\/?$/, '/') + '#/capacity');
  await page.waitForFunction(() => performance.getEntriesByName('sprintdeck-forecast').length > 0, null, { timeout: 30_000 });
  const rows = await page.locator('table.forecast tbody tr').count();
  if (rows === 0) throw new Error('the forecast table is empty');
  const ms = await page.evaluate(() => performance.getEntriesByName('sprintdeck-forecast')[0].duration);
  if (i > 0) times.push(ms); // the first load warms the browser up
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`Forecast, 1,000 stories × 10,000 trials, in the browser (${times.length} loads)`);
console.log(`  median ${median.toFixed(1)} ms   min ${times[0].toFixed(1)} ms   max ${times.at(-1).toFixed(1)} ms   goal < 100 ms`);
