/**
 * The launcher page in Chromium: screenshots at desktop and phone sizes, light and dark,
 * plus its form behaviour. The page is the built out/renderer/launcher.html served over
 * HTTP; the test injects a fake `window.launcher` (the real one comes from the preload,
 * which only Electron can load). Run `npm run build` first (npm test does).
 * PNGs go to e2e/.output/screenshots (ignored) so a test run never dirties the tree;
 * `HEARTH_SCREENSHOTS=1` writes the committed set in e2e/screenshots, like screenshots.spec.ts.
 * Every shot is of a settled page: the colour scheme is set on the context before the page
 * loads, motion is reduced (the launcher then has no transitions), and the shot waits for what
 * the state shows, e.g. the port-busy message, which arrives from an async check.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { HostStatus, LauncherBridge, LauncherState } from '../common/desktop';
import { serveStatic } from './support/static-server';

const ROOT = resolve(import.meta.dirname, '..');
const RENDERER = join(ROOT, 'out', 'renderer');
const SHOTS = join(
  ROOT,
  'e2e',
  process.env.HEARTH_SCREENSHOTS ? 'screenshots' : '.output/screenshots',
);

const empty: LauncherState = {
  version: '0.1.0',
  servers: [],
  hostDefaults: {
    forumName: 'Our forum',
    port: 4000,
    dataDir: '/home/samantha.okafor/.config/Hearth/forum',
    lanVisible: null,
  },
  hostStatus: { state: 'stopped' },
  // The same two addresses as the hosting status below: one machine, one set of addresses.
  lanIps: ['192.168.1.20', '10.0.0.7'],
  notices: [],
};

const hosting: HostStatus = {
  state: 'running',
  url: 'http://127.0.0.1:4000',
  addresses: ['http://192.168.1.20:4000', 'http://10.0.0.7:4000'],
  lanVisible: true,
  online: 3,
};

const busy: LauncherState = {
  ...empty,
  servers: [
    {
      id: 'hosted:/home/sam/.config/Hearth/forum',
      kind: 'hosted',
      name: 'Maple Street Book Club',
      detail: 'This computer · port 4000 · everyone on the network',
      lastUsedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    },
    {
      id: 'joined:http://192.168.1.44:4000',
      kind: 'joined',
      name: 'Office lunch crew',
      detail: 'http://192.168.1.44:4000',
      lastUsedAt: new Date(Date.now() - 26 * 3600_000).toISOString(),
    },
  ],
  hostDefaults: {
    forumName: 'Maple Street Book Club',
    port: 4000,
    dataDir: '/home/sam/.config/Hearth/forum',
    lanVisible: true,
  },
  hostStatus: hosting,
};

const failed: LauncherState = {
  ...busy,
  hostStatus: {
    state: 'failed',
    message:
      'The forum server stopped 3 times in a minute (last: exited with code 1). Hearth gave up restarting it.',
    logPath: '/home/sam/.config/Hearth/logs/server.log',
  },
};

/** Installs a fake bridge that records calls; behaviour mirrors the main process. */
async function open(page: Page, url: string, state: LauncherState) {
  await page.addInitScript((initial: LauncherState) => {
    const calls: Array<[string, unknown[]]> = [];
    const record = (name: string, args: unknown[]) => calls.push([name, args]);
    const bridge: LauncherBridge = {
      getState: async () => (record('getState', []), initial),
      checkPort: async (port, lan) => {
        record('checkPort', [port, lan]);
        return port === 4000 && !initial.servers.length
          ? { free: false, suggestion: 4001 }
          : { free: true };
      },
      chooseDataDir: async (current) => (
        record('chooseDataDir', [current]),
        '/media/usb/hearth-data'
      ),
      host: async (request) => (
        record('host', [request]),
        { ok: true, url: `http://127.0.0.1:${request.port}` }
      ),
      testConnection: async (address) => {
        record('testConnection', [address]);
        return {
          ok: false,
          reason: 'not-hearth',
          url: 'http://192.168.1.9:8080',
          message:
            '192.168.1.9:8080 answered, but it is not a Hearth forum. Check the port number.',
        };
      },
      join: async (address) => {
        record('join', [address]);
        return {
          ok: false,
          reason: 'unreachable',
          url: 'http://192.168.1.9:4000',
          message:
            "Could not reach 192.168.1.9:4000: nothing is listening on that port. Check the address, that the host's Hearth is running, and that you are on the same network.",
        };
      },
      open: async (id) => (record('open', [id]), { ok: true }),
      remove: async (id) => void record('remove', [id]),
      showLog: () => void record('showLog', []),
      copyText: (text) => void record('copyText', [text]),
      onHostStatus: () => () => {},
    };
    // The page's global scope (this file is type-checked without the DOM library).
    Object.assign(globalThis, { launcher: bridge, __calls: calls });
  }, state);
  await page.goto(`${url}/launcher.html`);
  await expect(page.getByRole('heading', { name: 'Hearth', level: 1 })).toBeVisible();
}

