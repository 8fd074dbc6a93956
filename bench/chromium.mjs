// The headless Chromium every bench script drives: the system's (CHROMIUM, set by `cargo xtask
// bench`), with the background work that would add noise to timings switched off.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
