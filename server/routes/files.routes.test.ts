/**
 * Pictures and files on a real server: disguised files are served as downloads, the same
 * bytes are stored once, the size and daily limits, access following the item (a private
 * message's picture is private), and a delete freeing the bytes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatHistory, Comment, CommentPage, Post } from '../../common/api';
import type { Upload } from '../../common/files';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, until } from '../test/ws-client';

const MB = 1024 * 1024;
let srv: TestServer;
let ana: { client: TestClient; id: number };
let ben: { client: TestClient; id: number };
let cat: { client: TestClient; id: number };

beforeAll(async () => {
  srv = await startTestServer({ uploads: { maxFileBytes: 2 * MB, maxBytesPerDay: 5 * MB } });
  for (const [name, set] of [
    ['ana_f', (v: typeof ana) => (ana = v)],
    ['ben_f', (v: typeof ana) => (ben = v)],
    ['cat_f', (v: typeof ana) => (cat = v)],
  ] as const) {
    const s = await srv.signup({ nickname: name });
    set({ client: s.client, id: s.user.id });
  }
});
afterEach(() => closeAllClients());
afterAll(async () => {
  await srv.close();
});

let pngCounter = 0;
/** A real PNG, different each call unless `seed` is given. */
async function png(width = 1200, height = 600, seed?: number): Promise<Buffer> {
  const n = seed ?? ++pngCounter;
  return sharp({
    create: { width, height, channels: 3, background: { r: n % 256, g: (n * 7) % 256, b: 90 } },
  })
    .png()
    .toBuffer();
}