const calls = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __calls: Array<[string, unknown[]]> }).__calls);

let server: Awaited<ReturnType<typeof serveStatic>>;

test.beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'launcher.html'))) {
    throw new Error('out/renderer/launcher.html is missing: run `npm run build` first.');
  }
  mkdirSync(SHOTS, { recursive: true });
  server = await serveStatic(RENDERER);
});
test.afterAll(async () => server?.close());

const sizes = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

// A colour-scheme switch mid-test would otherwise be caught half-way through a transition.
test.use({ reducedMotion: 'reduce' });

async function expectNoSidewaysOverflow(page: Page, name: string) {
  // A string: e2e/ is type-checked without the DOM library.
  const overflow = Number(
    await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
  );
  expect(overflow, `${name} overflows horizontally`).toBeLessThanOrEqual(0);
}

/** The viewport only, as a person sees it (the rest of the page is in the full-page shots). */
async function screenshotViewport(page: Page, name: string) {
  await expectNoSidewaysOverflow(page, name);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SHOTS, name), animations: 'disabled' });
}

async function screenshot(page: Page, name: string) {
  // Nothing may overflow sideways at phone width.
  await expectNoSidewaysOverflow(page, name);
  // The pointer left over a button would show its hover colour.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SHOTS, name), fullPage: true, animations: 'disabled' });
}

for (const scheme of ['light', 'dark'] as const) {
  for (const size of sizes) {
    test(`screenshots ${size.name} ${scheme}`, async ({ browser }) => {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        colorScheme: scheme,
        reducedMotion: 'reduce',
        deviceScaleFactor: 1,
      });
      const name = (state: string) =>
        `launcher-${state}-${size.width}x${size.height}-${scheme}.png`;
      try {
        const first = await context.newPage();
        await open(first, server.url, empty);
        await expect(
          first.getByRole('heading', { name: 'Host a forum on this computer' }),
        ).toBeVisible();
        // Port 4000 is busy in this fixture: the shot shows the answer of the async check.
        await expect(
          first.getByText('Port 4000 is already in use on this computer.'),
        ).toBeVisible();
        await screenshot(first, name('first-run'));

        const hostingPage = await context.newPage();
        await open(hostingPage, server.url, busy);
        await expect(
          hostingPage.getByRole('heading', { name: /Hosting “Maple Street Book Club”/ }),
        ).toBeVisible();
        await expect(
          hostingPage
            .getByRole('region', { name: /Hosting “/ })
            .getByText('http://192.168.1.20:4000'),
        ).toBeVisible();
        await expect(hostingPage.getByText('Running', { exact: true })).toBeVisible();
        await screenshot(hostingPage, name('hosting'));
        // The host form unfolded while hosting; focus lands in it (the focus ring, not an error).
        await hostingPage.getByRole('button', { name: 'Change settings…' }).click();
        await expect(hostingPage.getByLabel('Forum name')).toBeFocused();
        await screenshot(hostingPage, name('change-settings'));

        const errorPage = await context.newPage();
        await open(errorPage, server.url, failed);
        await expect(
          errorPage.getByRole('heading', { name: 'The forum server keeps stopping' }),
        ).toBeVisible();
        await screenshot(errorPage, name('error'));
      } finally {
        await context.close();
      }
    });
  }
}

test('hosting asks for an explicit visibility and offers the next free port', async ({ page }) => {
  await open(page, server.url, empty);
  // Port 4000 is busy in this fixture: the launcher says so and offers 4001.
  await expect(page.getByText('Port 4000 is already in use on this computer.')).toBeVisible();
  // Right under the field and named by it, so a screen reader hears why the port is invalid.
  const port = page.getByLabel('Port');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(port).toHaveAccessibleDescription(/Port 4000 is already in use/);
  await page.getByRole('button', { name: 'Use 4001' }).click();
  await expect(page.getByLabel('Port')).toHaveValue('4001');

  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect(page.getByText('Choose who can join.')).toBeVisible();
  expect((await calls(page)).some(([name]) => name === 'host')).toBe(false);

  await page.getByText('Everyone on my network').click();
  await expect(page.getByText('Others will join at')).toContainText('http://192.168.1.20:4001');
  await page.getByRole('button', { name: 'Choose…' }).click();
  await expect(page.locator('#data-dir')).toHaveText('/media/usb/hearth-data');
  await page.getByRole('button', { name: 'Start hosting' }).click();
  await expect
    .poll(async () => (await calls(page)).find(([name]) => name === 'host')?.[1])
    .toEqual([
      { forumName: 'Our forum', port: 4001, dataDir: '/media/usb/hearth-data', lanVisible: true },
    ]);
});

