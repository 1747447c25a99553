/**
 * The desktop app end to end, in Electron through Playwright's `_electron`: host a forum
 * from the launcher, sign up, receive a DM from another client (a Chromium context) while
 * the window sits in the tray → the app shows an OS notification and the tray says
 * 1 unread; clicking the notification opens the chat. It needs an Electron binary and a
 * display (`node electron/launch.mjs --prepare` reports both; better-sqlite3's Node-API
 * binary loads in Electron as it is); where either is missing it is skipped with the reason
 * printed.
 *
 * Also here, because it runs everywhere: `npm start` falling back to the headless host.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { Me } from '../common/api';

const ROOT = resolve(import.meta.dirname, '..');
const LAUNCH = join(ROOT, 'electron', 'launch.mjs');

type Prepared =
  { electron: true; bin: string; version: string } | { electron: false; reason: string };

function prepare(): Prepared {
  const result = spawnSync(process.execPath, [LAUNCH, '--prepare'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Prepared;
  } catch {
    return {
      electron: false,
      reason: `launch.mjs --prepare failed: ${result.stderr.trim().slice(0, 200)}`,
    };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

const signupBody = (nickname: string) => ({
  nickname,
  email: `${nickname.toLowerCase()}@example.com`,
  password: 'correct horse battery',
  firstName: nickname,
  lastName: 'Tester',
  age: 30,
  gender: 'prefer-not-to-say',
});

test.describe('desktop app in Electron', () => {
  let prepared: Prepared;

  test.beforeAll(() => {
    prepared = prepare();
    if (!prepared.electron) console.log(`desktop.spec: Electron test skipped: ${prepared.reason}`);
  });

  test('host, sign up, a DM from another client → OS notification, tray 1 unread, click opens the chat', async ({
    browser,
  }) => {
    test.skip(
      !prepared.electron,
      prepared.electron ? '' : `Electron cannot run here: ${prepared.reason}`,
    );
    if (!prepared.electron) return;
    test.setTimeout(180_000);

    const userData = mkdtempSync(join(tmpdir(), 'hearth-desktop-e2e-'));
    const port = await freePort();
    const app = await electron.launch({
      executablePath: prepared.bin,
      args: [ROOT],
      env: { ...process.env, HEARTH_USER_DATA: userData },
    });
    try {
      // 1. The launcher: host a forum for this computer only, on a free port.
      const win = await app.firstWindow();
      await expect(
        win.getByRole('heading', { name: 'Host a forum on this computer' }),
      ).toBeVisible();
      await win.getByLabel('Forum name').fill('Desktop E2E');
      await win.getByText('Only this computer').click();
      await win.locator('#port').fill(String(port));
      await win.getByRole('button', { name: 'Start hosting' }).click();
      const forum = `http://127.0.0.1:${port}`;
      await win.waitForURL(`${forum}/**`, { timeout: 60_000 });

      // 2. Sign up in the app's own session, then reload so the UI connects as alice.
      const alice = `alice_${Date.now().toString(36).slice(-6)}`;
      const me = await win.evaluate(async (body) => {
        const res = await fetch('/api/auth/signup', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return (await res.json()) as Me;
      }, signupBody(alice));
      await win.reload();

      // 3. Watch the main process: OS notifications shown and tray tooltips set.
      await app.evaluate(({ Notification, Tray }) => {
        const g = globalThis as unknown as {
          shown: Array<{ title: string; body: string }>;
          notes: unknown[];
          tips: string[];
        };
        g.shown = [];
        g.notes = [];
        g.tips = [];
        const show = Notification.prototype.show;
        Notification.prototype.show = function (this: InstanceType<typeof Notification>) {
          g.shown.push({ title: this.title, body: this.body });
          g.notes.push(this);
          return show.call(this);
        };
        const setToolTip = Tray.prototype.setToolTip;
        Tray.prototype.setToolTip = function (this: InstanceType<typeof Tray>, tip: string) {
          g.tips.push(tip);
          return setToolTip.call(this, tip);
        };
      });
      // The window goes to the tray, as when the user closes it.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.hide());

      // 4. Bob, in a plain browser, sends alice a DM over the socket.
      const context = await browser.newContext();
      const bob = await context.newPage();
      await bob.goto(forum);
      const bobName = `bob_${Date.now().toString(36).slice(-6)}`;
      await bob.evaluate(
        async ({ body, to, wsUrl }) => {
          await fetch('/api/auth/signup', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const ws = new WebSocket(wsUrl);
          await new Promise((r) => ws.addEventListener('open', r, { once: true }));
          ws.send(
            JSON.stringify({
              type: 'chat.send',
              payload: { to, body: 'Hello from Bob', clientId: 'e2e-1' },
            }),
          );
        },
        { body: signupBody(bobName), to: me.id, wsUrl: `ws://127.0.0.1:${port}/ws` },
      );

      // 5. The app asked the OS for a notification, and the tray shows 1 unread.
      await expect
        .poll(
          () => app.evaluate(() => (globalThis as unknown as { shown: unknown[] }).shown.length),
          { timeout: 30_000 },
        )
        .toBe(1);
      const shown = await app.evaluate(
        () => (globalThis as unknown as { shown: Array<{ title: string; body: string }> }).shown[0],
      );
      expect(shown).toEqual({ title: bobName, body: 'Hello from Bob' });
      await expect
        .poll(() =>
          app.evaluate(() => (globalThis as unknown as { tips: string[] }).tips.at(-1) ?? ''),
        )
        .toContain('1 unread');

      // 6. Clicking the notification brings the window back on the chat with bob.
      await app.evaluate(() => {
        const notes = (globalThis as unknown as { notes: Array<{ emit(e: string): void }> }).notes;
        notes.at(-1)?.emit('click');
      });
      await expect(win).toHaveURL(new RegExp(`#/chat/${bobName}$`));
      await expect
        .poll(() =>
          app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible()),
        )
        .toBe(true);
      await context.close();
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});

test('npm start falls back to the headless host where Electron cannot start', async () => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-start-e2e-'));
  const port = await freePort();
  // A missing binary stands for "cannot be downloaded"; the build is already done by npm test.
  const child = spawn(
    process.execPath,
    [LAUNCH, '--no-build', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron-here') },
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await expect.poll(() => output, { timeout: 60_000 }).toContain('Press Ctrl+C to stop.');
    const reasons = output.split('\n').filter((l) => l.startsWith('hearth: '));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(
      /no Electron binary at .*; starting the headless forum host instead/,
    );
    expect(output).toContain(`http://127.0.0.1:${port}`);
    const info = await (await fetch(`http://127.0.0.1:${port}/api/info`)).json();
    expect(info).toMatchObject({ app: 'hearth' });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
