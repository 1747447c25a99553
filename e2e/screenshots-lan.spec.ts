/**
 * Screenshots for joining on a LAN (issue 14): the launcher's Join list with forums found,
 * the trust prompt (first use and a changed certificate) and the network doctor, with a fake
 * `window.launcher` (Electron cannot run here), and the forum's Invite people panel with its
 * QR code, served over HTTPS by the real host. 1280×800 and 390×844, light and dark.
 * `HEARTH_SCREENSHOTS=1` writes them to e2e/screenshots/ (`lan-*.png`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import type { FoundForumView, LauncherBridge, LauncherState } from '../common/desktop';
import type { DoctorFinding } from '../common/network-doctor';
import { E2E_OWNER, startForum, type RunningForum } from './support/forum-server';
import { SCREENSHOT_DIR, VIEWPORTS, combos, shootFile } from './support/screens';
import { serveStatic } from './support/static-server';

const ROOT = resolve(import.meta.dirname, '..');
const RENDERER = join(ROOT, 'out', 'renderer');
const FP_A = '7ea6434139de8a8e0666195e2ee0726b9cbde8e1ba4b7d1574cacbf16508703c';
const FP_B = '3f09c2d1a8b47e65f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7';

const state: LauncherState = {
  version: '0.1.0',
  servers: [
    {
      id: 'joined:https://192.168.1.44:4000',
      kind: 'joined',
      name: 'Maple Street Book Club',
      detail: 'https://192.168.1.44:4000',
      lastUsedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
    },
  ],
  hostDefaults: {
    forumName: 'Our forum',
    port: 4000,
    dataDir: '/home/sam/.config/Hearth/forum',
    lanVisible: true,
    https: true,
  },
  hostStatus: { state: 'stopped' },
  lanIps: ['192.168.1.20'],
  notices: [],
  canAddFirewallRule: true,
};

const found: FoundForumView[] = [
  {
    key: 'a',
    name: 'Maple Street Book Club',
    forumId: '0a1b2c3d4e5f',
    version: '0.1.0',
    url: 'https://192.168.1.44:4000',
    https: true,
    savedId: 'joined:https://192.168.1.44:4000',
    online: 7,
  },
  {
    key: 'b',
    name: 'Robotics lab',
    forumId: '1a2b3c4d5e6f',
    version: '0.1.0',
    url: 'https://192.168.1.51:4000',
    https: true,
    savedId: null,
    online: 0,
  },
  {
    key: 'c',
    name: 'Third floor',
    forumId: '2a3b4c5d6e7f',
    version: '0.1.0',
    url: 'http://192.168.1.63:4100',
    https: false,
    savedId: null,
    online: null,
  },
];

const findings: DoctorFinding[] = [
  {
    id: 'windows-firewall',
    severity: 'problem',
    title: 'Windows Firewall may block the forum',
    detail:
      'No inbound rule allows TCP port 4000. Windows usually asks on first start; if it did not, add this rule (as administrator), for private networks only.',
    command:
      'netsh advfirewall firewall add rule name="Hearth forum (TCP 4000)" dir=in action=allow protocol=TCP localport=4000 profile=private',
  },
  {
    id: 'multicast-blocked',
    severity: 'warning',
    title: 'Discovery is off on this network',
    detail:
      'Multicast (mDNS) does not get through, so the forum will not show in others’ Join lists. Share the invite link or QR code instead.',
  },
];

async function openLauncher(page: Page, url: string, hosting: boolean): Promise<void> {
  await page.addInitScript(
    ([initial, list, doctor, fpA, fpB, running]) => {
      const bridge: LauncherBridge = {
        getState: async () =>
          running
            ? {
                ...initial,
                hostStatus: {
                  state: 'running',
                  url: 'https://127.0.0.1:4000',
                  addresses: ['https://192.168.1.20:4000'],
                  lanVisible: true,
                  online: 2,
                  https: true,
                  plainAddresses: ['http://192.168.1.20:4001'],
                },
              }
            : initial,
        checkPort: async () => ({ free: true }),
        chooseDataDir: async () => null,
        host: async () => ({ ok: true, url: 'https://127.0.0.1:4000' }),
        testConnection: async () => ({
          ok: false,
          reason: 'untrusted',
          url: 'https://192.168.1.51:4000',
          fingerprint: fpA,
          message: '',
        }),
        join: async (address) =>
          address.includes('192.168.1.44')
            ? {
                ok: false,
                reason: 'certificate-changed',
                url: 'https://192.168.1.44:4000',
                pinned: fpB,
                presented: fpA,
                message: '',
              }
            : {
                ok: false,
                reason: 'untrusted',
                url: 'https://192.168.1.51:4000',
                fingerprint: fpA,
                message: '',
              },
        open: async () => ({ ok: true }),
        remove: async () => {},
        showLog: () => {},
        copyText: () => {},
        onHostStatus: () => () => {},
        onForumsFound: (cb) => {
          setTimeout(() => cb(list), 0);
          return () => {};
        },
        trustAndJoin: async () => ({ ok: false, reason: 'unreachable', url: '', message: '' }),
        diagnose: async () => doctor,
        addFirewallRule: async () => ({ kind: 'refused', command: doctor[0]?.command ?? '' }),
      };
      Object.assign(globalThis, { launcher: bridge });
    },
    [state, found, findings, FP_A, FP_B, hosting] as const,
  );
  await page.goto(`${url}/launcher.html`);
  await expect(page.getByRole('heading', { name: 'Hearth', level: 1 })).toBeVisible();
}

/** Whole pages, the launcher's transitions stopped. */
function shot(page: Page, file: string): Promise<void> {
  return shootFile(page, file, { fullPage: true, stillAnimations: true });
}

