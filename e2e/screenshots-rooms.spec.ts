/**
 * (rooms) Rooms screens at 1280×800 and 390×844, light and dark, on a forum of their own,
 * walked in one test (theme and size switched, not re-seeded): the sidebar with rooms and
 * groups (unread counts) beside the people list, a room (header, topic, member list with
 * presence, typing), its settings, a group conversation, and the directory.
 *
 * PNGs go to e2e/.output/screenshots (ignored); `HEARTH_SCREENSHOTS=1` writes the committed
 * set in e2e/screenshots instead.
 */
import type { APIRequestContext } from '@playwright/test';
import WebSocket from 'ws';
import type { Me } from '../common/api';
import type { ConversationSummary } from '../common/conversations';
import { expect, test } from './support/fixtures';
import { E2E_OWNER, startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shootFile } from './support/screens';
import { PASSWORD, PEOPLE, openSocket, signup } from './support/seed';

let forum: RunningForum;
const people: Me[] = [];
let music = 0;
let group = 0;

let said = 0;
function sayIn(ws: WebSocket, conversationId: number, body: string): Promise<void> {
  const clientId = `room-seed-${++said}`;
  return new Promise((ok, fail) => {
    const onMessage = (data: WebSocket.RawData) => {
      const ev = JSON.parse(String(data)) as {
        type: string;
        payload: { clientId?: string; ref?: string };
      };
      if (ev.type === 'chat.message' && ev.payload.clientId === clientId) {
        ws.off('message', onMessage);
        ok();
      } else if (ev.type === 'error' && ev.payload.ref === clientId) {
        ws.off('message', onMessage);
        fail(new Error('send failed'));
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'chat.send', payload: { conversationId, body, clientId } }));
  });
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  forum = await startForum({ forumName: 'Riverside Commons', bcryptCost: 4 });
  const requests: APIRequestContext[] = [];
  for (const p of PEOPLE) {
    const r = await playwright.request.newContext({ baseURL: forum.url });
    people.push(await signup(r, p));
    requests.push(r);
  }
  const owner = await playwright.request.newContext({ baseURL: forum.url });
  await owner.post('/api/auth/login', {
    data: { login: E2E_OWNER.nickname, password: E2E_OWNER.password },
  });
  const room = await owner.post('/api/conversations', {
    data: { kind: 'room', name: 'Music', topic: 'Jam sessions, gear and gig tips' },
  });
  expect(room.status(), await room.text()).toBe(201);
  music = ((await room.json()) as ConversationSummary).id;
  for (const r of requests.slice(0, 4)) {
    await r.post(`/api/conversations/${music}/members`, {
      data: { userIds: [((await (await r.get('/api/auth/me')).json()) as Me).id] },
    });
  }
  const made = await requests[1]!.post('/api/conversations', {
    data: { kind: 'group', name: 'Saturday hike', members: [people[0]!.id, people[2]!.id] },
  });
  group = ((await made.json()) as ConversationSummary).id;
  const general = (
    (await (await requests[0]!.get('/api/conversations')).json()) as ConversationSummary[]
  ).find((c) => c.isDefault)!.id;

  const sockets = await Promise.all(requests.slice(0, 4).map((r) => openSocket(r, forum.url)));
  await sayIn(sockets[1]!, music, 'Anyone up for a jam on Thursday? I can bring the cajón.');
  await sayIn(sockets[2]!, music, 'Count me in — I will bring my bass and a small amp.');
  await sayIn(sockets[3]!, music, 'I only play ukulele, is that welcome? 🙂');
  await sayIn(sockets[1]!, music, 'Absolutely! The more the merrier.');
  await sayIn(sockets[2]!, general, 'Welcome to everyone who joined this week!');
  await sayIn(sockets[1]!, group, 'Meet at the trailhead at 8?');
  await sayIn(sockets[2]!, group, 'Works for me, I will bring snacks.');
  for (const s of sockets) s.close();
  for (const r of requests) await r.dispose();
  await owner.dispose();
});

test.afterAll(async () => {
  await forum?.stop();
});

test('rooms screens, both sizes and themes', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({
    baseURL: forum.url,
    viewport: VIEWPORTS.desktop,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const login = await context.request.post('/api/auth/login', {
    data: { login: PEOPLE[0]!.nickname, password: PASSWORD },
  });
  expect(login.status()).toBe(200);
  await page.goto('/#/');
  await expect(page.getByTestId('rooms')).toBeVisible();

  for (const { viewport, scheme } of combos()) {
    await page.setViewportSize(VIEWPORTS[viewport]);
    await page.emulateMedia({ colorScheme: scheme });
    const suffix = `${viewport}-${scheme}.png`;

    await page.goto('/#/');
    if (viewport === 'mobile') {
      await page
        .getByRole('button', { name: /conversations/i })
        .first()
        .click();
    }
    await expect(page.getByTestId('room-item').first()).toBeVisible();
    await shootFile(page, `rooms-sidebar-${suffix}`);

    await page.goto(`/#/room/${music}`);
    await expect(page.getByRole('heading', { level: 1, name: '# Music' })).toBeVisible();
    await expect(page.getByTestId('room-message')).toHaveCount(4);
    if (viewport === 'mobile' && (await page.getByTestId('room-members').count()) > 0) {
      await page.getByTestId('members-toggle').click();
    }
    await shootFile(page, `rooms-room-${suffix}`);

    if ((await page.getByTestId('room-members').count()) === 0) {
      await page.getByTestId('members-toggle').click();
    }
    await expect(page.getByTestId('room-members')).toBeVisible();
    await shootFile(page, `rooms-members-${suffix}`);
    if (viewport === 'mobile') await page.getByTestId('members-toggle').click();

    await page.getByTestId('room-settings').click();
    await expect(page.getByRole('dialog', { name: 'Conversation settings' })).toBeVisible();
    await shootFile(page, `rooms-settings-${suffix}`);
    await page.keyboard.press('Escape');

    await page.goto(`/#/room/${group}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Saturday hike' })).toBeVisible();
    await shootFile(page, `rooms-group-${suffix}`);

    await page.goto('/#/rooms');
    await expect(page.getByTestId('directory')).toBeVisible();
    await shootFile(page, `rooms-directory-${suffix}`);
  }
  await context.close();
});
