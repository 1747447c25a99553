/**
 * ChatState's sending against the real server, over the UI's own socket client: a message
 * written while the connection is down waits (pending, no Retry) and goes out by itself on the
 * reconnect, stored once; what was in flight when the connection dropped is sent again with the
 * same clientId and still stored once; a refusal fails with the server's reason, and only a
 * refusal that could pass next time offers Retry. Presence is unknown while away, and kept in
 * one place. A conversation is marked read only while the page is visible.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage, Me } from '@common/api';
import type { ClientEvent } from '@common/protocol';
// The library itself, not server/test/harness (Node-only code, checked without the DOM library).
import { createForumServer, type ForumServer } from '../../../server/index';
import { useRealForum } from './real-forum.test-support';
import { SocketClient, type WebSocketLike } from '../lib/socket';
import { ChatState } from './chat.svelte';
import { ReadMarker } from '../lib/read-marks';

const forumServer = useRealForum('chat-state');
const cleanup = forumServer.cleanup;

let forum = (): ForumServer => forumServer.server;
const wsUrl = () => `${forum().url.replace(/^http/, 'ws')}/ws`;

interface Person {
  user: Me;
  cookie: string;
}

let seq = 0;
async function signup(): Promise<Person> {
  const nickname = `chat${process.pid % 1000}_${++seq}`;
  const res = await fetch(`${forum().url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      nickname,
      email: `${nickname}@example.com`,
      password: 'correct horse battery',
      firstName: 'Chat',
      lastName: 'Tester',
      age: 30,
      gender: 'other',
    }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { user: (await res.json()) as Me, cookie };
}

/** The UI's socket and chat state for one person; `network.down` makes every connect fail. */
function client(person: Person, myId: number) {
  const network = { down: false };
  const socket = new SocketClient({
    url: wsUrl(),
    // A dead port stands in for a network that is down: the connect fails like a real one.
    createSocket: (url) =>
      new WebSocket(network.down ? 'ws://127.0.0.1:9' : url, {
        headers: { cookie: person.cookie, origin: forum().url },
      }) as unknown as WebSocketLike,
    backoff: { baseMs: 20, maxMs: 100, floorRatio: 0.5 },
  });
  const chat = new ChatState(socket, myId);
  cleanup.push(() => {
    chat.destroy();
    socket.close();
  });
  socket.connect();
  return { socket, chat, network };
}

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function stored(reader: Person, peerId: number): Promise<string[]> {
  const res = await fetch(`${forumServer.server.url}/api/chat/${peerId}/messages`, {
    headers: { cookie: reader.cookie },
  });
  return ((await res.json()) as { items: ChatMessage[] }).items.map((m) => m.body);
}

