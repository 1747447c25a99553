/**
 * Every screen and state at 1280×800 and 390×844, light and dark, against a server of its own
 * seeded with realistic content written over the last days (so relative times and the roster
 * order can be judged). Also checks that nothing overflows sideways at phone width.
 *
 * States that change the forum (new posts for the pill, a server going away) use a second,
 * throw-away forum per test, so every run of the main one shows the same content.
 *
 * PNGs go to e2e/.output/screenshots (ignored); `HEARTH_SCREENSHOTS=1` writes the committed
 * set in e2e/screenshots instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  APIRequestContext,
  Browser,
  BrowserContext,
  Page,
  PlaywrightWorkerArgs,
  Route,
} from '@playwright/test';
import type WebSocket from 'ws';
import type { Me } from '../common/api';
import { expect, test } from './support/fixtures';
import { startForum, type RunningForum } from './support/forum-server';
import { lossyChatSends } from './support/lossy-socket';
import {
  ALL_COMBOS,
  SCHEMES,
  VIEWPORTS,
  combos,
  shoot,
  type Scheme,
  type ViewportName,
} from './support/screens';
import {
  CHATS,
  COMMENTS,
  PASSWORD,
  PEOPLE,
  POSTS,
  comment,
  openSocket,
  post,
  say,
  signup,
} from './support/seed';

/** The narrowest width the UI promises; a few screens only (e2e/responsive.spec.ts checks all). */
const NARROW = { width: 360, height: 740 } as const;
/** At 360 px CI shoots the light theme (mobile is shot dark); HEARTH_SCREENSHOTS=1 shoots both. */
const NARROW_SCHEMES: readonly Scheme[] = ALL_COMBOS ? SCHEMES : ['light'];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** How long ago each seeded item was written, index for index with POSTS, COMMENTS and CHATS. */
const POST_AGE = [9 * DAY, 30 * HOUR, 5 * HOUR, 2 * HOUR, 45 * MIN];
const COMMENT_AGE = [8 * DAY, 6 * DAY, 3 * HOUR, 20 * MIN, 4 * HOUR];
const CHAT_AGE = [
  26 * HOUR,
  26 * HOUR - 4 * MIN,
  3 * HOUR,
  ...[70, 64, 63, 40, 39, 30, 12, 10, 4, 2].map((m) => m * MIN),
];

const MAYA = PEOPLE[0]!.nickname;
const JONAS = PEOPLE[1]!.nickname;
const SAM = PEOPLE[4]!.nickname;

interface SeededForum {
  forum: RunningForum;
  people: Me[];
  postIds: number[];
  /** Signed-in API contexts, index for index with PEOPLE. */
  requests: APIRequestContext[];
  /** Jonas and Priya stay connected (online dots); Jonas also types to Maya on cue. */
  online: WebSocket[];
  dataDir: string;
}

/** A forum with PEOPLE, POSTS, COMMENTS and CHATS, each written `*_AGE` ago by its clock. */
async function seedForum(playwright: PlaywrightWorkerArgs['playwright']): Promise<SeededForum> {
  let writtenAt: number | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-'));
  const forum = await startForum({
    forumName: 'Riverside Commons',
    dataDir,
    bcryptCost: 4,
    clock: () => writtenAt ?? Date.now(),
  });
  const ago = async <T>(ms: number, write: () => Promise<T>): Promise<T> => {
    writtenAt = Date.now() - ms;
    try {
      return await write();
    } finally {
      writtenAt = null;
    }
  };
  const requests = await Promise.all(
    PEOPLE.map(() => playwright.request.newContext({ baseURL: forum.url })),
  );
  const people: Me[] = [];
  for (const [i, p] of PEOPLE.entries()) people.push(await signup(requests[i]!, p));
  const postIds: number[] = [];
  for (const [i, p] of POSTS.entries()) {
    const created = await ago(POST_AGE[i]!, () =>
      post(requests[p.by]!, p.title, p.body, p.categories),
    );
    postIds.push(created.id);
  }
  for (const [i, c] of COMMENTS.entries())
    await ago(COMMENT_AGE[i]!, () => comment(requests[c.by]!, postIds[c.post]!, c.body));
  // One notification read, the rest unread: the panel shows both looks.
  const maya = requests[0]!;
  const mine = (await (await maya.get('/api/notifications')).json()) as {
    items: { id: number }[];
  };
  await maya.post('/api/notifications/read', { data: { ids: [mine.items.at(-1)!.id] } });

  const sockets = await Promise.all(requests.map((c) => openSocket(c, forum.url)));
  let lastFromJonas = 0;
  for (const [i, [from, to, body]] of CHATS.entries()) {
    const id = await ago(CHAT_AGE[i]!, () => say(sockets[from]!, people[to]!.id, body));
    if (from === 1) lastFromJonas = id;
  }
  // Maya has read Jonas (the conversation on screen); Priya and Sam stay unread.
  sockets[0]!.send(
    JSON.stringify({ type: 'chat.read', payload: { with: people[1]!.id, upTo: lastFromJonas } }),
  );
  const online = [sockets[1]!, sockets[2]!];
  for (const [i, ws] of sockets.entries()) if (i !== 1 && i !== 2) ws.close();
  return { forum, people, postIds, requests, online, dataDir };
}

