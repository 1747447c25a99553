/**
 * Who may read which file, table-driven: each role (owner, admin, moderator, member) × each
 * place a file can be (an unattached upload, a post, a comment, a private message, an item
 * since deleted) × own or someone else's, on a real server. Roles give no extra access: a
 * private message's picture is its two people's, whoever else asks; and nobody attaches
 * someone else's upload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Post, Role } from '../../common/api';
import type { Upload } from '../../common/files';
import { startTestServer, type TestClient, type TestServer } from '../test/harness';
import { closeAllClients, connect, type LiveClient } from '../test/ws-client';

type Actor = { client: TestClient; id: number; live: LiveClient };
const ROLES: readonly Role[] = ['owner', 'admin', 'moderator', 'member'];
type Place = 'unattached' | 'post' | 'comment' | 'message' | 'deleted post';
type Whose = 'own' | 'other';

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
  const owner = await join('owner_p');
  for (const role of ROLES) {
    const a = role === 'owner' ? owner : await join(`${role}_p`);
    if (role === 'admin' || role === 'moderator') {
      const res = await owner.client.request('PUT', `/api/users/${a.id}/role`, { json: { role } });
      expect(res.status).toBe(200);
    }
    as[role] = { ...a, live: await connect(srv, a.client) };
  }
  const o = await join('other_p');
  other = { ...o, live: await connect(srv, o.client) };
});
afterAll(async () => {
  closeAllClients();
  await srv.close();
});

async function upload(who: Actor): Promise<Upload> {
  seq += 1;
  const res = await who.client.request<Upload>('POST', `/api/uploads?name=f${seq}.txt`, {
    body: `file ${seq}`,
  });
  expect(res.status).toBe(201);
  return res.json;
}

/** A file by `author` in `place`; a message goes to `peer`. Returns the upload id. */
async function fileIn(place: Place, author: Actor, peer: Actor): Promise<number> {
  const up = await upload(author);
  const attachments = [up.id];
  switch (place) {
    case 'unattached':
      break;
    case 'post':
    case 'deleted post': {
      const p = await author.client.post<Post>('/api/posts', {
        title: 't',
        body: 'b',
        categoryIds: [1],
        attachments,
      });
      expect(p.status).toBe(201);
      if (place === 'deleted post') {
        expect(
          (await author.client.request('DELETE', `/api/posts/${p.json.id}`, { json: {} })).status,
        ).toBe(204);
      }
      break;
    }
    case 'comment': {
      const p = await other.client.post<Post>('/api/posts', {
        title: 't',
        body: 'b',
        categoryIds: [1],
      });
      const c = await author.client.post<Comment>(`/api/posts/${p.json.id}/comments`, {
        body: 'c',
        attachments,
      });
      expect(c.status).toBe(201);
      break;
    }
    case 'message': {
      const clientId = `perm-${seq}`;
      author.live.send({
        type: 'chat.send',
        payload: { to: peer.id, body: 'm', clientId, attachments },
      });
      await author.live.next('chat.message', (e) => e.payload.clientId === clientId);
      break;
    }
  }
  return up.id;
}

/** Expected status for a reader of a file in `place` that is (`own`) or is not theirs. */
function expected(place: Place, whose: Whose): number {
  if (place === 'deleted post') return 404; // the upload went with the post
  if (place === 'post' || place === 'comment') return 200;
  // Unattached: the uploader only. A message: its two people (the sender, or the peer).
  return whose === 'own' ? 200 : 403;
}

const PLACES: readonly Place[] = ['unattached', 'post', 'comment', 'message', 'deleted post'];

describe('reading a file: role × place × own/other', () => {
  for (const role of ROLES) {
    for (const place of PLACES) {
      for (const whose of ['own', 'other'] as const) {
        it(`${role} reads ${whose === 'own' ? 'their own' : "someone else's"} file in a ${place}`, async () => {
          const reader = as[role];
          // Someone else's message is between two other people (the reader is not in it).
          const author = whose === 'own' ? reader : other;
          const peer = whose === 'own' ? other : as[role === 'member' ? 'admin' : 'member'];
          const id = await fileIn(place, author, peer);
          const res = await reader.client.get(`/api/files/${id}`);
          expect(res.status).toBe(expected(place, whose));
          if (res.status === 200) expect(res.text).toMatch(/^file \d+$/);
        });
      }
    }
  }

  it('the other person of a private message reads its file', async () => {
    const id = await fileIn('message', other, as.member);
    expect((await as.member.client.get(`/api/files/${id}`)).status).toBe(200);
  });
});

describe("attaching someone else's upload", () => {
  for (const role of ROLES) {
    it(`${role}: 400 UNKNOWN_UPLOAD, nothing attached`, async () => {
      const theirs = await upload(other);
      const res = await as[role].client.post('/api/posts', {
        title: 't',
        body: 'b',
        categoryIds: [1],
        attachments: [theirs.id],
      });
      expect(res.status).toBe(400);
      expect((res.json as { error: { code: string } }).error.code).toBe('UNKNOWN_UPLOAD');
      // Still the uploader's own, unattached upload.
      expect((await other.client.get(`/api/files/${theirs.id}`)).status).toBe(200);
      expect((await as[role].client.get(`/api/files/${theirs.id}`)).status).toBe(403);
    });
  }
});
