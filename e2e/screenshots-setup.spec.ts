/**
 * The setup and settings screens (issue 10) at 1280×800 and 390×844, light and dark: a new
 * forum's "not set up" page and its setup page (empty, and with a refused link), then, once
 * set up with the Club template and a few people, forum settings, people & roles, categories
 * admin (one archived) and the feed with its category colours.
 *
 * PNGs go to e2e/.output/screenshots (ignored); `HEARTH_SCREENSHOTS=1` writes the committed
 * set in e2e/screenshots instead.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import type { CategoryAdminItem, Me } from '../common/api';
import { expect, test } from './support/fixtures';
import { startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot, type Scheme, type ViewportName } from './support/screens';
import { PASSWORD, post, signup } from './support/seed';

const OWNER = { nickname: 'maya', firstName: 'Maya', lastName: 'Lindqvist' };
const MEMBERS = [
  { nickname: 'jonas', firstName: 'Jonas', lastName: 'Berg' },
  { nickname: 'priya', firstName: 'Priya', lastName: 'Raman' },
  { nickname: 'leo.k', firstName: 'Leo', lastName: 'Kowalski' },
  { nickname: 'sam_r', firstName: 'Sam', lastName: 'Reyes' },
];

let fresh: RunningForum;
let forum: RunningForum;
let dataDir: string;
let token: string;
const requests: APIRequestContext[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  // A forum nobody has set up, its token read from --setup-token-file as a script would.
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-setup-'));
  const tokenFile = join(dataDir, 'setup-token');
  fresh = await startForum({ setUp: false, setupTokenFile: tokenFile, bcryptCost: 4 });
  token = readFileSync(tokenFile, 'utf8').trim();

  // A second forum, set up with the Club template, a few people and posts.
  forum = await startForum({ setUp: false, bcryptCost: 4 });
  const owner = await playwright.request.newContext({ baseURL: forum.url });
  requests.push(owner);
  const setup = await owner.post('/api/forum/setup', {
    data: {
      token: forum.server.setupToken(),
      forum: {
        name: 'Riverside Chess Club',
        description: 'Tuesdays at eight, back room of the library.',
      },
      template: 'club',
      room: 'general',
      owner: {
        ...OWNER,
        email: 'maya@example.com',
        password: PASSWORD,
        age: 41,
        gender: 'female',
      },
    },
  });
  expect(setup.status(), await setup.text()).toBe(201);
  const members: Me[] = [];
  for (const m of MEMBERS) {
    const req = await playwright.request.newContext({ baseURL: forum.url });
    requests.push(req);
    members.push(await signup(req, m));
  }
  await owner.put(`/api/users/${members[1]!.id}/role`, { data: { role: 'admin' } });
  await owner.put(`/api/users/${members[3]!.id}/role`, { data: { role: 'moderator' } });
  const old = await owner.post('/api/categories', {
    data: { name: 'Summer tournament 2025', color: '#db2777' },
  });
  const oldId = ((await old.json()) as CategoryAdminItem).id;
  await post(
    requests[1]!,
    'Club night moves to Wednesday',
    'The library closes early on Tuesdays in March, so we meet on Wednesdays.',
    ['Announcements', 'Events'],
  );
  await post(
    requests[2]!,
    'Anyone up for a blitz ladder?',
    'Five-minute games, a ladder on the wall, and bragging rights.',
    ['Ideas'],
  );
  await post(requests[3]!, 'Results of the summer tournament', 'Thanks to everyone who played!', [
    'Summer tournament 2025',
    'Events',
  ]);
  await post(
    owner,
    'Welcome to the new forum',
    'Post here instead of the group chat: it keeps things findable.',
    ['Announcements'],
  );
  await owner.patch(`/api/categories/${oldId}`, { data: { archived: true } });
  // Closed sign-up: the login page says so, and the settings show it chosen.
  await owner.patch('/api/forum', { data: { signupOpen: false } });
});

test.afterAll(async () => {
  for (const r of requests) await r.dispose();
  await fresh?.stop();
  await forum?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(browser: Browser, baseURL: string, viewport: ViewportName, scheme: Scheme) {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORTS[viewport],
    colorScheme: scheme,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  return { context, page: await context.newPage() };
}

for (const { viewport, scheme } of combos()) {
  test(`setup screens at ${viewport}, ${scheme}`, async ({ browser }) => {
    const shot = (page: Page, name: string, full = false) =>
      shoot(page, name, viewport, scheme, { fullPage: full });
    const { context, page } = await open(browser, fresh.url, viewport, scheme);
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'This forum isn’t set up yet' })).toBeVisible();
    await shot(page, 'not-set-up');

    await page.goto(`/#/setup?token=${token}`);
    await expect(page.getByRole('heading', { name: 'Set up your forum' })).toBeVisible();
    await shot(page, 'setup');
    await shot(page, 'setup-full', true);

    // A refused link, and the fields the checks find wrong before sending.
    await page.goto('/#/setup?token=stale-token-from-last-start');
    await page.getByLabel('Forum name').fill('Riverside Chess Club');
    await page.getByLabel('Chat room').fill('general');
    await page.getByLabel('Nickname').fill('maya');
    await page.getByLabel('E-mail').fill('maya@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('First name').fill('Maya');
    await page.getByLabel('Last name').fill('Lindqvist');
    await page.getByLabel('Age').fill('41');
    await page.getByLabel('Gender').selectOption('female');
    await page.getByRole('button', { name: 'Create forum' }).click();
    await expect(page.getByText('This setup link is not valid.')).toBeVisible();
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.evaluate(
      'window.scrollTo(0, 0); document.querySelector(".setup")?.scrollIntoView()',
    );
    await shot(page, 'setup-bad-link');
    await context.close();
  });

  test(`settings screens at ${viewport}, ${scheme}`, async ({ browser }) => {
    const shot = (page: Page, name: string, full = false) =>
      shoot(page, name, viewport, scheme, { fullPage: full });
    const { context, page } = await open(browser, forum.url, viewport, scheme);
    await page.goto('/');
    await expect(page.getByText(/Sign-up is closed on this forum/)).toBeVisible();
    await shot(page, 'login-signup-closed');
    const res = await context.request.post('/api/auth/login', {
      data: { login: OWNER.nickname, password: PASSWORD },
    });
    expect(res.status()).toBe(200);

    // Same document, new hash: a reload picks the session up.
    await page.goto('/#/');
    await page.reload();
    await expect(page.getByTestId('post-card').first()).toBeVisible();
    await shot(page, 'feed-category-colours');

    await page.goto('/#/settings');
    await expect(page.getByRole('heading', { name: 'Forum settings' })).toBeVisible();
    await expect(page.getByLabel('Forum name')).toHaveValue('Riverside Chess Club');
    await shot(page, 'settings');
    await page.evaluate("document.getElementById('main').scrollTo(0, 1e6)");
    await shot(page, 'settings-add-person');

    await page.goto('/#/settings/people');
    await expect(page.getByRole('combobox', { name: 'Role of priya' })).toBeVisible();
    await shot(page, 'settings-people');
    await page.getByRole('button', { name: 'Make owner…' }).first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await shot(page, 'settings-transfer');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.goto('/#/settings/categories');
    await expect(page.getByText('Summer tournament 2025')).toBeVisible();
    await shot(page, 'settings-categories');
    await page.evaluate("document.getElementById('main').scrollTo(0, 1e6)");
    await shot(page, 'settings-categories-archived');
    await page.evaluate("document.getElementById('main').scrollTo(0, 0)");
    await page.getByRole('button', { name: /^Colour of Events/ }).click();
    await expect(page.getByRole('radiogroup', { name: 'Colour of Events' })).toBeVisible();
    await shot(page, 'settings-categories-palette');
    await context.close();
  });
}