test('join validates the address and explains a failed connection', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, server.url, empty);
  const address = page.getByRole('textbox', { name: 'Address' });
  await address.fill('ftp://192.168.1.9');
  await address.blur();
  await expect(page.getByText('Only http:// and https:// addresses can be joined.')).toBeVisible();

  await address.fill('192.168.1.9:8080');
  await expect(page.getByText('Will connect to')).toContainText('http://192.168.1.9:8080');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('alert')).toContainText('That’s not a Hearth forum');

  await address.fill('192.168.1.9:4000');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Can’t reach that address');
  expect((await calls(page)).filter(([n]) => n === 'testConnection' || n === 'join')).toEqual([
    ['testConnection', ['192.168.1.9:8080']],
    ['join', ['192.168.1.9:4000']],
  ]);
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // On a phone the join card is far down the page: the shot shows it, error and all.
    await page.getByRole('alert').scrollIntoViewIfNeeded();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshotViewport(
        page,
        `launcher-join-error-${size.width}x${size.height}-${scheme}.png`,
      );
    }
  }
  testInfo.annotations.push({ type: 'screenshots', description: SHOTS });
});

test('while hosting: one main action, the running forum marked, the host form folded', async ({
  page,
}) => {
  await open(page, server.url, busy);
  const hostingCard = page.getByRole('region', { name: /Hosting “/ });
  await expect(hostingCard.getByText('3 online')).toBeVisible();
  // "Open forum" is the only filled button; the forum being hosted is not offered again.
  await expect(page.locator('.btn.primary')).toHaveText(['Open forum']);
  const hosted = page.getByRole('listitem').filter({ hasText: 'Maple Street Book Club' });
  await expect(hosted.getByText('Running', { exact: true })).toBeVisible();
  await expect(hosted.getByRole('button', { name: 'Open' })).toHaveCount(0);
  // Nor removed while it runs (the hosting card would show a forum no longer listed).
  await expect(hosted.getByRole('button', { name: /Remove/ })).toHaveCount(0);

  await expect(page.getByRole('button', { name: /Restart with these settings/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Change settings…' }).click();
  await expect(page.getByLabel('Forum name')).toBeFocused();
  await expect(page.getByLabel('Forum name')).toHaveValue('Maple Street Book Club');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Change settings…' })).toBeFocused();

  await page.getByRole('button', { name: 'Change settings…' }).click();
  await page.getByLabel('Forum name').fill('Maple Street Readers');
  await page.getByRole('button', { name: 'Restart with these settings' }).click();
  await expect
    .poll(async () => (await calls(page)).find(([name]) => name === 'host')?.[1])
    .toEqual([
      {
        forumName: 'Maple Street Readers',
        port: 4000,
        dataDir: '/home/sam/.config/Hearth/forum',
        lanVisible: true,
      },
    ]);
});

test('saved forums open, copy and remove through the bridge; the error screen reveals the log', async ({
  page,
}) => {
  await open(page, server.url, busy);
  await page.getByRole('button', { name: 'Copy' }).first().click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  await page
    .getByRole('listitem')
    .filter({ hasText: 'Office lunch crew' })
    .getByRole('button', { name: 'Open', exact: true })
    .click();
  await page.getByRole('button', { name: 'Remove Office lunch crew' }).click();
  expect((await calls(page)).filter(([n]) => n !== 'getState' && n !== 'checkPort')).toEqual([
    ['copyText', ['http://192.168.1.20:4000']],
    ['open', ['joined:http://192.168.1.44:4000']],
    ['remove', ['joined:http://192.168.1.44:4000']],
  ]);

  await page.goto('about:blank');
  await open(page, server.url, failed);
  await expect(page.getByText('/home/sam/.config/Hearth/logs/server.log')).toBeVisible();
  await page.getByRole('button', { name: 'Show log file' }).click();
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const recorded = await calls(page);
  expect(recorded.filter(([n]) => n === 'showLog')).toHaveLength(1);
  expect(recorded.filter(([n]) => n === 'copyText')).toEqual([
    ['copyText', ['/home/sam/.config/Hearth/logs/server.log']],
  ]);
});
