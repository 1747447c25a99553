/**
 * (issue 13) Where a conversation opens: the page after a message (paging down toward the
 * latest), the window around one (the first unread, a notification's message), and the
 * reader's read pointer with every page. Members only, as every page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatHistory } from '../../common/api';
import type { ConversationSummary } from '../../common/conversations';
import { startTestServer, type TestServer } from '../test/harness';
import { closeAllClients, connect } from '../test/ws-client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterEach(closeAllClients);
afterAll(async () => {
  await srv.close();
});

type Signed = Awaited<ReturnType<TestServer['signup']>>;

/** `n` messages from `from` into a conversation (or to a person); their ids, oldest first. */
async function sendMany(
  from: Signed,
  to: { conversationId: number } | { to: number },
  n: number,
  tag: string,
): Promise<number[]> {
  const live = await connect(srv, from.client);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    live.send({
      type: 'chat.send',
      payload: { ...to, body: `${tag} ${i}`, clientId: `${tag}${i}` },
    });
    const e = await live.next('chat.message', (m) => m.payload.clientId === `${tag}${i}`);
    ids.push(e.payload.id);
  }
  live.close();
  return ids;
}

describe('GET /api/conversations/:id/messages around and after', () => {
  it('opens at the first unread and pages down to the latest; members only', async () => {
    const [ann, bob, cy, dee] = [
      await srv.signup(),
      await srv.signup(),
      await srv.signup(),
      await srv.signup(),
    ];
    const group = await ann.client.post<ConversationSummary>('/api/conversations', {
      kind: 'group',
      name: 'Window',
      members: [bob.user.id, cy.user.id],
    });
    const id = group.json.id;
    const read = await sendMany(ann, { conversationId: id }, 4, 'r');
    // Bob reads the first four, then 30 more arrive.
    const bobLive = await connect(srv, bob.client);
    bobLive.send({ type: 'chat.read', payload: { conversationId: id, upTo: read[3]! } });
    await bobLive.next('unread');
    const unread = await sendMany(ann, { conversationId: id }, 30, 'u');
    const url = `/api/conversations/${id}/messages`;

    const latest = await bob.client.get<ChatHistory>(`${url}?limit=10`);
    expect(latest.json.items.map((m) => m.id)).toEqual(unread.slice(20));
    expect(latest.json).toMatchObject({ hasMore: true, hasNewer: false, lastReadId: read[3] });

    // The window around the first unread: 5 read ones before it, then it and 4 more.
    const around = await bob.client.get<ChatHistory>(`${url}?around=${read[3]! + 1}&limit=10`);
    expect(around.json.items.map((m) => m.id)).toEqual([...read.slice(-4), ...unread.slice(0, 6)]);
    expect(around.json).toMatchObject({ hasMore: false, hasNewer: true, lastReadId: read[3] });

    // Paging down, 10 at a time, reaches the latest with nothing skipped or repeated.
    const seen = around.json.items.map((m) => m.id);
    let page = around.json;
    while (page.hasNewer) {
      page = (await bob.client.get<ChatHistory>(`${url}?after=${seen.at(-1)}&limit=10`)).json;
      expect(page.items.length).toBeLessThanOrEqual(10);
      expect(page.hasMore).toBe(true);
      seen.push(...page.items.map((m) => m.id));
    }
    expect(seen).toEqual([...read, ...unread]);
    expect(page.items.at(-1)!.id).toBe(unread.at(-1));

    // Nothing after the latest: an empty page, and older ones exist.
    const end = await bob.client.get<ChatHistory>(`${url}?after=${unread.at(-1)}`);
    expect(end.json).toMatchObject({ items: [], hasMore: true, hasNewer: false });

    // Around a message older than the latest page (a notification's): it is in the window.
    const mid = unread[12]!;
    const at = await bob.client.get<ChatHistory>(`${url}?around=${mid}&limit=4`);
    expect(at.json.items.map((m) => m.id)).toEqual(unread.slice(10, 14));
    expect(at.json).toMatchObject({ hasMore: true, hasNewer: true });

    // Not a member: 403 NOT_MEMBER, whichever way the page is asked for.
    for (const q of [`around=${mid}`, `after=${read[0]}`, `before=${mid}`]) {
      const no = await dee.client.get(`${url}?${q}`);
      expect(no.status).toBe(403);
      expect(no.json).toMatchObject({ error: { code: 'NOT_MEMBER' } });
    }
    // Removed: the window is closed to them too.
    await ann.client.request('DELETE', `/api/conversations/${id}/members/${cy.user.id}`);
    const gone = await cy.client.get(`${url}?around=${mid}`);
    expect(gone.status).toBe(403);
    expect(gone.json).toMatchObject({ error: { code: 'NOT_MEMBER' } });
  });

  it('refuses bad values and more than one of before, after and around', async () => {
    const ann = await srv.signup();
    const group = await ann.client.post<ConversationSummary>('/api/conversations', {
      kind: 'group',
      name: 'Bad',
      members: [(await srv.signup()).user.id, (await srv.signup()).user.id],
    });
    const url = `/api/conversations/${group.json.id}/messages`;
    for (const [q, field] of [
      ['after=0', 'after'],
      ['around=x', 'around'],
      ['after=3&around=4', 'before'],
      ['before=3&after=1', 'before'],
    ] as const) {
      const res = await ann.client.get(`${url}?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.json, q).toMatchObject({ error: { code: 'VALIDATION_FAILED', field } });
    }
    const one = await ann.client.get(`${url}?after=3&around=4`);
    expect(one.json).toMatchObject({
      error: { message: 'Invalid before: Must be only one of before, after and around' },
    });
  });
});

describe('GET /api/chat/:userId/messages around and after', () => {
  it('gives a private conversation the same window and read pointer', async () => {
    const [ann, bob] = [await srv.signup(), await srv.signup()];
    const none = await bob.client.get<ChatHistory>(`/api/chat/${ann.user.id}/messages`);
    expect(none.json).toEqual({ items: [], hasMore: false, hasNewer: false, lastReadId: 0 });
    const ids = await sendMany(ann, { to: bob.user.id }, 14, 'd');
    const url = `/api/chat/${ann.user.id}/messages`;
    const latest = await bob.client.get<ChatHistory>(url);
    expect(latest.json).toMatchObject({ hasMore: true, hasNewer: false, lastReadId: 0 });
    const first = await bob.client.get<ChatHistory>(`${url}?around=1&limit=10`);
    // Near the start the window fills with newer messages.
    expect(first.json.items.map((m) => m.id)).toEqual(ids.slice(0, 10));
    const around = await bob.client.get<ChatHistory>(`${url}?around=${ids[1]}&limit=10`);
    expect(around.json.items.map((m) => m.id)).toEqual(ids.slice(0, 10));
    expect(around.json).toMatchObject({ hasMore: false, hasNewer: true });
    const after = await bob.client.get<ChatHistory>(`${url}?after=${ids[4]}&limit=10`);
    expect(after.json.items.map((m) => m.id)).toEqual(ids.slice(5, 14));
    expect(after.json).toMatchObject({ hasMore: true, hasNewer: false });
  });
});
