/**
 * (issue 12) Edits change attachments: a post's, comment's or message's edit carries its
 * whole list of files; kept ones stay, new uploads are attached under the same rules as at
 * creation, the ones left out are removed (their bytes freed once unused), and the edit's
 * event carries the files as they are now. The feed says how many files a post has.
 * Who may: role (owner, admin, moderator, member) × own/other, on a real server.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Post, PostPage, Role } from '../../common/api';
import type { Upload } from '../../common/files';
import { errorOf, startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

type Actor = { client: TestClient; id: number; live: LiveClient };
const ROLES: readonly Role[] = ['owner', 'admin', 'moderator', 'member'];

let srv: TestServer;
const as = {} as Record<Role, Actor>;
let other: Actor;
let seq = 0;

beforeAll(async () => {
  srv = await startTestServer();
  const join = async (nickname: string) => {
    const u = await srv.signup({ nickname });
    return { client: u.client, id: u.user.id };
  };
  const owner = await join('owner_e');
  for (const role of ROLES) {
    const a = role === 'owner' ? owner : await join(`${role}_e`);
    if (role === 'admin' || role === 'moderator') {
      const res = await owner.client.request('PUT', `/api/users/${a.id}/role`, { json: { role } });
      expect(res.status).toBe(200);
    }
    as[role] = { ...a, live: await connect(srv, a.client) };
  }
  const o = await join('other_e');
  other = { ...o, live: await connect(srv, o.client) };
});
afterAll(async () => {
  closeAllClients();
  await srv.close();
});

async function text(who: Actor, content = `file ${++seq}`): Promise<Upload> {
  const res = await who.client.request<Upload>('POST', `/api/uploads?name=f${++seq}.txt`, {
    body: content,
  });
  expect(res.status).toBe(201);
  return res.json;
}

async function picture(who: Actor): Promise<{ upload: Upload; bytes: Buffer }> {
  const n = ++seq;
  const bytes = await sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: n % 256, g: 9, b: 99 } },
  })
    .png()
    .toBuffer();
  const res = await who.client.request<Upload>('POST', `/api/uploads?name=p${n}.png`, {
    body: bytes,
  });
  expect(res.status).toBe(201);
  return { upload: res.json, bytes };
}

const onDisk = (content: Buffer | string): boolean => {
  const h = createHash('sha256').update(content).digest('hex');
  return existsSync(join(srv.dataDir, 'files', h.slice(0, 2), h));
};

async function newPost(who: Actor, attachments: number[] = []): Promise<Post> {
  const res = await who.client.post<Post>('/api/posts', {
    title: `Post ${++seq}`,
    body: 'with files',
    categoryIds: [1],
    attachments,
  });
  expect(res.status).toBe(201);
  return res.json;
}

describe('the feed says how many files a post has', () => {
  it('attachmentCount and imageCount, absent without files, live after an edit', async () => {
    const me = as.member;
    const pic = await picture(me);
    const doc = await text(me);
    const withFiles = await newPost(me, [pic.upload.id, doc.id]);
    const without = await newPost(me);
    // The live feed item says so too.
    const created = await other.live.next(
      'post.created',
      (e) => e.payload.post.id === withFiles.id,
    );
    expect(created.payload.post).toMatchObject({ attachmentCount: 2, imageCount: 1 });
    const feed = (await other.client.get<PostPage>('/api/posts?limit=10')).json;
    const card = (id: number) => feed.items.find((p) => p.id === id);
    expect(card(withFiles.id)).toMatchObject({ attachmentCount: 2, imageCount: 1 });
    expect(card(without.id)?.attachmentCount).toBeUndefined();
    expect(card(without.id)?.imageCount).toBeUndefined();

    // An edit that drops the picture: the feed (and its cache) follow.
    const edited = await me.client.request<Post>('PATCH', `/api/posts/${withFiles.id}`, {
      json: { attachments: [doc.id] },
    });
    expect(edited.status).toBe(200);
    const again = (await other.client.get<PostPage>('/api/posts?limit=10')).json;
    expect(again.items.find((p) => p.id === withFiles.id)).toMatchObject({
      attachmentCount: 1,
      imageCount: 0,
    });
  });
});

describe('editing a post changes its files', () => {
  it('keeps, adds and removes; frees removed bytes; the event carries the new list', async () => {
    const me = as.member;
    const keep = await text(me, 'kept file');
    const drop = await picture(me);
    const post = await newPost(me, [keep.id, drop.upload.id]);
    expect(onDisk(drop.bytes)).toBe(true);
    const added = await text(me, 'added by the edit');

    const res = await me.client.request<Post>('PATCH', `/api/posts/${post.id}`, {
      json: { body: 'now with other files', attachments: [added.id, keep.id] },
    });
    expect(res.status).toBe(200);
    expect(res.json.attachments?.map((a) => a.id)).toEqual([added.id, keep.id]);
    expect(res.json.body).toBe('now with other files');
    const event = await other.live.next('post.updated', (e) => e.payload.post.id === post.id);
    expect(event.payload.attachments?.map((a) => a.id)).toEqual([added.id, keep.id]);
    expect(event.payload.post.attachmentCount).toBe(2);

    // The removed picture is gone: its row, its bytes, its thumbnail.
    expect(onDisk(drop.bytes)).toBe(false);
    expect((await other.client.get(`/api/files/${drop.upload.id}`)).status).toBe(404);
    expect((await other.client.get(`/api/files/${added.id}`)).status).toBe(200);
    const read = (await other.client.get<Post>(`/api/posts/${post.id}`)).json;
    expect(read.attachments?.map((a) => a.id)).toEqual([added.id, keep.id]);

    // Files alone, the last one removed: an edit with an empty list; no revision of text.
    const none = await me.client.request<Post>('PATCH', `/api/posts/${post.id}`, {
      json: { attachments: [] },
    });
    expect(none.status).toBe(200);
    expect(none.json.attachments).toEqual([]);
    const emptied = await other.live.next(
      'post.updated',
      (e) => e.payload.post.id === post.id && e.payload.attachments?.length === 0,
    );
    expect(emptied.payload.post.attachmentCount).toBeUndefined();
    expect(onDisk('kept file')).toBe(false);
  });

  it('refuses uploads that are not the editor’s own unattached ones, and a list that is not one', async () => {
    const me = as.member;
    const post = await newPost(me);
    const theirs = await text(other);
    const foreign = await me.client.request('PATCH', `/api/posts/${post.id}`, {
      json: { attachments: [theirs.id] },
    });
    expect(errorOf(foreign)).toMatchObject({ code: 'UNKNOWN_UPLOAD', field: 'attachments' });
    const elsewhere = await text(me);
    await newPost(me, [elsewhere.id]);
    const taken = await me.client.request('PATCH', `/api/posts/${post.id}`, {
      json: { attachments: [elsewhere.id] },
    });
    expect(errorOf(taken)).toMatchObject({ code: 'UNKNOWN_UPLOAD' });
    const bad = await me.client.request('PATCH', `/api/posts/${post.id}`, {
      json: { attachments: 'all of them' },
    });
    expect(errorOf(bad)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'attachments' });
    // Nothing was attached by the refused edits.
    expect((await me.client.get<Post>(`/api/posts/${post.id}`)).json.attachments).toBeUndefined();
  });
});

describe('editing a comment changes its files', () => {
  it('removes and adds; comment.updated carries them', async () => {
    const me = as.member;
    const post = await newPost(other);
    const first = await text(me, 'comment file one');
    const made = await me.client.post<Comment>(`/api/posts/${post.id}/comments`, {
      body: 'see file',
      attachments: [first.id],
    });
    expect(made.status).toBe(201);
    const second = await text(me, 'comment file two');
    const res = await me.client.request<Comment>('PATCH', `/api/comments/${made.json.id}`, {
      json: { body: 'see file', attachments: [second.id] },
    });
    expect(res.status).toBe(200);
    expect(res.json.attachments?.map((a) => a.id)).toEqual([second.id]);
    const event = await other.live.next(
      'comment.updated',
      (e) => e.payload.comment.id === made.json.id,
    );
    expect(event.payload.comment.attachments?.map((a) => a.id)).toEqual([second.id]);
    expect(onDisk('comment file one')).toBe(false);
    expect(onDisk('comment file two')).toBe(true);
  });
});

describe('editing a message changes its files', () => {
  it('chat.edit with attachments: the other side sees the new list; text may go', async () => {
    const me = as.member;
    const pic = await picture(me);
    me.live.send({
      type: 'chat.send',
      payload: { to: other.id, body: 'look', clientId: `m${++seq}`, attachments: [pic.upload.id] },
    });
    const sent = await other.live.next('chat.message', (e) => e.payload.from === me.id);
    const replacement = await picture(me);
    me.live.send({
      type: 'chat.edit',
      payload: { id: sent.payload.id, body: '', attachments: [replacement.upload.id] },
    });
    const updated = await other.live.next(
      'chat.updated',
      (e) => e.payload.message.id === sent.payload.id,
    );
    expect(updated.payload.message.attachments?.map((a) => a.id)).toEqual([replacement.upload.id]);
    expect(updated.payload.message.body).toBe('');
    expect(onDisk(pic.bytes)).toBe(false);
    expect((await other.client.get(`/api/files/${replacement.upload.id}`)).status).toBe(200);

    // No text and no files: refused, nothing changes.
    const ref = `e${++seq}`;
    me.live.send({
      type: 'chat.edit',
      payload: { id: sent.payload.id, body: '', attachments: [], clientId: ref },
    });
    const refused = await me.live.next('error', (e) => e.payload.ref === ref);
    expect(refused.payload.code).toBe('VALIDATION_FAILED');
    expect(onDisk(replacement.bytes)).toBe(true);
  });
});

describe('who may change an item’s files: role × own/other', () => {
  for (const role of ROLES) {
    for (const whose of ['own', 'other'] as const) {
      it(`${role} edits the files of ${whose === 'own' ? 'their own' : "someone else's"} post and comment`, async () => {
        const editor = as[role];
        const author = whose === 'own' ? editor : other;
        const post = await newPost(author, [(await text(author)).id]);
        const comment = (
          await author.client.post<Comment>(`/api/posts/${post.id}/comments`, {
            body: 'c',
            attachments: [(await text(author)).id],
          })
        ).json;
        const mine = await text(editor);
        const p = await editor.client.request<Post>('PATCH', `/api/posts/${post.id}`, {
          json: { attachments: [mine.id] },
        });
        const c = await editor.client.request<Comment>('PATCH', `/api/comments/${comment.id}`, {
          json: { body: 'c', attachments: [] },
        });
        if (whose === 'own') {
          expect(p.status).toBe(200);
          expect(p.json.attachments?.map((a) => a.id)).toEqual([mine.id]);
          expect(c.status).toBe(200);
          expect(c.json.attachments).toEqual([]);
        } else {
          // Moderators delete others' items; nobody edits them, files included.
          expect(errorOf(p).code).toBe('FORBIDDEN');
          expect(errorOf(c).code).toBe('FORBIDDEN');
          const read = (await other.client.get<Post>(`/api/posts/${post.id}`)).json;
          expect(read.attachments).toHaveLength(1);
        }
      });
    }
  }
});