describe('ChatState sending', () => {
  it('queues a message written while disconnected and sends it on the reconnect, once', async () => {
    const a = await signup();
    const b = await signup();
    const { socket, chat, network } = client(a, a.user.id);
    await until(() => chat.connected && chat.presenceKnown, 'the first connection');

    network.down = true;
    socket.dropConnection();
    await until(() => !chat.connected, 'the disconnect');
    expect(chat.presenceKnown).toBe(false);
    expect(chat.presenceOf(b.user.id)).toBeUndefined();

    chat.send(b.user.id, 'written while away');
    const c = chat.conversation(b.user.id);
    expect(c.messages).toHaveLength(1);
    // Waiting, not failed: nothing for the person to retry.
    await new Promise((r) => setTimeout(r, 300));
    expect(c.messages[0]).toMatchObject({ status: 'pending', id: null });
    expect(await stored(b, a.user.id)).toEqual([]);

    network.down = false;
    await until(() => c.messages[0]?.status === 'sent', 'the queued message sent');
    expect(chat.presenceKnown).toBe(true);
    expect(chat.presenceOf(b.user.id)).toBe(false);
    expect(await stored(b, a.user.id)).toEqual(['written while away']);
  });

  it('sends again what was in flight when the connection dropped, with the same clientId', async () => {
    const a = await signup();
    const b = await signup();
    const { socket, chat, network } = client(a, a.user.id);
    await until(() => chat.connected, 'the first connection');

    chat.send(b.user.id, 'in flight');
    network.down = true;
    socket.dropConnection(); // the echo may or may not have arrived: either way, once.
    await until(() => !chat.connected, 'the disconnect');
    network.down = false;
    const c = chat.conversation(b.user.id);
    await until(() => chat.connected && c.messages[0]?.status === 'sent', 'sent after all');
    // Another reconnect: nothing is sent twice.
    socket.dropConnection();
    await until(() => !chat.connected, 'the second disconnect');
    await until(() => chat.connected, 'the second reconnect');
    expect(c.messages).toHaveLength(1);
    expect(await stored(b, a.user.id)).toEqual(['in flight']);
  });

  it('a refusal fails with the server’s reason; Retry only where a retry could pass', async () => {
    const a = await signup();
    const b = await signup();
    const { chat } = client(a, a.user.id);
    await until(() => chat.connected, 'the first connection');

    chat.send(b.user.id, 'bell \u0007');
    const c = chat.conversation(b.user.id);
    await until(() => c.messages[0]?.status === 'failed', 'the refusal');
    expect(c.messages[0]!.error).toMatch(/control characters/);
    expect(c.messages[0]!.retryable).toBe(false);
    expect(await stored(b, a.user.id)).toEqual([]);
  });
});

