/**
 * Joining on a LAN, in a real Chromium against the real HTTPS host: the forum is opened by
 * a LAN name (not 127.0.0.1, which is a secure context even over http), with the host's
 * certificate trusted for this browser only (`--ignore-certificate-errors-spki-list`, as a
 * person accepting it would). Over HTTPS the page is a secure context, so Web Notifications
 * work; the invite panel shows the link, its QR code and the fingerprint the server really
 * presents; with sign-up closed, an invite link lets a new person in.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { hostname } from 'node:os';
import { E2E_OWNER, startForum, type RunningForum } from './support/forum-server';
import { account, expect, test } from './support/fixtures';

const LAN_NAME = `${hostname().toLowerCase()}.local`;
let forum: RunningForum;
let browser: Browser;
let base = '';

test.beforeAll(async () => {
  forum = await startForum({ https: true, forumName: 'Garden club' });
  const cert = forum.server.certificate;
  if (!cert) throw new Error('the forum did not start over https');
  base = `https://${LAN_NAME}:${forum.server.port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      // The LAN name leads here, and nowhere else is looked up.
      `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1, EXCLUDE localhost`,
      `--ignore-certificate-errors-spki-list=${cert.spkiSha256}`,
    ],
  });
});
test.afterAll(async () => {
  await browser?.close();
  await forum?.stop();
});

/** A REST call from inside the page (the LAN name resolves only in the browser). */
async function api(
  page: Page,
  method: string,
  path: string,
  data?: unknown,
): Promise<{ status: number; body: string }> {
  return page.evaluate(
    async ([m, p, d]) => {
      const r = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json' },
        body: d === undefined ? undefined : JSON.stringify(d),
      });
      return { status: r.status, body: await r.text() };
    },
    [method, path, data] as const,
  );
}

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Nickname or e-mail').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: /account menu/ })).toBeVisible();
}

test('over HTTPS on a LAN name: a secure context, the invite panel, and an invite past closed sign-up', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page, E2E_OWNER.nickname, E2E_OWNER.password);
  expect(await page.evaluate('[location.protocol, window.isSecureContext]')).toEqual([
    'https:',
    true,
  ]);

  // Close sign-up; then only an invite lets a new person in.
  expect((await api(page, 'PATCH', '/api/forum', { signupOpen: false })).status).toBe(200);

  await page.getByRole('link', { name: 'Invite' }).click();
  await expect(page.getByRole('heading', { name: 'Invite people' })).toBeVisible();
  await expect(page.getByTestId('invite-qr')).toBeVisible();
  const shown = (await page.getByTestId('invite-fingerprint').textContent()) ?? '';
  expect(shown.replace(/:/g, '').toLowerCase()).toBe(forum.server.certificate!.sha256);

  await page.getByLabel('Can be used').selectOption('1');
  await page.getByRole('button', { name: 'Make an invite link' }).click();
  await expect(page.getByLabel('Link to share')).toHaveValue(/invite=/);
  const link = await page.getByLabel('Link to share').inputValue();
  expect(link).toMatch(
    new RegExp(`^${base.replace(/\./g, '\\.')}/#/join\\?invite=[A-Za-z0-9_-]{22}&fp=`),
  );

  // A guest opens the invite link (as a phone would from the QR code) and signs up.
  const guestCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const guest = await guestCtx.newPage();
  await guest.goto(link);
  await expect(guest.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  const a = account('inv');
  await guest.getByLabel('Nickname').fill(a.nickname);
  await guest.getByLabel('E-mail').fill(a.email);
  await guest.getByLabel('Password').fill(a.password);
  await guest.getByLabel('First name').fill(a.firstName);
  await guest.getByLabel('Last name').fill(a.lastName);
  await guest.getByLabel('Age').fill('34');
  await guest.getByLabel('Gender').selectOption('prefer-not-to-say');
  await guest.getByRole('button', { name: 'Create account' }).click();
  await expect(guest.getByRole('button', { name: /account menu/ })).toBeVisible();
  // Over https the session cookie is Secure.
  const cookies = await guestCtx.cookies(base);
  expect(cookies.find((c) => c.name.startsWith('hearth_'))?.secure).toBe(true);

  // The link was for one person: a second guest is told why it no longer works.
  const second = await (await browser.newContext()).newPage();
  await second.goto(link);
  const b = account('inv2');
  await second.getByLabel('Nickname').fill(b.nickname);
  await second.getByLabel('E-mail').fill(b.email);
  await second.getByLabel('Password').fill(b.password);
  await second.getByLabel('First name').fill(b.firstName);
  await second.getByLabel('Last name').fill(b.lastName);
  await second.getByLabel('Age').fill('34');
  await second.getByLabel('Gender').selectOption('prefer-not-to-say');
  await second.getByRole('button', { name: 'Create account' }).click();
  await expect(second.getByText(/used as many times as it allows/)).toBeVisible();

  await api(page, 'PATCH', '/api/forum', { signupOpen: true });
  await ctx.close();
  await guestCtx.close();
  await second.context().close();
});

test('over HTTPS on a LAN name: Web Notifications after the opt-in (secure context), live over wss', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.grantPermissions(['notifications'], { origin: base });
  await ctx.addInitScript(`
    window.__hidden = false;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
    document.hasFocus = () => !window.__hidden;
    window.__web = [];
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title, options) { super(title, options); window.__web.push({ title, body: options && options.body }); }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
    Recorded.requestPermission = (...a) => Real.requestPermission(...a);
    window.Notification = Recorded;
  `);
  const page = await ctx.newPage();
  const me = account('webn');
  await page.goto(`${base}/`);
  const res = await api(page, 'POST', '/api/auth/signup', { ...me, age: 30, gender: 'other' });
  expect(res.status).toBe(201);
  await page.reload();
  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Turn on desktop alerts' }).click();
  await page.getByRole('button', { name: /account menu/ }).click();
  await expect(page.getByRole('menuitem', { name: 'Turn off desktop alerts' })).toBeVisible();
  await page.keyboard.press('Escape');
  const myId = (JSON.parse(res.body) as { id: number }).id;

  // Someone else sends a DM over their own wss socket while the page is hidden.
  const senderCtx = await browser.newContext();
  const sender = account('webs');
  const senderPage = await senderCtx.newPage();
  await senderPage.goto(`${base}/`);
  expect(
    (await api(senderPage, 'POST', '/api/auth/signup', { ...sender, age: 30, gender: 'other' }))
      .status,
  ).toBe(201);
  await page.evaluate(
    `window.__hidden = true; document.dispatchEvent(new Event('visibilitychange'));`,
  );
  await senderPage.goto(`${base}/#/chat/${me.nickname}`);
  await senderPage.reload();
  const box = senderPage.getByRole('textbox', { name: `Message ${me.nickname}` });
  await box.fill('hello over wss');
  await box.press('Enter');
  await expect
    .poll(() => page.evaluate('window.__web'))
    .toEqual([{ title: sender.nickname, body: 'hello over wss' }]);
  expect(myId).toBeGreaterThan(0);
  await ctx.close();
  await senderCtx.close();
});
