import { defineConfig } from '@playwright/test';

// Browser tests run in Debian's Chromium (never `playwright install`); see e2e/README.md.
// The global setup starts one real forum server (built UI, temp data folder, port 0).
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/test-results',
  globalSetup: './e2e/support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
