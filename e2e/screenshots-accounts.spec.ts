/**
 * Accounts and profiles, every new screen at 1280×800 and 390×844, light and dark: a profile
 * (one's own, someone else's, and as an admin with a reset link made), the account page, and
 * the reset page with a working link and an expired one. Against a forum of its own, whose
 * clock the test moves forward a day to expire a link. No sideways overflow.
 *
 * PNGs go to e2e/.output/screenshots (ignored); `HEARTH_SCREENSHOTS=1` writes the committed
 * set in e2e/screenshots instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import type { ResetLink } from '../common/accounts';
import type { Me } from '../common/api';
import { expect, test } from './support/fixtures';
import { E2E_OWNER, startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot, type Scheme, type ViewportName } from './support/screens';
import { COMMENTS, PASSWORD, PEOPLE, POSTS, comment, post, signup } from './support/seed';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const BIOS = [
  'Runs the Tuesday board-game nights. Ask me about Wingspan.\nBased on floor 3, usually with tea.',
  'Network person. If the Wi-Fi is slow, I want to know when and where.',
  'Listens to everything, plays bass badly.',
  '',
  'Five-a-side on Sundays, rain or shine.',
];

let forum: RunningForum;
let dataDir: string;
/** How far ahead of the real time the forum's clock runs (to expire a link). */
let offset = 0;
const requests: APIRequestContext[] = [];
const people: Me[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-accounts-'));
  let writtenAt: number | null = null;
  forum = await startForum({
    forumName: 'Riverside Commons',
    dataDir,
    bcryptCost: 4,
    clock: () => writtenAt ?? Date.now() + offset,
  });
  const ago = async <T>(ms: number, write: () => Promise<T>): Promise<T> => {
    writtenAt = Date.now() - ms;
    try {
      return await write();
    } finally {
      writtenAt = null;
    }
  };
  for (const [i, p] of PEOPLE.entries()) {
    const req = await playwright.request.newContext({ baseURL: forum.url });
    requests.push(req);
    // Joined weeks ago; that session expired long since, so a fresh login.
    people.push(await ago(70 * DAY - i * 9 * DAY, () => signup(req, p)));
    await req.post('/api/auth/login', { data: { login: p.nickname, password: PASSWORD } });
    if (BIOS[i]) await req.fetch('/api/auth/me', { method: 'PATCH', data: { bio: BIOS[i] } });
  }
  const postIds: number[] = [];
  for (const [i, p] of POSTS.entries())
    postIds.push(
      (await ago((9 - i) * DAY, () => post(requests[p.by]!, p.title, p.body, p.categories))).id,
    );
  // Maya writes a few more, so her profile lists a full five.
  const more = [
    ['Spare keys for the bike shed', 'I have two spare keys; ask me if you need one.', ['General']],
    ['Recipe swap: your best weeknight dinner', 'Mine is a 20-minute dal. Yours?', ['Culture']],
    ['Quiet hours reminder', 'From 22:00 on weekdays, thanks everyone.', ['General']],
  ] as const;
  for (const [i, [title, body, cats]] of more.entries())
    await ago((3 - i) * DAY, () => post(requests[0]!, title, body, [...cats]));
  for (const c of COMMENTS) await comment(requests[c.by]!, postIds[c.post]!, c.body);

  // The owner (made by setup) makes Maya an admin.
  const owner = await playwright.request.newContext({ baseURL: forum.url });
  expect(
    (
      await owner.post('/api/auth/login', {
        data: { login: E2E_OWNER.nickname, password: E2E_OWNER.password },
      })
    ).status(),
  ).toBe(200);
  expect(
    (await owner.put(`/api/users/${people[0]!.id}/role`, { data: { role: 'admin' } })).status(),
  ).toBe(200);
  await owner.dispose();
});

test.afterAll(async () => {
  for (const r of requests) await r.dispose();
  await forum?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(
  browser: Browser,
  viewport: ViewportName,
  scheme: Scheme,
  login: string | null,
) {
  const context = await browser.newContext({
    baseURL: forum.url,
    viewport: VIEWPORTS[viewport],
    colorScheme: scheme,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  if (login) {
    const res = await context.request.post('/api/auth/login', {
      data: { login, password: PASSWORD },
    });
    expect(res.status()).toBe(200);
  }
  return { context, page: await context.newPage() };
}

const MAYA = PEOPLE[0]!.nickname;
const JONAS = PEOPLE[1]!.nickname;
const PRIYA = PEOPLE[2]!.nickname;

for (const { viewport, scheme } of combos()) {
  test(`profiles and the account page, ${viewport}, ${scheme}`, async ({ browser }) => {
    const shot = (page: Page, name: string) => shoot(page, name, viewport, scheme);

    // Priya (a member) looks at Jonas.
    const priya = await open(browser, viewport, scheme, PRIYA);
    await priya.page.goto(`/#/u/${JONAS}`);
    await expect(priya.page.getByRole('heading', { level: 1 })).toHaveText('Jonas Berg');
    await expect(priya.page.getByRole('link', { name: POSTS[0]!.title })).toBeVisible();
    await shot(priya.page, 'profile-other');
    await priya.context.close();

    // Maya, an admin: her own profile, Jonas's with a reset link made, her account page.
    const maya = await open(browser, viewport, scheme, MAYA);
    await maya.page.goto(`/#/u/${MAYA}`);
    await expect(maya.page.getByTestId('profile-bio')).toBeVisible();
    await expect(maya.page.getByTestId('post-count')).toHaveText('4 posts');
    await shot(maya.page, 'profile-own');

    await maya.page.goto(`/#/u/${JONAS}`);
    await maya.page.getByRole('button', { name: 'Create password-reset link' }).click();
    await maya.page.getByRole('button', { name: 'Create link' }).click();
    await expect(maya.page.getByTestId('reset-link-url')).toHaveValue(/#\/reset\//);
    await shot(maya.page, 'profile-admin-reset-link');

    await maya.page.goto('/#/account');
    await expect(maya.page.getByLabel('Bio')).toHaveValue(BIOS[0]!);
    await shot(maya.page, 'account');
    await maya.context.close();
  });
}

test('the reset page: a working link, then an expired one', async ({ browser }) => {
  const admin = requests[0]!;
  const res = await admin.post(`/api/users/${people[4]!.id}/reset-link`);
  expect(res.status()).toBe(201);
  const { path } = (await res.json()) as ResetLink;

  for (const { viewport, scheme } of combos()) {
    const { context, page } = await open(browser, viewport, scheme, null);
    await page.goto(`/${path.slice(1)}`);
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await shoot(page, 'reset-valid', viewport, scheme);
    await context.close();
  }
  offset = DAY + HOUR;
  for (const { viewport, scheme } of combos()) {
    const { context, page } = await open(browser, viewport, scheme, null);
    await page.goto(`/${path.slice(1)}`);
    await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    await shoot(page, 'reset-expired', viewport, scheme);
    await context.close();
  }
  offset = 0;
});
