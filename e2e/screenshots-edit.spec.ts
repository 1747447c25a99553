/**
 * Edit and delete, shot at 1280×800 and 390×844, light and dark: the "…" menu, the post's edit
 * form, deleted placeholders (a comment, a message) and a moderator's edit history. Against a
 * forum of its own, seeded through the API. PNGs go to e2e/.output/screenshots, or with
 * `HEARTH_SCREENSHOTS=1` to the committed set in e2e/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import type { Me } from '../common/api';
import { expect, test } from './support/fixtures';
import { E2E_OWNER, startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot, type Scheme, type ViewportName } from './support/screens';
import { PASSWORD, PEOPLE, comment, openSocket, post, say, signup } from './support/seed';

const MAYA = PEOPLE[0]!;
const JONAS = PEOPLE[1]!;

let forum: RunningForum;
let dataDir: string;
const requests: APIRequestContext[] = [];
let postId = 0;
let jonas: Me;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-edit-'));
  forum = await startForum({ forumName: 'Riverside Commons', dataDir, bcryptCost: 4 });
  for (const p of [MAYA, JONAS]) {
    const req = await playwright.request.newContext({ baseURL: forum.url });
    requests.push(req);
    const me = await signup(req, p);
    if (p === JONAS) jonas = me;
  }
  const [maya, jon] = requests as [APIRequestContext, APIRequestContext];
  const p = await post(
    maya,
    'Community garden: spring planting day',
    'We are planting the raised beds on Saturday from 10:00. Bring gloves if you have them; ' +
      'seedlings, tools and coffee are on us.',
    ['General'],
  );
  postId = p.id;
  // An edit (so there is an earlier version and an "edited" mark).
  const edited = await maya.patch(`/api/posts/${postId}`, {
    data: {
      body:
        'We are planting the raised beds on Saturday from 10:00 to 14:00. Bring gloves if you ' +
        'have them; seedlings, tools, coffee and cake are on us.',
    },
  });
  expect(edited.status()).toBe(200);
  await comment(jon, postId, 'I can bring two extra spades and a wheelbarrow.');
  await comment(jon, postId, 'Wrong thread, sorry!');
  const comments = (await (await jon.get(`/api/posts/${postId}/comments`)).json()) as {
    items: { id: number; body: string }[];
  };
  const wrong = comments.items.find((c) => c.body.startsWith('Wrong'))!;
  expect((await jon.delete(`/api/comments/${wrong.id}`)).status()).toBe(204);
  await comment(maya, postId, 'Perfect, thank you Jonas!');

  // A conversation with one deleted message.
  const ws = await openSocket(maya, forum.url);
  await say(ws, jonas.id, 'Are you coming on Saturday?');
  const oops = await say(ws, jonas.id, 'Also, the code for the shed is 4471');
  ws.send(JSON.stringify({ type: 'chat.delete', payload: { id: oops } }));
  await say(ws, jonas.id, 'Never mind, I will open it myself.');
  ws.close();
});

test.afterAll(async () => {
  await Promise.all(requests.map((r) => r.dispose()));
  await forum?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(
  browser: Browser,
  viewport: ViewportName,
  scheme: Scheme,
  login: string,
  password = PASSWORD,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: forum.url,
    viewport: VIEWPORTS[viewport],
    colorScheme: scheme,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const res = await context.request.post('/api/auth/login', { data: { login, password } });
  expect(res.status()).toBe(200);
  return { context, page: await context.newPage() };
}

async function openPost(page: Page) {
  await page.goto(`/#/post/${postId}`);
  await expect(page.getByRole('heading', { name: /spring planting day/ })).toBeVisible();
  await expect(page.getByTestId('comment').first()).toBeVisible();
}

for (const { viewport, scheme } of combos()) {
  test(`edit and delete screens ${viewport} ${scheme}`, async ({ browser }) => {
    const { context, page } = await open(browser, viewport, scheme, MAYA.nickname);
    await openPost(page);
    // The "…" menu of my post, open.
    await page.locator('article').getByTestId('item-menu').click();
    await expect(page.getByRole('menuitem', { name: 'Edit post' })).toBeVisible();
    await shoot(page, 'edit-menu', viewport, scheme);
    // The edit form in place.
    await page.getByRole('menuitem', { name: 'Edit post' }).click();
    await expect(page.getByTestId('post-edit-form')).toBeVisible();
    await shoot(page, 'edit-form', viewport, scheme);
    await page.getByRole('button', { name: 'Cancel' }).click();
    // The deleted comment's placeholder (scrolled into view).
    await page.getByTestId('comment-deleted').scrollIntoViewIfNeeded();
    await shoot(page, 'edit-comment-deleted', viewport, scheme);
    // The deleted message in the conversation.
    await page.goto(`/#/chat/${JONAS.nickname}`);
    await expect(page.getByTestId('message-deleted')).toBeVisible();
    await shoot(page, 'edit-message-deleted', viewport, scheme);
    // The hover menu of my last message, then its edit form.
    const last = page.locator('[data-testid="message"][data-status="sent"]').last();
    await last.hover();
    await last.getByTestId('item-menu').click();
    await expect(page.getByRole('menuitem', { name: 'Edit message' })).toBeVisible();
    // The menu shows while the pointer is on the message: it stays there.
    await shoot(page, 'edit-message-menu', viewport, scheme, { keepPointer: true });
    await page.getByRole('menuitem', { name: 'Edit message' }).click();
    await expect(page.getByTestId('message-edit-form')).toBeVisible();
    await shoot(page, 'edit-message-form', viewport, scheme);
    await context.close();

    // A moderator (here the owner) reads the post's edit history.
    const owner = await open(browser, viewport, scheme, E2E_OWNER.nickname, E2E_OWNER.password);
    await openPost(owner.page);
    await owner.page.locator('article').getByTestId('item-menu').click();
    await owner.page.getByRole('menuitem', { name: 'Show edit history' }).click();
    await expect(owner.page.getByTestId('revision')).toHaveCount(1);
    await shoot(owner.page, 'edit-revisions', viewport, scheme);
    await owner.context.close();
  });
}
