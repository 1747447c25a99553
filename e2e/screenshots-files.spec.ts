/**
 * Pictures and files, shot at 1280×800 and 390×844, light and dark, in one walk (theme and
 * viewport switched on the same page, seeded once): a chat with pictures, a post with a
 * picture and a download card, the new-post form with uploads in progress and a failed one,
 * and the account page's picture. PNGs go to e2e/.output/screenshots, or with
 * `HEARTH_SCREENSHOTS=1` to the committed set in e2e/screenshots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import sharp from 'sharp';
import type WebSocket from 'ws';
import type { Me } from '../common/api';
import type { Upload } from '../common/files';
import { expect, test } from './support/fixtures';
import { startForum, type RunningForum } from './support/forum-server';
import { VIEWPORTS, combos, shoot } from './support/screens';
import { PASSWORD, PEOPLE, categoryIds, openSocket, say, signup } from './support/seed';

const MAYA = PEOPLE[0]!;
const JONAS = PEOPLE[1]!;

let forum: RunningForum;
let dataDir: string;
const requests: APIRequestContext[] = [];
let postId = 0;

/** A picture with some shape to it: sky, hills and a sun, drawn by librsvg. */
function scene(w: number, h: number, sky: string, hill: string, sun: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="${sky}"/>
    <circle cx="${w * 0.72}" cy="${h * 0.3}" r="${h * 0.12}" fill="${sun}"/>
    <path d="M0 ${h * 0.7} Q ${w * 0.25} ${h * 0.45} ${w * 0.5} ${h * 0.68} T ${w} ${h * 0.6} V ${h} H 0 Z" fill="${hill}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A screenshot-like picture: a window with a title bar and lines of text. */
function fakeScreenshot(w: number, h: number): Promise<Buffer> {
  const lines = Array.from(
    { length: 9 },
    (_, i) =>
      `<rect x="40" y="${90 + i * 34}" width="${300 + ((i * 97) % 380)}" height="14" rx="7" fill="#cbd5e1"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="#f8fafc"/><rect width="100%" height="48" fill="#1e293b"/>
    <circle cx="24" cy="24" r="7" fill="#f87171"/><circle cx="46" cy="24" r="7" fill="#fbbf24"/><circle cx="68" cy="24" r="7" fill="#34d399"/>
    ${lines}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function upload(req: APIRequestContext, name: string, body: Buffer): Promise<Upload> {
  const res = await req.post(`/api/uploads?name=${encodeURIComponent(name)}`, {
    data: body,
    headers: { 'content-type': 'application/octet-stream' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Upload;
}

function sendWith(ws: WebSocket, to: number, body: string, attachments: number[]): Promise<void> {
  const clientId = `shot-${attachments.join('-')}-${body.length}`;
  return new Promise((ok) => {
    const onMessage = (data: WebSocket.RawData) => {
      const ev = JSON.parse(String(data)) as { type: string; payload: { clientId?: string } };
      if (ev.type === 'chat.message' && ev.payload.clientId === clientId) {
        ws.off('message', onMessage);
        ok();
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'chat.send', payload: { to, body, clientId, attachments } }));
  });
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-shots-files-'));
  forum = await startForum({ forumName: 'Riverside Commons', dataDir, bcryptCost: 4 });
  const people: Me[] = [];
  for (const p of [MAYA, JONAS]) {
    const req = await playwright.request.newContext({ baseURL: forum.url });
    requests.push(req);
    people.push(await signup(req, p));
  }
  const [maya, jonas] = requests as [APIRequestContext, APIRequestContext];
  const [, jonasMe] = people as [Me, Me];
  // Avatars for both.
  const looks: [APIRequestContext, string, string, string][] = [
    [maya, '#fde68a', '#16a34a', '#f97316'],
    [jonas, '#bfdbfe', '#1d4ed8', '#facc15'],
  ];
  for (const [req, sky, hill, sun] of looks) {
    const res = await req.put('/api/auth/me/avatar', {
      data: await scene(400, 400, sky, hill, sun),
    });
    expect(res.status()).toBe(200);
  }

  // A chat with pictures.
  const ws = await openSocket(maya, forum.url);
  await say(ws, jonasMe.id, 'Here is the view from the allotment this morning!');
  const view = await upload(
    maya,
    'allotment.jpg',
    await scene(1600, 1000, '#93c5fd', '#15803d', '#fde047'),
  );
  await sendWith(ws, jonasMe.id, '', [view.id]);
  const jws = await openSocket(jonas, forum.url);
  await say(jws, people[0]!.id, 'Gorgeous. And this is the watering rota I was talking about:');
  const shot = await upload(
    jonas,
    'Screenshot 2026-12-06 09.14.52.png',
    await fakeScreenshot(1280, 720),
  );
  await sendWith(jws, people[0]!.id, '', [shot.id]);
  ws.close();
  jws.close();

  // A post with a picture and a download card.
  const plan = await upload(
    maya,
    'garden-plan.pdf',
    Buffer.from('%PDF-1.4\n' + 'x'.repeat(180_000)),
  );
  const beds = await upload(
    maya,
    'raised-beds.png',
    await scene(1200, 800, '#e0f2fe', '#65a30d', '#fb923c'),
  );
  const res = await maya.post('/api/posts', {
    data: {
      title: 'Spring planting day: the plan',
      body: 'Attached is the bed layout and a picture of where the new beds go. Bring gloves!',
      categoryIds: await categoryIds(maya, ['General']),
      attachments: [beds.id, plan.id],
    },
  });
  expect(res.status()).toBe(201);
  postId = ((await res.json()) as { id: number }).id;
});

test.afterAll(async () => {
  await Promise.all(requests.map((r) => r.dispose()));
  await forum?.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const loaded = (page: Page) =>
  expect
    .poll(() =>
      page.evaluate(
        '[...document.images].every((i) => i.complete && (i.naturalWidth > 0 || !i.src))',
      ),
    )
    .toBe(true);

test('pictures and files screens', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({
    baseURL: forum.url,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  const login = await context.request.post('/api/auth/login', {
    data: { login: MAYA.nickname, password: PASSWORD },
  });
  expect(login.status()).toBe(200);
  const page = await context.newPage();
  // Uploads in the new-post form: one held in flight, one refused by the server.
  await page.route('**/api/uploads?name=video*', (route) =>
    route.fulfill({
      status: 413,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'A file can be at most 25 MB.' },
      }),
    }),
  );

  for (const { viewport, scheme } of combos()) {
    await page.setViewportSize(VIEWPORTS[viewport]);
    await page.emulateMedia({ colorScheme: scheme });

    await page.goto(`/#/chat/${JONAS.nickname}`);
    await expect(page.getByTestId('attachment-images')).toHaveCount(2);
    await loaded(page);
    await shoot(page, 'files-chat', viewport, scheme);

    await page.goto(`/#/post/${postId}`);
    await expect(page.getByTestId('attachment-file')).toBeVisible();
    await loaded(page);
    await shoot(page, 'files-post', viewport, scheme);

    // Editing the post: its files, each with Remove, and Attach (issue 12).
    await page.getByRole('button', { name: 'Post actions' }).click();
    await page.getByRole('menuitem', { name: 'Edit post' }).click();
    const editForm = page.getByTestId('post-edit-form');
    await expect(editForm.getByTestId('kept-attachment')).toHaveCount(2);
    await editForm.getByTestId('edit-attachments').scrollIntoViewIfNeeded();
    await shoot(page, 'files-edit-post', viewport, scheme);
    await editForm.getByRole('button', { name: 'Cancel' }).click();

    // The feed: the post's card says it has two files, pictures among them.
    await page.goto('/#/');
    await expect(page.getByTestId('card-attachments').first()).toBeVisible();
    await loaded(page);
    await shoot(page, 'files-feed', viewport, scheme);

    await page.goto('/#/new');
    await page.getByLabel('Title').fill('Photos from the harvest party');
    // A real upload, slowed down (100 KB/s) so its progress is seen part-way.
    const cdp = await context.newCDPSession(page);
    const throttle = (uploadThroughput: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput,
      });
    await throttle(100 * 1024);
    await page.getByTestId('file-picker').setInputFiles([
      { name: 'holiday-photos.zip', mimeType: 'application/zip', buffer: Buffer.alloc(3e6, 1) },
      { name: 'video-of-the-band.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(20_000, 2) },
    ]);
    const items = page.getByTestId('upload-item');
    await expect(items.and(page.locator('[data-status="failed"]'))).toHaveCount(1);
    await expect(items.first()).toContainText(/ · [2-8]\d%/, { timeout: 30_000 });
    await items.first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shoot(page, 'files-upload-progress', viewport, scheme);
    // Cancel stops it; the throttle goes before the next screens.
    await page.getByRole('button', { name: 'Cancel holiday-photos.zip' }).click();
    await expect(items).toHaveCount(1);
    await throttle(-1);
    await cdp.detach();

    await page.goto('/#/account');
    await expect(page.getByRole('heading', { name: 'Picture' })).toBeVisible();
    await loaded(page);
    await shoot(page, 'files-avatar', viewport, scheme);
  }
  await context.close();
});