async function upload(who: TestClient, body: Uint8Array, name: string) {
  return who.request<Upload>('POST', `/api/uploads?name=${encodeURIComponent(name)}`, {
    body,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

const filesOnDisk = (): string[] =>
  readdirSync(join(srv.dataDir, 'files'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.parentPath.endsWith('tmp'))
    .map((d) => d.name);

describe('POST /api/uploads', () => {
  it('stores a picture with its size and a thumbnail of at most 480 px', async () => {
    const res = await upload(ana.client, await png(1200, 600), 'shot.png');
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'shot.png',
      mime: 'image/png',
      kind: 'image',
      width: 1200,
      height: 600,
    });
    const thumb = await ana.client.get(`/api/files/${res.json.id}/thumb`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const buf = Buffer.from(
      await (
        await fetch(`${srv.url}/api/files/${res.json.id}/thumb`, {
          headers: { cookie: ana.client.cookie! },
        })
      ).arrayBuffer(),
    );
    const meta = await sharp(buf).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(480);
  });

  it('serves disguised files as downloads: HTML in a .png, a script in an SVG, a zip named .jpg', async () => {
    const zipAsJpg = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    const jpegLookalike = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from('PK\u0003\u0004 not really a jpeg'),
    ]);
    const cases: [string, Buffer, string][] = [
      [
        'cat.png',
        Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>'),
        'text/html',
      ],
      [
        'logo.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'image/svg+xml',
      ],
      ['holiday.jpg', zipAsJpg, 'application/zip'],
      ['broken.jpg', jpegLookalike, 'application/octet-stream'],
    ];
    for (const [name, body, mime] of cases) {
      const res = await upload(ana.client, body, name);
      expect(res.status, name).toBe(201);
      expect(res.json, name).toMatchObject({ name, mime, kind: 'file', width: null });
      const got = await ana.client.get(`/api/files/${res.json.id}`);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type'), name).toBe('application/octet-stream');
      expect(got.headers.get('content-disposition'), name).toMatch(/^attachment; filename="/);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(got.text).toBe(body.toString());
      const thumb = await ana.client.get(`/api/files/${res.json.id}/thumb`);
      expect(thumb.status).toBe(404);
    }
  });

  it('serves pictures inline (download=1 forces a download), with the same sandbox', async () => {
    const res = await upload(ana.client, await png(40, 30), 'tiny pic é.png');
    const got = await ana.client.get(`/api/files/${res.json.id}`);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="tiny pic _.png"; filename*=UTF-8''tiny%20pic%20%C3%A9.png`,
    );
    expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    const dl = await ana.client.get(`/api/files/${res.json.id}?download=1`);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('stores the same bytes once (content-addressed by sha-256)', async () => {
    const bytes = await png(300, 300, 4242);
    const before = filesOnDisk().length;
    const a = await upload(ana.client, bytes, 'a.png');
    const b = await upload(ben.client, bytes, 'b.png');
    expect(a.json.id).not.toBe(b.json.id);
    // The bytes and one thumbnail: two files for two uploads.
    expect(filesOnDisk().length - before).toBe(2);
    const sha = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    expect(existsSync(join(srv.dataDir, 'files', sha.slice(0, 2), sha))).toBe(true);
  });

  it('refuses a file over the limit with 413 and the limit, declared or streamed', async () => {
    const big = Buffer.alloc(2 * MB + 1, 7);
    const res = await upload(ana.client, big, 'big.bin');
    expect(res.status).toBe(413);
    expect(errorOf(res)).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'A file can be at most 2 MB.',
    });
    // Chunked, without a length: stopped while streaming.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(MB));
        c.close();
      },
    });
    const chunked = await fetch(`${srv.url}/api/uploads?name=x.bin`, {
      method: 'POST',
      body: stream,
      headers: { cookie: ana.client.cookie!, origin: srv.url },
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(readdirSync(join(srv.dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('an upload cancelled half-way leaves nothing behind', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${srv.url}/api/uploads?name=half.bin`);
    const req = request(url, {
      method: 'POST',
      headers: { cookie: ana.client.cookie!, origin: srv.url, 'content-length': String(MB) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(MB / 2, 3));
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    const tmp = join(srv.dataDir, 'files', 'tmp');
    await until(() => readdirSync(tmp).length === 0, 'the half-written upload removed');
    expect(readdirSync(tmp)).toEqual([]);
    // The server goes on as before.
    expect((await upload(ana.client, Buffer.from('after'), 'after.txt')).status).toBe(201);
  });

  it('refuses an empty file and a session-less upload', async () => {
    const empty = await upload(ana.client, new Uint8Array(), 'empty.txt');
    expect(errorOf(empty)).toEqual({ code: 'VALIDATION_FAILED', message: 'The file is empty.' });
    const anon = await upload(srv.client(), Buffer.from('x'), 'x.txt');
    expect(anon.status).toBe(401);
  });

  it('counts a daily quota per user, with Retry-After', async () => {
    const { client } = await srv.signup({ nickname: 'quota_f' });
    const chunk = Buffer.alloc(2 * MB - 10, 1);
    for (let i = 0; i < 2; i++) {
      chunk[0] = i;
      expect((await upload(client, chunk, `part${i}.bin`)).status).toBe(201);
    }
    chunk[0] = 9;
    const over = await upload(client, chunk, 'part3.bin');
    expect(over.status).toBe(429);
    expect(errorOf(over)).toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED' });
    expect(errorOf(over).message).toMatch(/^You can upload 5 MB a day; you have used 4\.0 MB/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Others are not affected; a day later the same user can upload again.
    expect((await upload(ben.client, Buffer.from('fine'), 'ok.txt')).status).toBe(201);
    srv.clock.advance(24 * 60 * 60 * 1000 + 1);
    expect((await upload(client, chunk, 'part3.bin')).status).toBe(201);
  });
});

describe('attachments and access', () => {
  it('a post carries its files; everyone signed in reads them; an unattached upload is its uploader’s only', async () => {
    const up = await upload(ana.client, Buffer.from('minutes of the meeting'), 'notes.txt');
    expect((await ben.client.get(`/api/files/${up.json.id}`)).status).toBe(403);
    const created = await ana.client.post<Post>('/api/posts', {
      title: 'Files',
      body: 'see attached',
      categoryIds: [1],
      attachments: [up.json.id],
    });
    expect(created.status).toBe(201);
    expect(created.json.attachments).toEqual([
      expect.objectContaining({
        id: up.json.id,
        name: 'notes.txt',
        kind: 'file',
        mime: 'text/plain',
      }),
    ]);
    const read = await ben.client.get<Post>(`/api/posts/${created.json.id}`);
    expect(read.json.attachments?.[0]?.id).toBe(up.json.id);
    const file = await ben.client.get(`/api/files/${up.json.id}`);
    expect(file.status).toBe(200);
    expect(file.text).toBe('minutes of the meeting');
    // Attached once: not again, and nobody else's.
    const again = await ana.client.post('/api/posts', {
      title: 'x',
      body: 'y',
      categoryIds: [1],
      attachments: [up.json.id],
    });
    expect(errorOf(again)).toMatchObject({ code: 'UNKNOWN_UPLOAD', field: 'attachments' });
    const other = await upload(ana.client, Buffer.from('mine'), 'mine.txt');
    const theft = await ben.client.post(`/api/posts/${created.json.id}/comments`, {
      body: 'hi',
      attachments: [other.json.id],
    });
    expect(errorOf(theft)).toMatchObject({ code: 'UNKNOWN_UPLOAD' });
  });

  it('a comment carries its files in the list and in comment.created', async () => {
    const post = (
      await ana.client.post<Post>('/api/posts', { title: 'c', body: 'c', categoryIds: [1] })
    ).json;
    const live = await connect(srv, cat.client);
    const up = await upload(ben.client, await png(50, 50), 'c.png');
    const res = await ben.client.post<Comment>(`/api/posts/${post.id}/comments`, {
      body: 'look',
      attachments: [up.json.id],
    });
    expect(res.status).toBe(201);
    const ev = await live.next('comment.created', (e) => e.payload.comment.id === res.json.id);
    expect(ev.payload.comment.attachments?.[0]).toMatchObject({ id: up.json.id, kind: 'image' });
    const page = await cat.client.get<CommentPage>(`/api/posts/${post.id}/comments`);
    expect(page.json.items.find((c) => c.id === res.json.id)?.attachments?.[0]?.id).toBe(
      up.json.id,
    );
  });

  it("a private message's picture is readable only by its two people (non-member 403)", async () => {
    const anaLive = await connect(srv, ana.client);
    const benLive = await connect(srv, ben.client);
    const up = await upload(ana.client, await png(640, 480), 'screenshot.png');
    anaLive.send({
      type: 'chat.send',
      payload: { to: ben.id, body: '', clientId: 'shot-1', attachments: [up.json.id] },
    });
    const got = await benLive.next('chat.message', (e) => e.payload.clientId === 'shot-1');
    expect(got.payload.body).toBe('');
    expect(got.payload.attachments?.[0]).toMatchObject({
      id: up.json.id,
      kind: 'image',
      width: 640,
      height: 480,
    });
    expect((await ben.client.get(`/api/files/${up.json.id}`)).status).toBe(200);
    expect((await ben.client.get(`/api/files/${up.json.id}/thumb`)).status).toBe(200);
    const outsider = await cat.client.get(`/api/files/${up.json.id}`);
    expect(outsider.status).toBe(403);
    expect(errorOf(outsider).code).toBe('FORBIDDEN');
    expect((await cat.client.get(`/api/files/${up.json.id}/thumb`)).status).toBe(403);
    expect((await srv.client().get(`/api/files/${up.json.id}`)).status).toBe(401);
    expect((await ben.client.get('/api/files/999999')).status).toBe(404);
    const history = await ben.client.get<ChatHistory>(`/api/chat/${ana.id}/messages`);
    expect(history.json.items.at(-1)?.attachments?.[0]?.id).toBe(up.json.id);
    // A retry with the same clientId is a duplicate, not a refusal of its attached upload.
    const mark = anaLive.events.length;
    anaLive.send({
      type: 'chat.send',
      payload: { to: ben.id, body: '', clientId: 'shot-1', attachments: [up.json.id] },
    });
    const echo = await anaLive.next('chat.message', (e) => e.payload.clientId === 'shot-1', {
      from: mark,
    });
    expect(echo.payload.id).toBe(got.payload.id);
    expect(echo.payload.attachments?.[0]?.id).toBe(up.json.id);
    expect(anaLive.of('error')).toEqual([]);
  });

  it('refuses an empty message without attachments, and foreign uploads in chat.send', async () => {
    const anaLive = await connect(srv, ana.client);
    const bens = await upload(ben.client, Buffer.from('ben only'), 'b.txt');
    anaLive.send({
      type: 'chat.send',
      payload: { to: ben.id, body: 'x', clientId: 'steal', attachments: [bens.json.id] },
    });
    const err = await anaLive.next('error', (e) => e.payload.ref === 'steal');
    expect(err.payload.code).toBe('UNKNOWN_UPLOAD');
    anaLive.send({ type: 'chat.send', payload: { to: ben.id, body: '  ', clientId: 'empty' } });
    expect((await anaLive.next('error', (e) => e.payload.ref === 'empty')).payload.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('deleting the item deletes the file when nothing else references it', async () => {
    const shared = await png(200, 100, 777);
    const a = await upload(ana.client, shared, 'one.png');
    const b = await upload(ana.client, shared, 'two.png');
    const onlyHere = await upload(ana.client, Buffer.from('only in the first post'), 'solo.txt');
    const p1 = (
      await ana.client.post<Post>('/api/posts', {
        title: 'p1',
        body: 'b',
        categoryIds: [1],
        attachments: [a.json.id, onlyHere.json.id],
      })
    ).json;
    const p2 = (
      await ana.client.post<Post>('/api/posts', {
        title: 'p2',
        body: 'b',
        categoryIds: [1],
        attachments: [b.json.id],
      })
    ).json;
    const sha = (await import('node:crypto')).createHash('sha256');
    const hashOf = (buf: Buffer | string) => sha.copy().update(buf).digest('hex');
    const pathOf = (h: string) => join(srv.dataDir, 'files', h.slice(0, 2), h);
    const sharedPath = pathOf(hashOf(shared));
    const soloPath = pathOf(hashOf('only in the first post'));
    expect(existsSync(sharedPath) && existsSync(soloPath)).toBe(true);

    expect((await ana.client.request('DELETE', `/api/posts/${p1.id}`, { json: {} })).status).toBe(
      204,
    );
    expect(existsSync(soloPath)).toBe(false);
    expect(existsSync(sharedPath)).toBe(true); // p2 still uses the same bytes
    expect((await ben.client.get(`/api/files/${a.json.id}`)).status).toBe(404);
    expect((await ben.client.get(`/api/files/${b.json.id}`)).status).toBe(200);

    expect((await ana.client.request('DELETE', `/api/posts/${p2.id}`, { json: {} })).status).toBe(
      204,
    );
    expect(existsSync(sharedPath)).toBe(false);
    expect(existsSync(`${sharedPath}-480.webp`)).toBe(false);
  });

  it('deleting a message frees its picture', async () => {
    const anaLive = await connect(srv, ana.client);
    const bytes = await png(90, 90, 31337);
    const up = await upload(ana.client, bytes, 'gone.png');
    anaLive.send({
      type: 'chat.send',
      payload: { to: ben.id, body: 'soon gone', clientId: 'del-1', attachments: [up.json.id] },
    });
    const sent = await anaLive.next('chat.message', (e) => e.payload.clientId === 'del-1');
    const h = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    expect(existsSync(join(srv.dataDir, 'files', h.slice(0, 2), h))).toBe(true);
    anaLive.send({ type: 'chat.delete', payload: { id: sent.payload.id } });
    await anaLive.next('chat.deleted', (e) => e.payload.id === sent.payload.id);
    expect(existsSync(join(srv.dataDir, 'files', h.slice(0, 2), h))).toBe(false);
  });
});

describe('avatars', () => {
  it('crops to a square at 64 and 256 px, tells everyone, and refuses what is not a picture', async () => {
    const live = await connect(srv, ben.client);
    const res = await ana.client.request<{ avatar: string }>('PUT', '/api/auth/me/avatar', {
      body: await png(800, 400),
    });
    expect(res.status).toBe(200);
    const ev = await live.next('avatar.updated', (e) => e.payload.userId === ana.id);
    expect(ev.payload.avatar).toBe(res.json.avatar);
    for (const px of [64, 256]) {
      const r = await fetch(`${srv.url}/api/users/${ana.id}/avatar/${px}`, {
        headers: { cookie: ben.client.cookie! },
      });
      const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([px, px]);
    }
    expect((await ben.client.get('/api/avatars')).json).toMatchObject({
      avatars: { [ana.id]: res.json.avatar },
    });
    const svg = await ana.client.request('PUT', '/api/auth/me/avatar', {
      body: '<svg><script>alert(1)</script></svg>',
    });
    expect(errorOf(svg)).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'An avatar must be a PNG, JPEG, GIF or WebP picture.',
    });
    expect((await ben.client.get(`/api/users/${ana.id}/avatar/100`)).status).toBe(400);
    expect((await ana.client.request('DELETE', '/api/auth/me/avatar')).status).toBe(204);
    expect((await ben.client.get(`/api/users/${ana.id}/avatar/64`)).status).toBe(404);
  });
});