/** The page's document as ChatState sees it: its visibility, changed like a browser tab's. */
class PageDocument extends EventTarget {
  constructor(public visibilityState: 'visible' | 'hidden') {
    super();
  }
  set(state: 'visible' | 'hidden'): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

function stubDocument(state: 'visible' | 'hidden'): PageDocument {
  const doc = new PageDocument(state);
  vi.stubGlobal('document', doc);
  return doc;
}

/** The UI's same-origin `/api/…` requests go to the real server, with this person's cookie. */
function sameOriginFetch(person: Person): void {
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (path: string, init: RequestInit = {}) =>
    realFetch(`${forum().url}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie: person.cookie },
    }),
  );
}

/** The other party: a plain socket that sends chat messages. */
async function peerSocket(person: Person): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl(), { headers: { cookie: person.cookie, origin: forum().url } });
  cleanup.push(() => ws.terminate());
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  return ws;
}
const say = (ws: WebSocket, to: number, body: string) =>
  ws.send(JSON.stringify({ type: 'chat.send', payload: { to, body, clientId: `p${++seq}` } }));

describe('ChatState read marks (issue 13: what was on screen while looked at)', () => {
  it('a hidden tab does not mark a conversation read; what is on screen is marked when it shows', async () => {
    const a = await signup();
    const b = await signup();
    const page = stubDocument('hidden');
    sameOriginFetch(a);
    const { socket, chat } = client(a, a.user.id);
    const sends = vi.spyOn(socket, 'send');
    const reads = () =>
      sends.mock.calls.map(([e]) => e).filter((e: ClientEvent) => e.type === 'chat.read');
    let unread: Record<string, number> = {};
    socket.on('unread', (e) => (unread = e.payload.chats));
    await until(() => chat.connected, 'the connection');
    const from = String(b.user.id);

    const bws = await peerSocket(b);
    say(bws, a.user.id, 'one');
    await until(() => unread[from] === 1, 'one unread');
    // Opening the conversation on a hidden page: loaded, at its first unread, not read.
    const c = await chat.open(b.user.id);
    expect(c.messages.map((m) => m.body)).toEqual(['one']);
    expect(c.firstUnreadId).toBe(c.lastId);
    // The message list's marker, as MessageList wires it: the message is on screen.
    const marker = new ReadMarker({
      pointer: c.lastReadId,
      send: (upTo) => chat.markRead(b.user.id, upTo),
      view: () => ({ focused: true, visible: page.visibilityState === 'visible' }),
      delayMs: 0,
    });
    marker.show(c.lastId!);
    // A message landing in the open conversation while hidden: shown, still not read.
    say(bws, a.user.id, 'two');
    await until(() => c.messages.length === 2, 'the second message');
    marker.show(c.lastId!);
    await until(() => unread[from] === 2, 'two unread');
    marker.flush();
    expect(reads()).toEqual([]);

    page.set('visible');
    marker.flush();
    expect(reads()).toEqual([{ type: 'chat.read', payload: { with: b.user.id, upTo: c.lastId } }]);
    await until(() => unread[from] === undefined, 'the server to count them read');
    // The open conversation's next message counts until it is on screen.
    say(bws, a.user.id, 'three');
    await until(() => c.messages.length === 3, 'the third message');
    await until(() => unread[from] === 1, 'the third counted while not yet on screen');
    marker.show(c.lastId!);
    marker.flush();
    await until(() => unread[from] === undefined, 'read once on screen');
    expect(reads()).toHaveLength(2);
    marker.destroy();
  });
});

describe('ChatState presence', () => {
  it('keeps it once: live changes, the roster and the snapshot all answer presenceOf', async () => {
    const a = await signup();
    const b = await signup();
    sameOriginFetch(a);
    const { socket, chat } = client(a, a.user.id);
    await until(() => chat.connected && chat.presenceKnown, 'the connection');
    // b arrives after a's snapshot: a live change. (Not before it: a snapshot taken while the
    // server still gathers b's arrival into a batch would never hear of a quick departure.)
    const bws = await peerSocket(b);
    await until(() => chat.presenceOf(b.user.id) === true, 'b online (a live change)');
    await chat.loadRoster();
    const entry = chat.byId(b.user.id);
    expect(entry).toMatchObject({ id: b.user.id, nickname: b.user.nickname });
    expect(entry).not.toHaveProperty('online'); // one source: ChatState.online
    expect(chat.presenceOf(b.user.id)).toBe(true);

    bws.terminate();
    await until(() => chat.presenceOf(b.user.id) === false, 'b offline (a live change)');
    expect(chat.online[b.user.id]).toBe(false);
    await peerSocket(b);
    await until(() => chat.presenceOf(b.user.id) === true, 'b back online');

    // A reconnect: unknown while away, then the new snapshot's word.
    socket.dropConnection();
    await until(() => !chat.connected, 'the disconnect');
    expect(chat.presenceOf(b.user.id)).toBeUndefined();
    await until(() => chat.presenceKnown, 'the snapshot after the reconnect');
    expect(chat.presenceOf(b.user.id)).toBe(true);
  });

  it('takes the roster’s word for people the socket does not report (presence for contacts only)', async () => {
    // One person online is already "many": presence then goes to chat contacts only, so a
    // snapshot leaves out people a has never written to, and only the roster says they are on.
    const dir = mkdtempSync(join(tmpdir(), 'hearth-chat-presence-'));
    const busy = await createForumServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: dir,
      bcryptCost: 4,
      rateLimit: false,
      staticDir: null,
      logLevel: 'warn',
      live: { presenceBroadcastMax: 1 },
    });
    const main = forum;
    forum = () => busy;
    try {
      const a = await signup();
      const b = await signup();
      const c = await signup();
      await peerSocket(b);
      await peerSocket(c);
      await until(() => busy.live.hub.presenceToContactsOnly, 'contacts-only presence');
      sameOriginFetch(a);
      const { chat } = client(a, a.user.id);
      await until(() => chat.connected && chat.presenceKnown, 'the connection');
      expect(chat.presenceOf(b.user.id)).toBe(false); // not in the snapshot
      await chat.loadRoster();
      expect(chat.presenceOf(b.user.id)).toBe(true);
      expect(chat.presenceOf(c.user.id)).toBe(true);
    } finally {
      for (const f of cleanup.splice(0)) f();
      forum = main;
      await busy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
