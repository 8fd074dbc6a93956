// What a visit downloads before the app is ready, measured in headless Chromium: every file the
// page fetched from navigation until the app is rendered and the network has been quiet for
// half a second, in a fresh browser context (empty HTTP cache, no service worker yet), plus the
// service worker's script when the page registered one. Each file counts with its brotli size.
// Usage: node bench/visits.mjs <app-url> <board.json> <index.json> <board-key> <sizes.json> <link-fragment>
import { launch } from './chromium.mjs';
import { readFileSync } from 'node:fs';

const [url, boardFile, indexFile, boardKey, sizesFile, linkFragment] = process.argv.slice(2);
const sizes = JSON.parse(readFileSync(sizesFile, 'utf8'));
const board = readFileSync(boardFile, 'utf8');
const index = readFileSync(indexFile, 'utf8');
const browser = await launch();

async function visit(target, stored) {
  const context = await browser.newContext();
  if (stored) {
    await context.addInitScript(([key, b, i]) => {
      localStorage.setItem(key, b);
      localStorage.setItem('sprintdeck:v1:index', i);
    }, [boardKey, board, index]);
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(target, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('sprintdeck-ready').length > 0, null, { timeout: 10000 });
  await page.waitForLoadState('networkidle');
  const fetched = await page.evaluate(async () => {
    const paths = [new URL(location.href).pathname];
    for (const e of performance.getEntriesByType('resource')) paths.push(new URL(e.name).pathname);
    const sw = 'serviceWorker' in navigator && await navigator.serviceWorker.getRegistration();
    if (sw) paths.push(new URL((sw.installing || sw.waiting || sw.active).scriptURL).pathname);
    return paths;
  });
  await context.close();
  if (errors.length) throw new Error(`errors in ${target}: ${errors.join('; ')}`);
  const base = new URL(url).pathname;
  const files = [...new Set(fetched)].map((p) => {
    let rel = decodeURIComponent(p.startsWith(base) ? p.slice(base.length) : p.replace(/^\//, ''));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    if (!(rel in sizes)) throw new Error(`${target} fetched ${p}, which is not a file of the build`);
    return [rel, sizes[rel]];
  });
  return files.sort((a, b) => b[1] - a[1]);
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const visits = [
  ['first visit (nothing stored)', url, false, 'goal ≤ 100 KB, aim ≤ 70 KB'],
  ['first visit through a shared board link', url + linkFragment, false, ''],
  ['visit with a stored 100-story board, nothing cached', url, true,
    'returning visits load from the service worker; this is the first one after an update'],
];
console.log('What a visit downloads before the app is ready (headless Chromium, fresh context; brotli sizes)');
let first = null;
for (const [name, target, stored, note] of visits) {
  const files = await visit(target, stored);
  const total = files.reduce((sum, [, b]) => sum + b, 0);
  if (first === null) first = total;
  console.log(`  ${name.padEnd(52)} ${kb(total).padStart(9)}  ${String(files.length).padStart(2)} files  ${note}`);
  // The splitter's many small chunks of code shared by several parts, summed on one line.
  const shared = files.filter(([rel]) => /\/chunk_\d+\.wasm$/.test(rel));
  for (const [rel, b] of files) if (!shared.some(([r]) => r === rel)) console.log(`      ${rel.padEnd(66)} ${String(b).padStart(7)}`);
  if (shared.length) {
    const sum = shared.reduce((acc, [, b]) => acc + b, 0);
    console.log(`      ${`${shared.length} chunks of code shared by several parts (chunk_*.wasm)`.padEnd(66)} ${String(sum).padStart(7)}`);
  }
}
await browser.close();
console.log(`SprintDeck at start (first visit), brotli: ${kb(first)} (goal ≤ 100 KB, aim ≤ 70 KB)`);
