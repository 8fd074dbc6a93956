// What a user waits for: a first visit on a slow phone, from navigation until the first story
// they type is shown, next to an empty Leptos CSR page with one text box (built with the same
// profile) until its text box is shown, loaded alternately in the same run.
//
// Slow phone: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip (Chrome DevTools' "Slow 4G"
// class of profile), CPU slowed 4×. Every load is a fresh browser context: empty HTTP cache,
// no service worker, nothing stored. The app is typed into as a person would as soon as its
// text box is there ("First story", Enter); the figure ends when that story's row is in the page.
// Also reported: the brotli bytes of every file fetched up to that moment.
//
// Usage: node bench/first-story.mjs <app-url> <empty-url> <sizes.json> <loads>
import { launch } from './chromium.mjs';
import { readFileSync } from 'node:fs';

const [appUrl, emptyUrl, sizesFile, loadsArg] = process.argv.slice(2);
const sizes = JSON.parse(readFileSync(sizesFile, 'utf8'));
const loads = Number(loadsArg || 9);
const browser = await launch();

const PROFILE = { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;

// Types the first story the moment the quick-add box is in the page, as an instant typist
// would: sets its text and submits its form (what Enter does). Done inside the page, so the
// figure holds no test-driver polling.
function typist(title) {
  const observer = new MutationObserver(() => {
    const box = document.getElementById('quick-add-title');
    if (!box || window.__typedAt !== undefined) return;
    window.__typedAt = performance.now();
    observer.disconnect();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, title);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.form.requestSubmit();
  });
  observer.observe(document, { childList: true, subtree: true });
}

// Records when the first element matching a selector (and text) appears, in the page's own
// clock (milliseconds since navigation started).
function watch([selector, text]) {
  const seen = () => [...document.querySelectorAll(selector)].some((e) => !text || e.textContent.includes(text));
  const observer = new MutationObserver(() => {
    if (window.__shownAt === undefined && seen()) {
      window.__shownAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

async function slowPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PROFILE });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/// Brotli bytes of the build's files the page fetched before `until` (ms since navigation).
async function fetchedBefore(page, base, until) {
  const paths = await page.evaluate((t) => {
    const out = [new URL(location.href).pathname];
    for (const e of performance.getEntriesByType('resource')) if (e.responseEnd <= t) out.push(new URL(e.name).pathname);
    return out;
  }, until);
  let bytes = 0;
  const files = [];
  for (const p of new Set(paths)) {
    let rel = decodeURIComponent(p.startsWith(base) ? p.slice(base.length) : p.replace(/^\//, ''));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    if (!(rel in sizes)) continue; // the empty page's files are not in the app's table
    bytes += sizes[rel];
    files.push(rel);
  }
  return { bytes, files };
}

async function firstStory() {
  const { context, page, errors } = await slowPage();
  await page.addInitScript(watch, ['li.story', 'First story']);
  await page.addInitScript(typist, 'First story');
  await page.goto(appUrl, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__shownAt !== undefined, null, { timeout: 60000, polling: 50 });
  const boxAt = await page.evaluate(() => window.__typedAt);
  // The story typed is the one shown, by the form a person uses.
  await page.getByRole('list', { name: 'Backlog' }).getByText('First story', { exact: true }).waitFor();
  const at = await page.evaluate(() => window.__shownAt);
  // Where the time went: the WebAssembly downloaded, then running, then the text box.
  const phases = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm'))
      .reduce((end, e) => Math.max(end, e.responseEnd), 0);
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return { wasm, start: mark('sprintdeck-start'), ready: mark('sprintdeck-ready') };
  });
  const fetched = await fetchedBefore(page, new URL(appUrl).pathname, at);
  await context.close();
  if (errors.length) throw new Error(`errors in the app: ${errors.join('; ')}`);
  return { at, boxAt, ...phases, ...fetched };
}

async function emptyBox() {
  const { context, page, errors } = await slowPage();
  await page.addInitScript(watch, ['input[type=text]', '']);
  await page.goto(emptyUrl, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__shownAt !== undefined, null, { timeout: 60000, polling: 50 });
  const at = await page.evaluate(() => window.__shownAt);
  await context.close();
  if (errors.length) throw new Error(`errors in the empty page: ${errors.join('; ')}`);
  return at;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// One load of each first, not counted (the browser's own first start).
await firstStory();
await emptyBox();
const app = [], empty = [], wasm = [], start = [], ready = [], box = [];
let last = null;
for (let i = 0; i < loads; i++) {
  last = await firstStory();
  app.push(last.at);
  wasm.push(last.wasm);
  start.push(last.start);
  ready.push(last.ready);
  box.push(last.boxAt);
  empty.push(await emptyBox());
}
await browser.close();
const ms = (x) => `${Math.round(x)} ms`;
console.log(`First visit on a slow phone (1.6 Mbit/s, 150 ms RTT, CPU ${CPU_SLOWDOWN}× slower; ${loads} loads each, medians)`);
console.log(`  SprintDeck: navigation → first story typed is shown   ${ms(median(app)).padStart(8)}   (min ${ms(Math.min(...app))}, max ${ms(Math.max(...app))})`);
console.log(`  empty Leptos page: navigation → its text box shown     ${ms(median(empty)).padStart(8)}   (min ${ms(Math.min(...empty))}, max ${ms(Math.max(...empty))})`);
console.log(`  ratio                                                   ${(median(app) / median(empty)).toFixed(2).padStart(8)}   (goal ≤ 1.50)`);
console.log(`  SprintDeck's phases: WebAssembly downloaded ${ms(median(wasm))}, running ${ms(median(start))}, page rendered ${ms(median(ready))}, typed into ${ms(median(box))}`);
console.log(`  brotli fetched before the first story was shown         ${(last.bytes / 1000).toFixed(1).padStart(5)} KB in ${last.files.length} files: ${last.files.join(', ')}`);