let forum: RunningForum;
let staticServer: Awaited<ReturnType<typeof serveStatic>>;
test.beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'launcher.html'))) throw new Error('run `npm run build` first');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  staticServer = await serveStatic(RENDERER);
  forum = await startForum({ https: true, forumName: 'Maple Street Book Club' });
});
test.afterAll(async () => {
  await staticServer?.close();
  await forum?.stop();
});

test('LAN screens: Join list, trust prompts, doctor, invite panel with QR', async () => {
  test.setTimeout(240_000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      `--ignore-certificate-errors-spki-list=${forum.server.certificate!.spkiSha256}`,
    ],
  });
  try {
    // The forum's invite panel: the owner has made one invite link.
    const ownerCtx = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      reducedMotion: 'reduce',
    });
    const owner = await ownerCtx.newPage();
    await owner.goto(`${forum.url}/`);
    await owner.getByLabel('Nickname or e-mail').fill(E2E_OWNER.nickname);
    await owner.getByLabel('Password').fill(E2E_OWNER.password);
    await owner.getByRole('button', { name: 'Log in' }).click();
    await owner.getByRole('link', { name: 'Invite' }).click();
    await owner.getByRole('button', { name: 'Make an invite link' }).click();
    await expect(owner.getByLabel('Link to share')).toHaveValue(/invite=/);

    for (const { viewport, scheme } of combos()) {
      const size = VIEWPORTS[viewport];
      const tag = `${size.width}x${size.height}-${scheme}`;
      await owner.setViewportSize(size);
      await owner.emulateMedia({ colorScheme: scheme });
      await expect(owner.getByTestId('invite-qr')).toBeVisible();
      await shot(owner, `lan-invite-${tag}.png`);

      const ctx = await browser.newContext({
        viewport: size,
        colorScheme: scheme,
        reducedMotion: 'reduce',
      });
      const page = await ctx.newPage();
      await openLauncher(page, staticServer.url, false);
      await expect(page.getByTestId('found-forums').getByRole('listitem')).toHaveCount(3);
      // People online, when the host shows it (the third hides it).
      await expect(page.getByTestId('found-online')).toHaveText(['7 online', 'nobody online']);
      await shot(page, `lan-join-list-${tag}.png`);
      // The host form: HTTPS on for a new forum, plain HTTP for old devices on a second port.
      await expect(page.getByTestId('host-https')).toBeChecked();
      await page.getByTestId('host-plain').check();
      await expect(page.getByLabel('Plain HTTP port')).toHaveValue('4001');
      await expect(page.locator('#host-form')).toContainText('https://192.168.1.20:4000');
      await page.locator('#host-form').scrollIntoViewIfNeeded();
      await shot(page, `lan-host-https-${tag}.png`);
      await page.getByRole('button', { name: 'Join Robotics lab' }).click();
      await expect(page.getByTestId('trust-prompt')).toBeVisible();
      await page.getByTestId('trust-prompt').scrollIntoViewIfNeeded();
      await shot(page, `lan-trust-${tag}.png`);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Join Maple Street Book Club' }).click();
      await expect(
        page.getByRole('heading', { name: 'This forum’s certificate changed' }),
      ).toBeVisible();
      await shot(page, `lan-trust-changed-${tag}.png`);

      const hosting = await ctx.newPage();
      await openLauncher(hosting, staticServer.url, true);
      await hosting.getByRole('button', { name: 'Check the network' }).click();
      await expect(hosting.getByTestId('doctor').getByRole('listitem')).toHaveCount(2);
      await expect(hosting.getByTestId('plain-addresses')).toContainText(
        'http://192.168.1.20:4001',
      );
      await shot(hosting, `lan-doctor-${tag}.png`);
      // Windows: "add it on consent", with the exact command above the button.
      await hosting.getByRole('button', { name: 'Add the rule for me…' }).click();
      await expect(hosting.getByTestId('firewall-consent')).toContainText('as administrator');
      await hosting.getByTestId('firewall-consent').scrollIntoViewIfNeeded();
      await shot(hosting, `lan-firewall-consent-${tag}.png`);
      await hosting.getByRole('button', { name: 'Run it as administrator' }).click();
      await expect(hosting.getByTestId('firewall-consent')).toContainText(
        'Windows did not get administrator permission',
      );
      await ctx.close();
    }
    await ownerCtx.close();
  } finally {
    await browser.close();
  }
});
