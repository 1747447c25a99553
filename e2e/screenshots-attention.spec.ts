/**
 * Attention (issue 13), shot at 1280×800 and 390×844, light and dark: the grouped
 * notifications, the feed with "New" / "N new" markers, the compact density, and a chat that
 * opens at its "New messages" divider with the jump controls. One forum,
 * seeded once through the API; the walk switches viewport and theme without re-seeding. PNGs
 * go to e2e/.output/screenshots, or with `HEARTH_SCREENSHOTS=1` to e2e/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot } from './support/screens';
import { PASSWORD, PEOPLE, comment, openSocket, post, say, signup } from './support/seed';

let forum: RunningForum;
let dataDir: string;
const requests: APIRequestContext[] = [];

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-attention-'));
  forum = await startForum({ forumName: 'Riverside Commons', dataDir, bcryptCost: 4 });
  const ids: number[] = [];
  for (const p of PEOPLE) {
    const req = await playwright.request.newContext({ baseURL: forum.url });
    requests.push(req);
    ids.push((await signup(req, p)).id);
  }
  const [maya, jonas, priya, leo, sam] = requests as [
    APIRequestContext,
    APIRequestContext,
    APIRequestContext,
    APIRequestContext,
    APIRequestContext,
  ];
  const topics = [
    'Bike repair café, first Sunday of the month',
    'Lost: a blue scarf near the library',
    'Who has a ladder I could borrow?',
    'Choir practice moves to Tuesdays',
    'Sourdough starter to give away',
    'Street party planning thread',
    'Kids’ football on Saturday mornings',
    'Recommendations for a plumber?',
    'Book swap shelf in the café',
    'Noise from the building site',
    'Photos from the summer fair',
    'Seedlings for the community garden',
    'Power cut on Elm Street last night',
    'Board games evening, anyone?',
    'Dog walking rota for Mrs. Patel',
  ];
  for (const [i, t] of topics.entries()) {
    await post([jonas, priya, leo, sam][i % 4]!, t, 'Details inside.', ['General']);
  }
  const mine = await post(maya, 'Community garden: spring planting day', 'Saturday 10:00.', [
    'General',
  ]);
  const other = await post(maya, 'Simulated annealing for the rota', 'A fun idea.', ['Science']);
  // Maya opened the second post once; comments came afterwards.
  await maya.post(`/api/posts/${other.id}/read`);
  await comment(jonas, mine.id, 'I can bring two extra spades and a wheelbarrow.');
  await comment(priya, mine.id, 'Count me in! Do we need compost?');
  await comment(leo, mine.id, 'I will be there from eleven.');
  await comment(sam, mine.id, 'Bringing my kids, they love digging.');
  await comment(jonas, mine.id, 'Also: coffee is on me.\nSee you there.');
  await comment(priya, other.id, 'Cooling schedule: geometric, 0.95 per week?');
  await comment(leo, other.id, 'Or just draw names from a hat.');
  await post(jonas, 'Fresh eggs from the allotment', 'Six boxes left.', ['General']);

  // (issue 13) Maya read the start of her chat with Jonas; 24 more came since: it opens at the
  // "New messages" divider, with "Jump to latest".
  const [mayaId, jonasId] = [ids[0]!, ids[1]!];
  const mws = await openSocket(maya, forum.url);
  const jws = await openSocket(jonas, forum.url);
  await say(jws, mayaId, 'Are you still up for the garden on Saturday?');
  await say(mws, jonasId, 'Yes! I will bring the seedlings from my windowsill.');
  const lastRead = await say(jws, mayaId, 'Great, I will ask Priya about the compost.');
  mws.send(JSON.stringify({ type: 'chat.read', payload: { with: jonasId, upTo: lastRead } }));
  const news = [
    'Priya says the compost is ready, two bags.',
    'She can drop it off on Friday evening.',
    'Also: the shed key is under the blue pot now.',
    'Leo asked if we need the long ladder.',
    'I said probably not, but he will bring it anyway 😄',
    'Sam’s kids want their own bed to plant. Any objection?',
    'I think it is a lovely idea.',
    'We could give them the one by the fence.',
  ];
  for (let i = 0; i < 24; i++) {
    await say(jws, mayaId, news[i % news.length]!);
  }
  mws.close();
  jws.close();
});

test.afterAll(async () => {
  await Promise.all(requests.map((r) => r.dispose()));
  await forum?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('attention screens at both widths and themes', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({
    baseURL: forum.url,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const res = await context.request.post('/api/auth/login', {
    data: { login: PEOPLE[0]!.nickname, password: PASSWORD },
  });
  expect(res.status()).toBe(200);
  const page = await context.newPage();
  for (const { viewport, scheme } of combos()) {
    await page.setViewportSize(VIEWPORTS[viewport]);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/#/?sort=activity');
    await page.reload();
    await page.getByRole('button', { name: 'Cards' }).click();
    await expect(page.getByTestId('post-new-comments').first()).toBeVisible();
    await shoot(page, 'attention-feed', viewport, scheme);

    await page.getByTestId('density-compact').click();
    await expect(page.getByTestId('feed-compact')).toBeVisible();
    await shoot(page, 'attention-feed-compact', viewport, scheme);
    await page.getByRole('button', { name: 'Cards' }).click();

    await page.getByTestId('bell').click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await expect(panel.getByTestId('notification').first()).toContainText('commented on');
    await shoot(page, 'attention-notifications', viewport, scheme);
    await page.keyboard.press('Escape');
  }
  // A window in the background marks nothing read, so every pass opens at the same divider.
  await context.addInitScript('document.hasFocus = () => false;');
  for (const { viewport, scheme } of combos()) {
    await page.setViewportSize(VIEWPORTS[viewport]);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/#/chat/${PEOPLE[1]!.nickname}`);
    await page.reload();
    await expect(page.getByTestId('unread-divider')).toBeInViewport();
    await expect(page.getByTestId('jump-latest')).toBeVisible();
    await shoot(page, 'attention-chat-divider', viewport, scheme);
    // Scrolled past it: "Jump to first unread" takes the reader back.
    await page.getByTestId('jump-latest').click();
    await expect(page.getByTestId('jump-unread')).toBeVisible();
    await shoot(page, 'attention-chat-jump', viewport, scheme);
  }
  await context.close();
});
