import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { account, expect, newContext, Person, test } from './support/fixtures';
import { startForum } from './support/forum-server';
import { lossyChatSends } from './support/lossy-socket';
import { openSocket, say } from './support/seed';

/** The roster's nicknames, top to bottom. */
const rosterOrder = (page: Page) =>
  page
    .getByTestId('roster-item')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-nickname')));

/** The server's unread count of `p`'s conversation with `other` (what the badges mirror). */
async function serverUnread(p: Person, other: Person): Promise<number> {
  const roster = (await (await p.context.request.get('/api/chat/roster')).json()) as {
    id: number;
    unread: number;
  }[];
  return roster.find((e) => e.id === other.id)?.unread ?? -1;
}

async function openChat(p: Person, other: Person): Promise<void> {
  await p.page.locator(`[data-testid="roster-item"][data-nickname="${other.nickname}"]`).click();
  await expect(p.page.getByRole('heading', { level: 1, name: other.nickname })).toBeVisible();
}

test.describe('chat', () => {
  test('25 messages: unread badge, last 10 first, then 10 more per scroll, then the start', async ({
    person,
  }) => {
    test.setTimeout(120_000);
    const a = await person('zoe');
    const b = await person('yan');
    await a.signupViaApi();
    await b.signupViaApi();

    await openChat(a, b);
    const composer = a.page.getByRole('textbox', { name: `Message ${b.nickname}` });
    for (let i = 1; i <= 25; i++) {
      await composer.fill(`message ${i}`);
      await composer.press('Enter');
    }
    // Every one went from pending to sent (echoed with its clientId).
    await expect(a.page.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(25);
    await expect(a.page.locator('[data-testid="message"][data-status="pending"]')).toHaveCount(0);

    // B's list: A on top with 25 unread, counted by the server.
    const top = b.page.getByTestId('roster-item').first();
    await expect(top).toHaveAttribute('data-nickname', a.nickname);
    await expect(top.getByTestId('unread-badge')).toHaveText('25');
    await expect(b.page).toHaveTitle(/^\(25\) /);

    // (issue 13) Unread ones open at the first of them (see the 30-unread test); read, the
    // conversation opens at its last 10.
    await openChat(b, a);
    await b.page.getByTestId('jump-latest').click();
    await expect.poll(() => serverUnread(b, a)).toBe(0);
    await b.page.goto('/#/');
    await openChat(b, a);
    const messages = b.page.getByTestId('message');
    await expect(messages).toHaveCount(10);
    await expect(messages.last()).toContainText('message 25');
    await expect(messages.first()).toContainText('message 16');
    // Every message shows its sender and time; the date heads each day's run of messages.
    await expect(b.page.getByTestId('day-divider')).toHaveText(['Today']);
    await expect(messages.first()).toContainText(a.nickname);
    await expect(top.getByTestId('unread-badge')).toHaveCount(0);

    const list = b.page.getByTestId('message-list');
    // One scroll up: a wheel notch (a list too short to scroll still asks with it) and the top.
    // A real wheel's smooth scroll would go on animating after the older page is put in
    // above, reaching the top again: a second page, 400 ms later, as the throttle allows.
    const scrollUp = async () => {
      await list.evaluate((el) => {
        // The browser's WheelEvent (the e2e code is typed without the DOM library).
        const Wheel = (globalThis as unknown as { WheelEvent: new (t: string, o: object) => Event })
          .WheelEvent;
        el.dispatchEvent(new Wheel('wheel', { deltaY: -100, bubbles: true }));
        el.scrollTo({ top: 0 });
      });
    };
    await scrollUp();
    await expect(messages).toHaveCount(20);
    // The messages the reader was looking at stay on screen (scroll position kept).
    await expect(messages.nth(10)).toBeInViewport();
    await scrollUp();
    await expect(messages).toHaveCount(25);
    await expect(messages.first()).toContainText('message 1');
    await expect(b.page.getByTestId('conversation-start')).toBeVisible();
    await scrollUp();
    await b.page.waitForTimeout(1000);
    await expect(messages).toHaveCount(25);

    // Each message shows its sender and time.
    await expect(messages.first()).toContainText(a.nickname);
    await expect(messages.first().locator('time')).toHaveAttribute('datetime', /T/);
  });

  test('a chat with 30 unread messages opens at the divider', async ({ person, forumUrl }) => {
    test.setTimeout(120_000);
    const a = await person('uma');
    const b = await person('tom');
    await a.signupViaApi();
    await b.signupViaApi();
    await openChat(a, b);
    const composer = a.page.getByRole('textbox', { name: `Message ${b.nickname}` });
    const send = async (text: string) => {
      await composer.fill(text);
      await composer.press('Enter');
    };
    // B reads the first two: on screen, in a focused window.
    await send('read 1');
    await send('read 2');
    await openChat(b, a);
    await expect(b.page.getByTestId('unread-divider')).toBeVisible();
    await expect.poll(() => serverUnread(b, a)).toBe(0);
    await b.page.goto('/#/');

    // The 30 come from A's second device (a socket of A's session): typing them is what the
    // 25-message test proves; here it would only take time.
    const device = await openSocket(a.context.request, forumUrl);
    try {
      for (let i = 1; i <= 30; i++) await say(device, b.id, `unread ${i}`);
    } finally {
      device.close();
    }
    await expect(a.page.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(32);
    const item = b.page.locator(`[data-testid="roster-item"][data-nickname="${a.nickname}"]`);
    await expect(item.getByTestId('unread-badge')).toHaveText('30');

    // Opened: at the first unread one, under the divider, with what was read above it.
    await openChat(b, a);
    const list = b.page.getByTestId('message-list');
    const divider = b.page.getByTestId('unread-divider');
    await expect(divider).toBeInViewport();
    const first = list.getByTestId('message').filter({ hasText: 'unread 1' }).first();
    await expect(first).toBeInViewport();
    await expect(list.getByTestId('message').filter({ hasText: 'read 2' }).first()).toBeVisible();
    await expect(list.getByTestId('message').filter({ hasText: 'unread 30' })).toHaveCount(0);
    // Only what came on screen is read: the count went down, not to nothing.
    await expect.poll(() => serverUnread(b, a)).toBeLessThan(30);
    expect(await serverUnread(b, a)).toBeGreaterThan(0);
    await expect(item.getByTestId('unread-badge')).toBeVisible();

    // Jump to latest: the newest on screen, and now everything is read.
    await b.page.getByTestId('jump-latest').click();
    await expect(list.getByTestId('message').filter({ hasText: 'unread 30' })).toBeInViewport();
    await expect.poll(() => serverUnread(b, a)).toBe(0);
    await expect(item.getByTestId('unread-badge')).toHaveCount(0);
    await expect(b.page.getByTestId('jump-latest')).toHaveCount(0);
  });

  test('Enter sends, Shift+Enter adds a line; typing shows and goes away', async ({ person }) => {
    const a = await person('xia');
    const b = await person('wes');
    await a.signupViaApi();
    await b.signupViaApi();
    await openChat(a, b);
    await openChat(b, a);

    const composer = a.page.getByRole('textbox', { name: `Message ${b.nickname}` });
    await composer.click();
    await a.page.keyboard.type('first line');
    const typing = b.page.getByTestId('typing');
    await expect(typing).toHaveText(`${a.nickname} is typing…`);

    await a.page.keyboard.press('Shift+Enter');
    await a.page.keyboard.type('second line');
    await expect(composer).toHaveValue('first line\nsecond line');
    await a.page.keyboard.press('Enter');
    await expect(composer).toHaveValue('');

    const received = b.page.getByTestId('message').last();
    await expect(received).toContainText('first line');
    await expect(received.locator('.bubble')).toHaveText('first line\nsecond line');
    // Sending ends the indicator at once.
    await expect(typing).toBeEmpty();

    // Typing again, then stopping: it goes away within the server's 5 s (+ slack).
    await a.page.keyboard.type('hmm');
    await expect(typing).toHaveText(`${a.nickname} is typing…`);
    await expect(typing).toBeEmpty({ timeout: 12_000 });
  });

  test('a message in the open conversation never flashes a badge; elsewhere it counts', async ({
    person,
  }) => {
    const a = await person('vera');
    const b = await person('walt');
    await a.signupViaApi();
    await b.signupViaApi();
    await openChat(b, a);
    await openChat(a, b);
    // Record any moment B shows an unread count for A: a roster badge or "(n)" in the title.
    // A script string: e2e code is type-checked without the DOM library.
    await b.page.evaluate(`(() => {
      const nickname = ${JSON.stringify(a.nickname)};
      window.flashed = [];
      const look = () => {
        const badge = document.querySelector(
          '[data-testid="roster-item"][data-nickname="' + nickname + '"] [data-testid="unread-badge"]',
        );
        if (badge) window.flashed.push('badge ' + badge.textContent);
        if (document.title.startsWith('(')) window.flashed.push('title ' + document.title);
      };
      new MutationObserver(look).observe(document, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    })()`);

    const box = a.page.getByRole('textbox', { name: `Message ${b.nickname}` });
    for (const text of ['are you there?', 'the meeting moved to 3']) {
      await box.fill(text);
      await box.press('Enter');
    }
    await expect(b.page.getByTestId('message')).toHaveCount(2);
    // The server counted each one and took B's read mark after it; the page showed neither.
    await expect.poll(() => serverUnread(b, a)).toBe(0);
    expect(await b.page.evaluate('window.flashed')).toEqual([]);

    // With the conversation closed, the server's count shows.
    await b.page.goto('/#/');
    await box.fill('one more thing');
    await box.press('Enter');
    const item = b.page.locator(`[data-testid="roster-item"][data-nickname="${a.nickname}"]`);
    await expect(item.getByTestId('unread-badge')).toHaveText('1');
    await expect(b.page).toHaveTitle(/^\(1\) /);
  });

  test('roster order: last message first, then alphabetical; live reordering', async ({
    person,
  }) => {
    const a = await person('ola');
    const b = await person('pia');
    const c = await person('quin');
    await a.signupViaApi();
    await b.signupViaApi();
    await c.signupViaApi();

    await openChat(a, b);
    const toB = a.page.getByRole('textbox', { name: `Message ${b.nickname}` });
    await toB.fill('hi pia');
    await toB.press('Enter');

    // On B's list A comes first (latest conversation); C, never messaged, after.
    await expect.poll(() => rosterOrder(b.page).then((o) => o.indexOf(a.nickname))).toBe(0);
    let order = await rosterOrder(b.page);
    expect(order.indexOf(c.nickname)).toBeGreaterThan(0);
    const rest = order.slice(1);
    expect(rest).toEqual(
      [...rest].sort((x, y) => x!.localeCompare(y!, 'en', { sensitivity: 'base', numeric: true })),
    );

    // C writes to B: C moves to the top of B's list while B watches.
    await openChat(c, b);
    const toB2 = c.page.getByRole('textbox', { name: `Message ${b.nickname}` });
    await toB2.fill('hello from quin');
    await toB2.press('Enter');
    await expect
      .poll(() => rosterOrder(b.page).then((o) => o.slice(0, 2)))
      .toEqual([c.nickname, a.nickname]);

    // B answers A: A is back on top.
    await openChat(b, a);
    const toA = b.page.getByRole('textbox', { name: `Message ${a.nickname}` });
    await toA.fill('hi ola');
    await toA.press('Enter');
    await expect
      .poll(() => rosterOrder(b.page).then((o) => o.slice(0, 2)))
      .toEqual([a.nickname, c.nickname]);
    order = await rosterOrder(a.page);
    expect(order[0]).toBe(b.nickname);
  });

  test('reading in one tab clears the badge and the title count in the other tab too', async ({
    person,
  }) => {
    const a = await person('tia');
    const b = await person('ugo');
    await a.signupViaApi();
    await b.signupViaApi();
    const second = await a.context.newPage();
    await second.goto('/');
    await expect(second.getByRole('button', { name: /account menu/ })).toBeVisible();

    await openChat(b, a);
    const box = b.page.getByRole('textbox', { name: `Message ${a.nickname}` });
    for (const text of ['one', 'two', 'three']) {
      await box.fill(text);
      await box.press('Enter');
    }
    for (const page of [a.page, second]) {
      const item = page.locator(`[data-testid="roster-item"][data-nickname="${b.nickname}"]`);
      await expect(item.getByTestId('unread-badge')).toHaveText('3');
      await expect(page).toHaveTitle(/^\(3\) /);
    }

    await openChat(a, b);
    const item = second.locator(`[data-testid="roster-item"][data-nickname="${b.nickname}"]`);
    await expect(item.getByTestId('unread-badge')).toHaveCount(0);
    await expect(second).not.toHaveTitle(/^\(/);
    await expect(a.page).not.toHaveTitle(/^\(/);
  });

  test('deep link #/chat/<nickname>, presence, and typing cleared when the typer leaves', async ({
    person,
  }) => {
    const a = await person('rae');
    const b = await person('sol');
    await a.signupViaApi();
    await b.signupViaApi();
    await a.page.goto(`/#/chat/${b.nickname}`);
    await expect(a.page.getByRole('heading', { level: 1, name: b.nickname })).toBeVisible();
    const status = a.page.getByTestId('peer-status');
    await expect(status).toHaveText('Online');

    await b.page.goto(`/#/chat/${a.nickname}`);
    await b.page.getByRole('textbox', { name: `Message ${a.nickname}` }).fill('about to leave');
    await expect(a.page.getByTestId('typing')).toHaveText(`${b.nickname} is typing…`);
    await b.context.close();
    await expect(status).toHaveText('Offline');
    await expect(a.page.getByTestId('typing')).toBeEmpty({ timeout: 8000 });
  });
});

test('server restart: the banner shows and clears on resume; a send while away waits and goes by itself, once', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-reconnect-'));
  let forum = await startForum({ dataDir });
  const port = forum.server.port;
  const context = await newContext(browser, forum.url);
  const otherContext = await newContext(browser, forum.url);
  try {
    const p = new Person(account('uma'), context, await context.newPage());
    const q = new Person(account('vic'), otherContext, await otherContext.newPage());
    await p.signupViaApi();
    await q.signupViaApi(false);
    await p.page.goto(`/#/chat/${q.nickname}`);
    const box = p.page.getByRole('textbox', { name: `Message ${q.nickname}` });
    await expect(box).toBeVisible();
    await expect(p.page.getByTestId('peer-status')).toHaveText('Offline');
    const banner = p.page.getByRole('status').getByText('Reconnecting…');
    await expect(banner).toHaveCount(0);

    await forum.server.close();
    await expect(banner).toBeVisible();
    // Whether someone is online is unknown while away: not "Offline", and no dot at all.
    await expect(p.page.getByTestId('peer-status')).toHaveText('Reconnecting…');
    await expect(p.page.locator('#roster .dot')).toHaveCount(0);

    await box.fill('sent while the server was away');
    await box.press('Enter');
    const waiting = p.page.locator('[data-testid="message"][data-status="pending"]');
    await expect(waiting).toContainText('sent while the server was away');
    await expect(waiting.getByTestId('message-state')).toHaveText('Will send when reconnected');
    // Nothing to retry: going offline is not a failure.
    await expect(p.page.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(0);

    forum = await startForum({ dataDir, port });
    await expect(banner).toHaveCount(0, { timeout: 40_000 });
    await expect(
      p.page.locator('[data-testid="message"][data-status="sent"]', {
        hasText: 'sent while the server was away',
      }),
    ).toBeVisible();
    await expect(p.page.getByTestId('peer-status')).toHaveText('Offline');
    // Stored once, on the server.
    const history = await q.context.request.get(`/api/chat/${p.id}/messages`);
    const bodies = ((await history.json()) as { items: { body: string }[] }).items.map(
      (m) => m.body,
    );
    expect(bodies).toEqual(['sent while the server was away']);

    // Still signed in, and live again: a post from someone else shows up, in the pill (or at
    // once, in a feed that was empty: issue 13).
    await p.page.goto('/#/');
    await expect(
      p.page.getByTestId('post-card').or(p.page.getByText('No posts yet')),
    ).toBeVisible();
    await q.createPostViaApi('After the restart', 'We are back', ['General']);
    await expect(
      p.page
        .getByTestId('new-posts-pill')
        .filter({ hasText: /1 new post/ })
        .or(p.page.getByTestId('post-card').filter({ hasText: 'After the restart' })),
    ).toBeVisible();
  } finally {
    await context.close();
    await otherContext.close();
    await forum.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a send the forum never answers fails with Retry, which sends it once; a refused one offers Discard only', async ({
  person,
}) => {
  test.setTimeout(90_000);
  const a = await person('wes');
  const b = await person('xia');
  await b.signupViaApi(false);
  const network = await lossyChatSends(a.page);
  // The page's clock, so the 15 s send deadline is passed by moving it, not by waiting.
  await a.page.clock.install();
  await a.signupViaApi();
  await a.page.goto(`/#/chat/${b.nickname}`);
  const box = a.page.getByRole('textbox', { name: `Message ${b.nickname}` });
  await expect(box).toBeVisible();

  network.lose = true;
  await box.fill('lost on the way');
  await box.press('Enter');
  const failed = a.page.locator('[data-testid="message"][data-status="failed"]');
  await expect(a.page.locator('[data-testid="message"][data-status="pending"]')).toContainText(
    'lost on the way',
  );
  // No echo within the send deadline (15 s).
  await a.page.clock.fastForward(16_000);
  await expect(failed).toContainText('didn’t answer in time');
  const retry = failed.getByRole('button', { name: 'Retry', exact: true });
  const size = await retry.boundingBox();
  expect(size?.height ?? 0, 'Retry is big enough to tap').toBeGreaterThanOrEqual(32);

  network.lose = false;
  await retry.click();
  await expect(
    a.page.locator('[data-testid="message"][data-status="sent"]', { hasText: 'lost on the way' }),
  ).toBeVisible();
  await expect(a.page.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(0);

  // The forum refuses a control character: retrying cannot help, so only Discard is offered.
  await box.fill('ring \u0007');
  await box.press('Enter');
  await expect(failed).toContainText('control characters');
  await expect(failed.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(0);
  await failed.getByRole('button', { name: 'Discard' }).click();
  await expect(failed).toHaveCount(0);

  const history = await b.context.request.get(`/api/chat/${a.id}/messages`);
  const bodies = ((await history.json()) as { items: { body: string }[] }).items.map((m) => m.body);
  expect(bodies).toEqual(['lost on the way']);
});
