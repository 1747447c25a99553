import { defineConfig } from '@playwright/test';

// Browser tests run in Debian's Chromium (never `playwright install`); see e2e/README.md.
// The global setup builds the UI; each worker starts one real forum server (temp data folder,
// port 0).
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/test-results',
  globalSetup: './e2e/support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One worker by default: on a 2-core CI machine two workers took as long (14.8 against
  // 15.2 min, the browsers and servers share the cores). HEARTH_E2E_WORKERS=2 on a bigger
  // machine: each worker starts its own forum server, so spec files do not share state.
  fullyParallel: false,
  workers: Number(process.env.HEARTH_E2E_WORKERS ?? 1),
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
