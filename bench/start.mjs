// Start-time bench: median first contentful paint of the app and of an empty Leptos page,
// loaded alternately in fresh browser contexts (empty cache) of one headless Chromium.
// Usage: node bench/start.mjs <app-url> <empty-url> <loads>
import { launch } from './chromium.mjs';

const [appUrl, emptyUrl, loadsArg] = process.argv.slice(2);
const loads = Number(loadsArg || 15);
const browser = await launch();

async function load(url, readyMark) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const result = await page.evaluate(async (mark) => {
    const fcp = await new Promise((resolve) => {
      const found = performance.getEntriesByName('first-contentful-paint')[0];
      if (found) return resolve(found.startTime);
      new PerformanceObserver((list) => {
        const e = list.getEntriesByName('first-contentful-paint')[0];
        if (e) resolve(e.startTime);
      }).observe({ type: 'paint', buffered: true });
    });
    let ready = null;
    if (mark) {
      for (let i = 0; i < 200 && ready === null; i++) {
        const m = performance.getEntriesByName(mark)[0];
        if (m) ready = m.startTime; else await new Promise((r) => setTimeout(r, 10));
      }
    }
    return { fcp, ready };
  }, readyMark);
  await context.close();
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// One warm-up load each, not counted (first start of the renderer, disk cache of the OS).
await load(appUrl, 'sprintdeck-ready');
await load(emptyUrl, null);
const app = [], empty = [], ready = [];
for (let i = 0; i < loads; i++) {
  const a = await load(appUrl, 'sprintdeck-ready');
  const e = await load(emptyUrl, null);
  app.push(a.fcp); empty.push(e.fcp);
  if (a.ready !== null) ready.push(a.ready);
}
await browser.close();
const fmt = (x) => `${x.toFixed(1)} ms`;
console.log(`Start (headless Chromium, ${loads} loads each, fresh context per load, medians)`);
console.log(`  first contentful paint, SprintDeck        ${fmt(median(app))}`);
console.log(`  first contentful paint, empty Leptos page ${fmt(median(empty))}`);
console.log(`  ratio SprintDeck / empty                  ${(median(app) / median(empty)).toFixed(2)}  (goal ≤ 1.30)`);
if (ready.length) console.log(`  SprintDeck backlog rendered (app ready)   ${fmt(median(ready))}`);