async function closeForum(s: SeededForum | undefined, serverAlreadyClosed = false) {
  if (!s) return;
  for (const ws of s.online) ws.close();
  await Promise.all(s.requests.map((c) => c.dispose()));
  if (!serverAlreadyClosed) await s.forum.server.close();
  rmSync(s.dataDir, { recursive: true, force: true });
}

let main: SeededForum;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  main = await seedForum(playwright);
});

test.afterAll(async () => {
  await closeForum(main);
});

async function open(
  browser: Browser,
  baseURL: string,
  viewport: ViewportName | '360',
  scheme: Scheme,
  login: string | null,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: viewport === '360' ? NARROW : VIEWPORTS[viewport],
    colorScheme: scheme,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  if (login) {
    const res = await context.request.post('/api/auth/login', {
      data: { login, password: PASSWORD },
    });
    expect(res.status()).toBe(200);
  }
  return { context, page };
}

/** Holds matching requests until released: the loading state stays on screen for the shot. */
async function holdRequests(page: Page, url: string | RegExp) {
  const held: Route[] = [];
  await page.route(url, (route) => void held.push(route));
  return async () => {
    await page.unroute(url);
    for (const r of held) await r.continue().catch(() => {});
  };
}

for (const scheme of NARROW_SCHEMES) {
  test(`feed and chat at 360 px, ${scheme}`, async ({ browser }) => {
    const shot = (page: Page, name: string) => shoot(page, name, '360', scheme);
    const { context, page } = await open(browser, main.forum.url, '360', scheme, MAYA);
    await page.goto('/#/');
    await expect(page.getByTestId('post-card').first()).toBeVisible();
    await shot(page, 'feed');
    await page.goto(`/#/chat/${JONAS}`);
    await expect(page.getByTestId('message').last()).toContainText('Perfect, see you at 7!');
    await page.getByRole('textbox', { name: `Message ${JONAS}` }).blur();
    await shot(page, 'chat');
    await context.close();
  });
}

