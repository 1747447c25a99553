/**
 * Formatting and mentions (issue 12), shot at 1280×800 and 390×844, light and dark: a
 * formatted post with a comment that mentions the reader (highlighted), the @ menu open in the
 * chat composer (with its formatting hint), and the new-post form's hint and preview. One
 * test, one seeded forum; it walks the screens per viewport and scheme. PNGs go to
 * e2e/.output/screenshots, or with `HEARTH_SCREENSHOTS=1` to the committed set in
 * e2e/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Browser } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot, type Combo } from './support/screens';
import { PASSWORD, PEOPLE, comment, openSocket, post, say, signup } from './support/seed';

const [MAYA, JONAS, PRIYA] = [PEOPLE[0]!, PEOPLE[1]!, PEOPLE[2]!];

const POST_BODY = [
  '## What we are building',
  '',
  'The **tool library** opens on _Saturday_ in the old bike shed. Borrowing is free; bring ' +
    'things back within ~~two~~ three weeks.',
  '',
  '- drills, saws and a `multimeter`',
  '- ladders up to 3 m',
  '- a sewing machine',
  '',
  '> Everything was donated by neighbours. Thank you!',
  '',
  'The list lives at [our wiki](https://example.com/tools). Questions? Ask @jonas.',
].join('\n');

const DRAFT = [
  '## Sign-up sheet',
  '',
  'Put your name down for **one shift**:',
  '',
  '1. Saturday 10–12',
  '2. Saturday 12–14',
  '',
  'Keys are with @priya, the code is `4471`.',
].join('\n');

let forum: RunningForum;
let dataDir: string;
const requests: APIRequestContext[] = [];
let postId = 0;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-format-'));
  forum = await startForum({ forumName: 'Riverside Commons', dataDir, bcryptCost: 4 });
  const ids: number[] = [];
  for (const p of [MAYA, JONAS, PRIYA]) {
    const req = await playwright.request.newContext({ baseURL: forum.url });
    requests.push(req);
    ids.push((await signup(req, p)).id);
  }
  const [maya, jonas, priya] = requests as [
    APIRequestContext,
    APIRequestContext,
    APIRequestContext,
  ];
  postId = (await post(maya, 'The tool library opens on Saturday', POST_BODY, ['General'])).id;
  await comment(priya, postId, 'I can lend my **cordless drill** for the first month.');
  await comment(
    jonas,
    postId,
    '@maya great work! Should we print the list?\n\n```\nOpen: Sat 10:00–14:00\n```',
  );
  const ws = await openSocket(jonas, forum.url);
  await say(ws, ids[0]!, 'Do you have the key for the shed?');
  await say(ws, ids[0]!, 'It is `4471` if the padlock is the **blue** one.');
  ws.close();
});

test.afterAll(async () => {
  await Promise.all(requests.map((r) => r.dispose()));
  await forum?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** These shots were always taken with the pointer where the walk left it. */
const STILL = { keepPointer: true };

async function walk(browser: Browser, { viewport, scheme }: Combo) {
  const context = await browser.newContext({
    baseURL: forum.url,
    viewport: VIEWPORTS[viewport],
    colorScheme: scheme,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const res = await context.request.post('/api/auth/login', {
    data: { login: MAYA.nickname, password: PASSWORD },
  });
  expect(res.status()).toBe(200);
  const page = await context.newPage();

  // The formatted post; the comment that mentions me, highlighted.
  await page.goto(`/#/post/${postId}`);
  await expect(page.locator('article h2')).toHaveText('What we are building');
  await shoot(page, 'format-post', viewport, scheme);
  await page.locator('.mention.me').first().scrollIntoViewIfNeeded();
  await shoot(page, 'format-comments', viewport, scheme, STILL);

  // The @ menu in the chat composer, above its formatting hint.
  await page.goto(`/#/chat/${JONAS.nickname}`);
  const box = page.getByLabel(`Message ${JONAS.nickname}`);
  await expect(box).toBeVisible();
  await box.click();
  await box.pressSequentially('Thanks! Ask @');
  await expect(page.getByTestId('mention-menu')).toBeVisible();
  await box.pressSequentially('p');
  await expect(page.getByTestId('mention-menu').getByRole('option')).toHaveCount(1);
  await shoot(page, 'format-mention-menu', viewport, scheme, STILL);
  await box.fill('');

  // The new-post form: the hint while writing, then the preview.
  await page.goto('/#/new');
  await page.getByLabel('Title').fill('Volunteers for opening day');
  await page.getByLabel('Post', { exact: true }).fill(DRAFT);
  await expect(page.getByTestId('format-hint')).toBeVisible();
  await shoot(page, 'format-compose', viewport, scheme);
  await page.getByTestId('preview-tab').click();
  await expect(page.getByTestId('post-preview').locator('h2')).toHaveText('Sign-up sheet');
  await shoot(page, 'format-preview', viewport, scheme, STILL);
  await context.close();
}

test('formatting and mention screens', async ({ browser }) => {
  test.setTimeout(240_000);
  for (const combo of combos()) await walk(browser, combo);
});
