// End-to-end tests: the release build, served on loopback under a sub-path by `cargo xtask test`,
// driven in headless Chromium (the system's, never a downloaded one).
import { defineConfig } from '@playwright/test';

if (!process.env.BASE_URL || !process.env.CHROMIUM) {
  throw new Error('Run these through `cargo xtask test`, which builds, serves and sets BASE_URL and CHROMIUM.');
}

export default defineConfig({
  testDir: '.',
  // `cargo xtask test` runs the development build's check on its own (E2E_FILES).
  testMatch: process.env.E2E_FILES || '*.spec.mjs',
  // A cold machine's first Chromium launch is paid once, before the first test (see warm-up.mjs).
  globalSetup: './warm-up.mjs',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: '../../target/playwright',
  use: {
    baseURL: process.env.BASE_URL,
    launchOptions: {
      executablePath: process.env.CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