for (const { viewport, scheme } of combos()) {
  test(`screens at ${viewport}, ${scheme}`, async ({ browser }) => {
    test.setTimeout(120_000);
    const shot = (page: Page, name: string) => shoot(page, name, viewport, scheme);
    const { postIds, people, online } = main;

    // Logged out
    {
      const { context, page } = await open(browser, main.forum.url, viewport, scheme, null);
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
      await shot(page, 'login');
      await page.getByLabel('Nickname or e-mail').fill(MAYA);
      await page.getByLabel('Password').fill('not my password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await shot(page, 'login-error');
      await page.getByRole('button', { name: 'Create an account' }).click();
      await page.getByLabel('Nickname').fill('maya');
      await page.getByLabel('E-mail').fill('maya@example');
      await page.getByRole('button', { name: 'Create account' }).click();
      // Every wrong field at once, before anything is sent.
      await expect(page.locator('[aria-invalid="true"]')).toHaveCount(6);
      await shot(page, 'signup-errors');
      await context.close();
    }

    // Loading: the first requests are held, so the skeletons stay.
    {
      const { context, page } = await open(browser, main.forum.url, viewport, scheme, MAYA);
      const releaseFeed = await holdRequests(page, /\/api\/(posts\?|chat\/roster)/);
      await page.goto('/#/');
      await expect(page.getByLabel('Loading posts')).toBeVisible();
      await shot(page, 'feed-loading');
      await releaseFeed();
      const releaseChat = await holdRequests(page, /\/api\/chat\/\d+\/messages/);
      await page.goto(`/#/chat/${JONAS}`);
      await expect(page.getByLabel('Loading messages')).toBeVisible();
      await shot(page, 'chat-loading');
      await releaseChat();
      await context.close();
    }

    const { context, page } = await open(browser, main.forum.url, viewport, scheme, MAYA);

    await page.goto('/#/');
    await expect(page.getByTestId('post-card').first()).toBeVisible();
    await shot(page, 'feed');

    // Keyboard focus: from the last chip, Tab lands on the first card's author (a profile
    // link), then on its title (the card's ring goes round it).
    const chips = page.getByRole('group', { name: 'Filter by category' });
    await chips.getByRole('button', { name: 'Technology' }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('post-card').first().getByTestId('author-link')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(
      page.getByTestId('post-card').first().getByRole('link', { name: POSTS[4]!.title }),
    ).toBeFocused();
    await shot(page, 'feed-keyboard-focus');

    await chips.getByRole('button', { name: 'Politics' }).click();
    await expect(page.getByRole('heading', { name: /Nothing in Politics yet/ })).toBeVisible();
    await shot(page, 'feed-empty-category');

    // A background failure (following a category with no connection) is told in a toast.
    await page.route('**/api/categories/*/follow', (r) => r.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Follow Politics' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Couldn’t follow' })).toBeVisible();
    await shot(page, 'error-toast');
    await page.unroute('**/api/categories/*/follow');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await chips.getByRole('button', { name: 'All' }).click();

    await page.goto(`/#/post/${postIds[0]}`);
    await expect(page.getByTestId('comment').first()).toBeVisible();
    await shot(page, 'post');

    // The server's answer next to the comment box (a control character pasted in), text kept.
    const box = page.getByRole('textbox', { name: 'Write a comment' });
    await box.fill('Count me in too!\u0007');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(page.locator('#comment-body-error')).toContainText('control characters');
    await page.getByRole('button', { name: 'Comment', exact: true }).scrollIntoViewIfNeeded();
    await shot(page, 'comment-error');

    // No connection when sending: said next to the Comment button, and the text stays.
    await box.fill('Count me in too!');
    await page.route('**/api/posts/*/comments', (r) => r.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect(page.locator('#comment-form-error')).toContainText('wasn’t posted');
    await expect(box).toHaveValue('Count me in too!');
    await page.getByRole('button', { name: 'Comment', exact: true }).scrollIntoViewIfNeeded();
    await shot(page, 'comment-offline');
    await page.unroute('**/api/posts/*/comments');

    await page.goto('/#/new');
    await page.getByLabel('Title').fill('Spring clean-up of the shared garden');
    await page.getByRole('checkbox', { name: 'General' }).check();
    await page.getByRole('checkbox', { name: 'Culture' }).check();
    await page
      .getByLabel('Post', { exact: true })
      .fill('Saturday 10:00. Gloves and tools are in the shed; bring water.');
    await shot(page, 'new-post');
    // A control character only the server rejects: its message sits under the body.
    await page
      .getByLabel('Post', { exact: true })
      .fill('Saturday 10:00. Gloves and tools are in the shed; bring water.\u0001');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.locator('#post-body-error')).toContainText('control characters');
    await shot(page, 'new-post-server-error');
    // Leave no draft behind for the next screens.
    await page.evaluate('sessionStorage.clear()');

    await page.goto(`/#/chat/${JONAS}`);
    await expect(page.getByTestId('message').last()).toContainText('Perfect, see you at 7!');
    await expect(page.getByTestId('peer-status')).toHaveText('Online');
    // Jonas starts typing a reply.
    online[0]!.send(JSON.stringify({ type: 'typing.start', payload: { to: people[0]!.id } }));
    await expect(page.getByTestId('typing')).toHaveText(`${JONAS} is typing…`);
    await page.getByRole('textbox', { name: `Message ${JONAS}` }).blur();
    await shot(page, 'chat');
    online[0]!.send(JSON.stringify({ type: 'typing.stop', payload: { to: people[0]!.id } }));
    await expect(page.getByTestId('typing')).toBeEmpty();

    // Scrolled to the top: where the conversation starts, and the day of its first message.
    await page.evaluate(`document.querySelector('[data-testid="message-list"]').scrollTop = 0`);
    await expect(page.getByTestId('conversation-start')).toBeInViewport();
    await expect(page.getByTestId('day-divider').first()).toBeInViewport();
    await shot(page, 'chat-start');

    // A conversation not started yet.
    await page.goto(`/#/chat/${PEOPLE[3]!.nickname}`);
    await expect(page.getByTestId('conversation-start')).toContainText(PEOPLE[3]!.nickname);
    await shot(page, 'chat-empty');

    await page.goto('/#/');
    await page.getByTestId('bell').click();
    await expect(page.getByRole('dialog', { name: 'Notifications' })).toBeVisible();
    // Grouped per post and kind (issue 13): two comments on one post are one row.
    await expect(page.getByTestId('notification')).toHaveCount(2);
    await shot(page, 'notifications');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /account menu/ }).click();
    await expect(page.getByRole('menu')).toBeVisible();
    await shot(page, 'user-menu');
    await page.keyboard.press('Escape');

    if (viewport === 'mobile') {
      await page.getByRole('button', { name: /^Conversations/ }).click();
      await expect(page.locator('#roster')).toBeInViewport();
      await expect(page.getByTestId('unread-badge')).toHaveText(['1', '2']);
      // Focus moves into the drawer (keyboard users land on its first control).
      await expect(page.getByRole('link', { name: 'Feed', exact: true })).toBeFocused();
      await shot(page, 'roster-drawer');
    }
    await context.close();

    // Sam has no notifications.
    {
      const sam = await open(browser, main.forum.url, viewport, scheme, SAM);
      await sam.page.goto('/#/');
      await sam.page.getByTestId('bell').click();
      await expect(sam.page.getByRole('heading', { name: 'You’re all caught up' })).toBeVisible();
      await shot(sam.page, 'notifications-empty');
      await sam.context.close();
    }
  });

  test(`live states at ${viewport}, ${scheme}`, async ({ browser, playwright }) => {
    test.setTimeout(120_000);
    const shot = (page: Page, name: string) => shoot(page, name, viewport, scheme);
    const scratch = await seedForum(playwright);
    let serverClosed = false;
    try {
      const { context, page } = await open(browser, scratch.forum.url, viewport, scheme, MAYA);
      // A message stays "Sending…" while its frame is lost, then fails when its echo deadline
      // passes (the clock moved on).
      const network = await lossyChatSends(page);
      await page.clock.install();

      // Posts by someone else wait behind the pill.
      await page.goto('/#/');
      await expect(page.getByTestId('post-card').first()).toBeVisible();
      await post(
        scratch.requests[1]!,
        'Lost keys by the bike shed',
        'A blue key ring with two keys. It is on the board in the lobby now.',
        ['General'],
      );
      await post(
        scratch.requests[2]!,
        'Printer on floor 3 is fixed',
        'New toner, and it prints double-sided again.',
        ['Technology'],
      );
      await expect(page.getByTestId('new-posts-pill')).toHaveText(/2 new posts/);
      await shot(page, 'feed-new-posts');
      // Next to the title, over no card; once the title scrolls away it floats, still at hand.
      const pill = page.getByTestId('new-posts-pill');
      const pillBox = await pill.boundingBox();
      const cardBox = await page.getByTestId('post-card').first().boundingBox();
      expect(pillBox!.y + pillBox!.height).toBeLessThanOrEqual(cardBox!.y);
      await page.evaluate(`document.getElementById('main').scrollTo(0, 1e9)`);
      await expect(page.getByRole('heading', { level: 1, name: 'Feed' })).not.toBeInViewport();
      await expect(pill).toBeInViewport();
      await pill.click();
      await expect(pill).toHaveCount(0);
      await expect(page.getByTestId('post-card').first()).toContainText(
        'Printer on floor 3 is fixed',
      );

      // A message on its way (no echo yet), then failed when none came: Retry and Discard.
      await page.goto(`/#/chat/${JONAS}`);
      await expect(page.getByTestId('message').last()).toContainText('Perfect, see you at 7!');
      const composer = page.getByRole('textbox', { name: `Message ${JONAS}` });
      network.lose = true;
      await composer.fill('Are you still at the office?');
      await composer.press('Enter');
      const last = page.getByTestId('message').last();
      await expect(last.getByTestId('message-state')).toHaveText('Sending…');
      await composer.blur();
      await shot(page, 'chat-sending');
      await page.clock.fastForward(16_000);
      await expect(last.getByRole('button', { name: 'Retry' })).toBeVisible();
      await expect(last.getByRole('button', { name: 'Discard' })).toBeVisible();
      await shot(page, 'chat-send-failed');
      await last.getByRole('button', { name: 'Discard' }).click();
      network.lose = false;

      // The server goes away: the banner, nobody's presence shown (unknown, not offline), and
      // a message written meanwhile waiting to go by itself.
      await scratch.forum.server.close();
      serverClosed = true;
      await expect(page.getByRole('status').getByText('Reconnecting…')).toBeVisible();
      await expect(page.getByTestId('peer-status')).toHaveText('Reconnecting…');
      await composer.fill('Did the Wi-Fi just go down for you too?');
      await composer.press('Enter');
      await expect(page.getByTestId('message').last().getByTestId('message-state')).toHaveText(
        'Will send when reconnected',
      );
      await composer.blur();
      await shot(page, 'chat-reconnecting');
      await context.close();
    } finally {
      await closeForum(scratch, serverClosed);
    }
  });
}
