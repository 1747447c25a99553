/**
 * Reactions and search, shot at 1280×800 and 390×844, light and dark: a post with reactions
 * and the picker open, a chat with reactions, the feed's filters with counts, and the search
 * results dropping from the header. One forum of its own, seeded once through the API; the
 * one test walks every screen in each theme and size. PNGs go to e2e/.output/screenshots, or
 * with `HEARTH_SCREENSHOTS=1` to the committed set in e2e/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import type { Me } from '../common/api';
import { expect, test } from './support/fixtures';
import { startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot } from './support/screens';
import { PASSWORD, PEOPLE, comment, openSocket, post, say, signup } from './support/seed';

const MAYA = PEOPLE[0]!;
const JONAS = PEOPLE[1]!;
const third = PEOPLE[2]!;

let forum: RunningForum;
let dataDir: string;
const requests: APIRequestContext[] = [];
let postId = 0;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-search-'));
  forum = await startForum({ forumName: 'Riverside Commons', dataDir, bcryptCost: 4 });
  const people: Me[] = [];
  for (const p of [MAYA, JONAS, third]) {
    const req = await playwright.request.newContext({ baseURL: forum.url });
    requests.push(req);
    people.push(await signup(req, p));
  }
  const [maya, jon, tri] = requests as [APIRequestContext, APIRequestContext, APIRequestContext];
  await post(
    jon,
    'Bike repair café on Thursday',
    'Bring a bike that squeaks, rattles or will not shift: we have a stand, tools and tea.',
    ['General'],
  );
  const p = await post(
    maya,
    'Community garden: spring planting day',
    'We are planting the raised beds on Saturday from 10:00. Bring gloves if you have them; ' +
      'seedlings, tools and coffee are on us.',
    ['General'],
  );
  postId = p.id;
  await comment(jon, postId, 'I can bring two extra spades and a wheelbarrow for the garden.');
  await comment(tri, postId, 'Count me in! Is there parking near the garden gate?');
  const react = async (req: APIRequestContext, type: string, id: number, emoji: string) => {
    const res = await req.put('/api/reactions', { data: { type, id, emoji } });
    expect(res.status()).toBe(200);
  };
  for (const [req, emoji] of [
    [jon, '👍'],
    [tri, '👍'],
    [jon, '🎉'],
    [tri, '❤️'],
  ] as const) {
    await react(req, 'post', postId, emoji);
  }
  const comments = (await (await jon.get(`/api/posts/${postId}/comments`)).json()) as {
    items: { id: number }[];
  };
  await react(maya, 'comment', comments.items[0]!.id, '🙏');
  await react(tri, 'comment', comments.items[0]!.id, '👍');
  const ws = await openSocket(maya, forum.url);
  await say(ws, people[1]!.id, 'Are you coming to the garden on Saturday?');
  const m = await say(ws, people[1]!.id, 'I will bring the seedlings and the watering cans.');
  ws.close();
  await react(jon, 'message', m, '👍');
  await react(jon, 'message', m, '😂');
});

test.afterAll(async () => {
  await Promise.all(requests.map((r) => r.dispose()));
  await forum?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** These shots were always taken with the pointer where the walk left it (on the reaction for "who"). */
const STILL = { keepPointer: true };

test('reactions and search screens, both sizes and themes', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({
    baseURL: forum.url,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const res = await context.request.post('/api/auth/login', {
    data: { login: MAYA.nickname, password: PASSWORD },
  });
  expect(res.status()).toBe(200);
  const page = await context.newPage();
  for (const { viewport, scheme } of combos()) {
    await page.setViewportSize(VIEWPORTS[viewport]);
    await page.emulateMedia({ colorScheme: scheme });
    // The post with its reactions, and the picker open.
    await page.goto(`/#/post/${postId}`);
    const bar = page.locator('article').getByTestId('reactions');
    await expect(bar.getByTestId('reaction')).toHaveCount(3);
    await bar.getByTestId('add-reaction').click();
    await expect(page.getByTestId('reaction-picker')).toBeVisible();
    await shoot(page, 'reactions-picker', viewport, scheme, STILL);
    await page.keyboard.press('Escape');
    // Who reacted, on hover.
    await bar.getByTestId('reaction').first().hover();
    await shoot(page, 'reactions-who', viewport, scheme, STILL);
    await page.mouse.move(0, 0);
    // The feed: counts on the card, the filters.
    await page.goto('/#/?show=mine');
    await expect(page.getByTestId('card-reactions').first()).toBeVisible();
    await shoot(page, 'reactions-feed-mine', viewport, scheme, STILL);
    // The conversation with a reacted message.
    await page.goto(`/#/chat/${JONAS.nickname}`);
    await expect(page.getByTestId('message').getByTestId('reaction').first()).toBeVisible();
    await shoot(page, 'reactions-chat', viewport, scheme, STILL);
    // Search from the header ('/' focuses it; on a phone it opens across the header).
    await page.goto('/#/');
    await expect(page.getByTestId('post-card').first()).toBeVisible();
    await page.keyboard.press('/');
    await page.getByTestId('search-input').fill('garden');
    await expect(
      page.getByTestId('search-results').getByTestId('search-hit').first(),
    ).toBeVisible();
    await shoot(page, 'search-results', viewport, scheme, STILL);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  }
  await context.close();
});
