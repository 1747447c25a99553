/**
 * A new forum from its first visitor to its first post, then the owner shaping it while others
 * watch live (issue 10): setup with the token from --setup-token-file, forum settings seen by a
 * second user at once, closed sign-up, adding a person, a role given and felt at once, and
 * categories created, renamed and archived under a member's eyes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, expectSignedIn, test } from './support/fixtures';
import { startForum, type RunningForum } from './support/forum-server';
import { PASSWORD } from './support/seed';

let forum: RunningForum;
let dataDir: string;
let token: string;
const contexts: BrowserContext[] = [];

const OWNER = { nickname: 'ada', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-setup-'));
  const tokenFile = join(dataDir, 'setup-token');
  forum = await startForum({
    setUp: false,
    setupTokenFile: tokenFile,
    dataDir: join(dataDir, 'db'),
  });
  token = readFileSync(tokenFile, 'utf8').trim();
});

test.afterAll(async () => {
  for (const c of contexts) await c.close();
  await forum?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    baseURL: forum.url,
    viewport: { width: 1280, height: 800 },
  });
  contexts.push(context);
  return context.newPage();
}

/** A member with a session in a fresh context, on the feed. */
async function member(browser: Browser, nickname: string): Promise<Page> {
  const page = await openPage(browser);
  const res = await page.context().request.post('/api/auth/signup', {
    data: {
      nickname,
      email: `${nickname}@example.com`,
      password: PASSWORD,
      firstName: 'Grace',
      lastName: 'Hopper',
      age: 30,
      gender: 'female',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  await page.goto('/');
  await expectSignedIn(page, nickname);
  return page;
}

async function fillOwner(page: Page) {
  await page.getByLabel('Nickname').fill(OWNER.nickname);
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('First name').fill(OWNER.firstName);
  await page.getByLabel('Last name').fill(OWNER.lastName);
  await page.getByLabel('Age').fill('36');
  await page.getByLabel('Gender').selectOption('female');
}

let owner: Page;

test('a new forum: nobody is welcomed back, the setup link sets it up, the owner writes the first post', async ({
  browser,
}) => {
  // Anyone who finds it first: a calm page, no sign-up, no login.
  const visitor = await openPage(browser);
  await visitor.goto('/');
  await expect(visitor.getByRole('heading', { name: 'This forum isn’t set up yet' })).toBeVisible();
  await expect(visitor.getByText('Welcome back')).toHaveCount(0);
  await expect(visitor.getByRole('button', { name: 'Create an account' })).toHaveCount(0);
  // Nor can they sign up behind its back.
  const sneaky = await visitor.context().request.post('/api/auth/signup', {
    data: {
      ...OWNER,
      nickname: 'sneaky',
      email: 's@example.com',
      password: PASSWORD,
      age: 30,
      gender: 'other',
    },
  });
  expect(sneaky.status()).toBe(409);

  // A wrong link: told clearly, nothing created.
  owner = await openPage(browser);
  await owner.goto('/#/setup?token=not-the-token');
  await expect(owner.getByRole('heading', { name: 'Set up your forum' })).toBeVisible();
  await owner.getByLabel('Forum name').fill('Analytical Society');
  await owner.getByLabel('Description').fill('Notes on engines, looms and numbers.');
  await fillOwner(owner);
  await owner.getByRole('button', { name: 'Create forum' }).click();
  await expect(owner.getByText('This setup link is not valid.')).toBeVisible();

  // The real link (as the host wrote it to --setup-token-file), the Club template.
  await owner.goto(`/#/setup?token=${token}`);
  const club = owner.getByRole('radio', { name: 'Club' });
  await owner.locator('label', { has: club }).click();
  await expect(club).toBeChecked();
  await expect(owner.locator('label', { has: club })).toContainText('Announcements');
  // Every field must be right before anything is sent: a missing name is shown next to it.
  await owner.getByLabel('Forum name').fill('');
  await owner.getByRole('button', { name: 'Create forum' }).click();
  await expect(owner.getByText('Forum name is required')).toBeVisible();
  await owner.getByLabel('Forum name').fill('Analytical Society');
  // The chat room everyone joins (issue 11): "General" unless named here.
  const room = owner.getByLabel('Chat room');
  await expect(room).toHaveValue('General');
  await room.fill('engine room');
  await owner.getByRole('button', { name: 'Create forum' }).click();

  // Signed in as the owner, on the feed, the token gone from the address.
  await expectSignedIn(owner, OWNER.nickname);
  await expect(
    owner.getByRole('link', { name: /Analytical Society, go to the feed/ }),
  ).toBeVisible();
  expect(new URL(owner.url()).hash).toBe('#/');
  await expect(owner.getByRole('group', { name: 'Filter by category' })).toContainText('Events');
  await expect(owner.getByRole('link', { name: 'Settings', exact: true })).toBeVisible();
  // The default room has the name given, in the sidebar, and only it.
  await expect(owner.getByTestId('room-item')).toHaveCount(1);
  await expect(owner.getByTestId('room-item')).toHaveAttribute('data-name', 'engine room');

  // The first post, in one of the template's categories.
  await owner.getByRole('link', { name: 'New post' }).click();
  await owner.getByLabel('Title').fill('Welcome, engineers');
  await owner.getByRole('checkbox', { name: 'Announcements' }).check();
  await owner.getByLabel('Post', { exact: true }).fill('The first meeting is on Friday.');
  await owner.getByRole('button', { name: /^Publish/ }).click();
  await expect(owner.getByRole('heading', { name: 'Welcome, engineers' })).toBeVisible();
  await owner.goto('/#/');
  await expect(owner.getByTestId('post-card').first()).toContainText('Announcements');

  // The visitor's page now offers the forum, and the used link leads to login, not setup.
  await visitor.getByRole('button', { name: 'Check again' }).click();
  await expect(visitor.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  await visitor.goto(`/#/setup?token=${token}`);
  await expect(visitor.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  await expect.poll(() => new URL(visitor.url()).hash).toBe('#/');
});

test('forum settings reach a second user live; closed sign-up; an admin adds a person', async ({
  browser,
}) => {
  const grace = await member(browser, 'grace');
  await expect(grace.getByRole('link', { name: 'Settings', exact: true })).toHaveCount(0);
  // A newcomer is in the room named at setup.
  await expect(grace.getByTestId('room-item')).toHaveAttribute('data-name', 'engine room');

  await owner.goto('/#/settings');
  await owner.getByLabel('Forum name').fill('Difference Engine Club');
  await owner.getByRole('radio', { name: /Closed/ }).check();
  await owner.getByLabel('Minimum age').fill('18');
  await owner.getByRole('button', { name: 'Save changes' }).click();
  await expect(owner.getByText('Settings saved.')).toBeVisible();

  // Grace sees the new name without reloading.
  await expect(
    grace.getByRole('link', { name: /Difference Engine Club, go to the feed/ }),
  ).toBeVisible();

  // A newcomer finds sign-up closed.
  const newcomer = await openPage(browser);
  await newcomer.goto('/');
  await expect(newcomer.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  await expect(newcomer.getByText(/Sign-up is closed on this forum/)).toBeVisible();
  await expect(newcomer.getByRole('button', { name: 'Create an account' })).toHaveCount(0);

  // So the owner adds them; the minimum age applies.
  const add = owner.getByRole('form', { name: 'Add a person' });
  await add.getByLabel('Nickname').fill('charles');
  await add.getByLabel('E-mail').fill('charles@example.com');
  await add.getByLabel('Password').fill(PASSWORD);
  await add.getByLabel('First name').fill('Charles');
  await add.getByLabel('Last name').fill('Babbage');
  await add.getByLabel('Age').fill('16');
  await add.getByLabel('Gender').selectOption('male');
  await add.getByRole('button', { name: 'Add person' }).click();
  await expect(add.getByText('You must be at least 18')).toBeVisible();
  await add.getByLabel('Age').fill('45');
  await add.getByRole('button', { name: 'Add person' }).click();
  await expect(owner.getByText('charles can now log in')).toBeVisible();

  await newcomer.getByLabel('Nickname or e-mail').fill('charles');
  await newcomer.getByLabel('Password').fill(PASSWORD);
  await newcomer.getByRole('button', { name: 'Log in' }).click();
  await expectSignedIn(newcomer, 'charles');
});

test('a role given shows at once; categories created, renamed and archived reach a member live', async ({
  browser,
}) => {
  // Sign-up is closed now: the owner adds her, and she logs in.
  const res = await owner.context().request.post('/api/users', {
    data: {
      nickname: 'grace2',
      email: 'grace2@example.com',
      password: PASSWORD,
      firstName: 'Grace',
      lastName: 'Hopper',
      age: 30,
      gender: 'female',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const page = await openPage(browser);
  await page.goto('/');
  await page.getByLabel('Nickname or e-mail').fill('grace2');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectSignedIn(page, 'grace2');
  const g = page;
  const filters = g.getByRole('group', { name: 'Filter by category' });
  await expect(filters).toContainText('Announcements');

  // Made an admin: without a reload, the Settings link appears on her page, and on the post
  // she has open the moderator's tools (the toolbar, the post's menu); back to member, gone.
  await g.getByTestId('post-card').first().getByRole('heading').getByRole('link').click();
  await expect(g.getByRole('heading', { level: 1 })).toBeVisible();
  const tools = g.getByRole('toolbar', { name: 'Moderation' });
  await expect(tools).toHaveCount(0);
  await owner.goto('/#/settings/people');
  const role = owner.getByRole('combobox', { name: 'Role of grace2' });
  await role.selectOption('admin');
  await expect(g.getByRole('link', { name: 'Settings', exact: true })).toBeVisible();
  await expect(tools.getByRole('button', { name: 'Pin' })).toBeVisible();
  await expect(g.getByRole('button', { name: 'Post actions' })).toBeVisible();
  await role.selectOption('member');
  await expect(g.getByRole('link', { name: 'Settings', exact: true })).toHaveCount(0);
  await expect(tools).toHaveCount(0);
  await expect(g.getByRole('button', { name: 'Post actions' })).toHaveCount(0);
  await g.goto('/#/');
  await expect(filters).toContainText('Announcements');

  // A new category, with a colour, shows in her filters at once.
  await owner.goto('/#/settings/categories');
  await owner.getByLabel('Name', { exact: true }).fill('Looms');
  await owner.getByRole('radio', { name: 'Blue' }).check();
  await owner.getByRole('button', { name: 'Add category' }).click();
  await expect(filters.getByRole('button', { name: 'Looms' })).toBeVisible();

  // Renamed: her post pills follow (the owner's first post is in Announcements).
  const row = owner.getByRole('listitem').filter({ hasText: 'Announcements' });
  await row.getByRole('button', { name: 'Rename' }).click();
  await owner.getByLabel('New name for Announcements').fill('News');
  await owner.getByRole('button', { name: 'Save' }).click();
  await expect(filters.getByRole('button', { name: 'News' })).toBeVisible();
  await expect(
    g.getByTestId('post-card').first().getByRole('button', { name: 'News' }),
  ).toBeVisible();

  // Moved up: her filters follow the new order.
  await owner.getByRole('button', { name: 'Move Looms up' }).click();
  await expect
    .poll(async () => (await filters.getByRole('button').allTextContents()).slice(-2))
    .toEqual(['Looms', 'Off-topic']);

  // Archived: gone from her filters and her new-post picker; its posts stay.
  await owner
    .getByRole('listitem')
    .filter({ hasText: 'Looms' })
    .getByRole('button', { name: 'Archive' })
    .click();
  await expect(filters.getByRole('button', { name: 'Looms' })).toHaveCount(0);
  await g.getByRole('link', { name: 'New post' }).click();
  await expect(g.getByRole('group', { name: 'Categories' })).toContainText('News');
  await expect(g.getByRole('group', { name: 'Categories' })).not.toContainText('Looms');

  // Deleting a category with posts is explained, not done.
  await owner.getByRole('button', { name: 'Delete News' }).click();
  await expect(owner.getByText(/can’t be deleted. Archive it instead/)).toBeVisible();
  // An empty one goes, after a confirmation.
  await owner.getByRole('button', { name: 'Delete Members' }).click();
  await owner
    .getByRole('group', { name: 'Delete Members?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await g.goto('/#/');
  await expect(g.getByRole('group', { name: 'Filter by category' })).not.toContainText('Members');

  // Handing the forum over takes typing the new owner's nickname; both sides see it at once.
  await owner.goto('/#/settings/people');
  await owner
    .getByRole('listitem')
    .filter({ hasText: 'grace2' })
    .getByRole('button', { name: 'Make owner…' })
    .click();
  const dialog = owner.getByRole('dialog', { name: 'Make grace2 the owner?' });
  const confirm = dialog.getByRole('button', { name: 'Transfer ownership' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill('grace');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill('grace2');
  await confirm.click();
  await expect(owner.getByText('grace2 now owns the forum. You are an admin.')).toBeVisible();
  await expect(g.getByRole('link', { name: 'Settings', exact: true })).toBeVisible();
  // Now an admin: the old owner still has Settings, but gives no roles any more.
  await expect(
    owner.getByText('Only the owner gives roles or hands the forum over.'),
  ).toBeVisible();
  await expect(owner.getByRole('combobox', { name: /^Role of / })).toHaveCount(0);
});
