/**
 * Every screen at 1280×800 and 390×844, light and dark, against a server of its own seeded with
 * realistic content. Also checks that nothing overflows sideways at phone width.
 *
 * PNGs go to e2e/.output/screenshots (ignored); `HEARTH_SCREENSHOTS=1` writes the committed
 * set in e2e/screenshots instead.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type WebSocket from 'ws';
import type { Me } from '../common/api';
import { expect, test } from './support/fixtures';
import { ROOT, startForum, type RunningForum } from './support/forum-server';
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

const OUT = join(
  ROOT,
  process.env.HEARTH_SCREENSHOTS ? 'e2e/screenshots' : 'e2e/.output/screenshots',
);

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;
const SCHEMES = ['light', 'dark'] as const;

let forum: RunningForum;
let postIds: number[] = [];
let people: Me[] = [];
/** Jonas and Priya stay connected (online dots); Jonas also types to Maya on cue. */
let online: WebSocket[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  forum = await startForum({ forumName: 'Riverside Commons' });
  const contexts = await Promise.all(
    PEOPLE.map(() => playwright.request.newContext({ baseURL: forum.url })),
  );
  people = [];
  for (const [i, p] of PEOPLE.entries()) people.push(await signup(contexts[i]!, p));
  postIds = [];
  for (const p of POSTS)
    postIds.push((await post(contexts[p.by]!, p.title, p.body, p.categories)).id);
  for (const c of COMMENTS) await comment(contexts[c.by]!, postIds[c.post]!, c.body);
  // One notification read, the rest unread: the panel shows both looks.
  const maya = contexts[0]!;
  const mine = (await (await maya.get('/api/notifications')).json()) as {
    items: { id: number }[];
  };
  await maya.post('/api/notifications/read', { data: { ids: [mine.items.at(-1)!.id] } });

  const sockets = await Promise.all(contexts.map((c) => openSocket(c, forum.url)));
  let lastFromJonas = 0;
  for (const [from, to, body] of CHATS) {
    const id = await say(sockets[from]!, people[to]!.id, body);
    if (from === 1) lastFromJonas = id;
  }
  // Maya has read Jonas (the conversation on screen); Priya and Sam stay unread.
  sockets[0]!.send(
    JSON.stringify({ type: 'chat.read', payload: { with: people[1]!.id, upTo: lastFromJonas } }),
  );
  online = [sockets[1]!, sockets[2]!];
  for (const [i, ws] of sockets.entries()) if (i !== 1 && i !== 2) ws.close();
  await Promise.all(contexts.map((c) => c.dispose()));
});

test.afterAll(async () => {
  for (const ws of online) ws.close();
  await forum?.stop();
});

async function open(
  browser: Browser,
  viewport: ViewportName,
  scheme: (typeof SCHEMES)[number],
  login: string | null,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: forum.url,
    viewport: VIEWPORTS[viewport],
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

async function shoot(page: Page, name: string, viewport: ViewportName, scheme: string) {
  // Nothing may overflow sideways (the 360 px promise); transient toasts are not part of it.
  // A string: e2e/ is type-checked without the DOM library.
  const overflow = Number(
    await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
  );
  expect(overflow, `${name} overflows horizontally`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(OUT, `${name}-${viewport}-${scheme}.png`) });
}

for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
  for (const scheme of SCHEMES) {
    test(`screens at ${viewport}, ${scheme}`, async ({ browser }) => {
      const maya = PEOPLE[0]!.nickname;

      // Logged out
      {
        const { context, page } = await open(browser, viewport, scheme, null);
        await page.goto('/');
        await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
        await shoot(page, 'login', viewport, scheme);
        await page.getByRole('button', { name: 'Create an account' }).click();
        await page.getByLabel('Nickname').fill('maya');
        await page.getByLabel('E-mail').fill('maya@example');
        await page.getByRole('button', { name: 'Create account' }).click();
        await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
        await shoot(page, 'signup-errors', viewport, scheme);
        await context.close();
      }

      const { context, page } = await open(browser, viewport, scheme, maya);

      await page.goto('/#/');
      await expect(page.getByTestId('post-card').first()).toBeVisible();
      await shoot(page, 'feed', viewport, scheme);

      await page.getByRole('button', { name: 'Politics' }).click();
      await expect(page.getByRole('heading', { name: /Nothing in Politics yet/ })).toBeVisible();
      await shoot(page, 'feed-empty-category', viewport, scheme);
      await page.getByRole('button', { name: 'All' }).click();

      await page.goto(`/#/post/${postIds[0]}`);
      await expect(page.getByTestId('comment').first()).toBeVisible();
      await shoot(page, 'post', viewport, scheme);

      await page.goto('/#/new');
      await page.getByLabel('Title').fill('Spring clean-up of the shared garden');
      await page.getByRole('checkbox', { name: 'General' }).check();
      await page.getByRole('checkbox', { name: 'Culture' }).check();
      await page
        .getByLabel('Post')
        .fill('Saturday 10:00. Gloves and tools are in the shed; bring water.');
      await shoot(page, 'new-post', viewport, scheme);
      // Leave no draft behind for the next screens.
      await page.evaluate('sessionStorage.clear()');

      await page.goto(`/#/chat/${PEOPLE[1]!.nickname}`);
      await expect(page.getByTestId('message').last()).toContainText('Perfect, see you at 7!');
      await expect(page.getByTestId('peer-status')).toHaveText('Online');
      // Jonas starts typing a reply.
      online[0]!.send(JSON.stringify({ type: 'typing.start', payload: { to: people[0]!.id } }));
      await expect(page.getByTestId('typing')).toHaveText(`${PEOPLE[1]!.nickname} is typing…`);
      await page.getByRole('textbox', { name: `Message ${PEOPLE[1]!.nickname}` }).blur();
      await shoot(page, 'chat', viewport, scheme);
      online[0]!.send(JSON.stringify({ type: 'typing.stop', payload: { to: people[0]!.id } }));

      // A conversation not started yet.
      await page.goto(`/#/chat/${PEOPLE[3]!.nickname}`);
      await expect(page.getByTestId('conversation-start')).toContainText(PEOPLE[3]!.nickname);
      await shoot(page, 'chat-empty', viewport, scheme);

      await page.goto('/#/');
      await page.getByTestId('bell').click();
      await expect(page.getByRole('dialog', { name: 'Notifications' })).toBeVisible();
      await expect(page.getByTestId('notification')).toHaveCount(3);
      await shoot(page, 'notifications', viewport, scheme);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: /account menu/ }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await shoot(page, 'user-menu', viewport, scheme);
      await page.keyboard.press('Escape');

      if (viewport === 'mobile') {
        await page.getByRole('button', { name: /^Conversations/ }).click();
        await expect(page.locator('#roster')).toBeInViewport();
        await expect(page.getByTestId('unread-badge')).toHaveText(['1', '2']);
        // Focus moves into the drawer (keyboard users land on its first control).
        await expect(page.getByRole('button', { name: 'Close conversations' })).toBeFocused();
        await shoot(page, 'roster-drawer', viewport, scheme);
      }
      await context.close();
    });
  }
}
