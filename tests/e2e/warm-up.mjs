// Runs once before the tests: opens the app in the test browser and waits (up to a minute) for its
// first screen. On a machine that has never run Chromium, the first launch pays for every cold
// cache at once (fonts, the browser's own start, the app's first compile): on CI that took the
// first test past its 10 s wait for the page, so the test measured the machine, not the app.
// Speed is the bench's to measure; this prints the first load's time so a slow machine shows.
import { chromium } from '@playwright/test';
import config from './playwright.config.mjs';

export default async function warmUp() {
  const started = Date.now();
  const browser = await chromium.launch(config.use.launchOptions);
  try {
    const page = await browser.newPage({ baseURL: config.use.baseURL });
    await page.goto('#/backlog');
    await page.getByRole('main').waitFor({ state: 'visible', timeout: 60_000 });
    console.log(`warm-up: Chromium launched and the app's first screen shown in ${Date.now() - started} ms`);
  } finally {
    await browser.close();
  }
}
