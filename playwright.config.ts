import { defineConfig } from '@playwright/test';

// Browser tests run in Debian's Chromium (never `playwright install`); see e2e/README.md.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
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
