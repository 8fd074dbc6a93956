// Captures the app's pages in light and dark themes at phone and laptop sizes, for looking at.
// Usage: node tests/e2e/screenshots.mjs <base-url> <out-dir> [setup-script.js]
import { chromium } from 'playwright-core';

const [base, out, hashes = '#/backlog'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
for (const scheme of ['light', 'dark']) {
  for (const [label, viewport] of [['laptop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(base + '#/backlog');
    await page.waitForSelector('main');
    if (process.env.SEED) await page.evaluate(process.env.SEED);
    for (const hash of hashes.split(',')) {
      await page.goto(base + hash);
      await page.waitForTimeout(300);
      const name = `${out}/${hash.replace(/[#/]/g, '') || 'home'}-${label}-${scheme}.png`;
      await page.screenshot({ path: name, fullPage: false });
      console.log(name);
    }
    await context.close();
  }
}
await browser.close();
