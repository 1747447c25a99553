/**
 * ChatState's sending against the real server, over the UI's own socket client: a message
 * written while the connection is down waits (pending, no Retry) and goes out by itself on the
 * reconnect, stored once; what was in flight when the connection dropped is sent again with the
 * same clientId and still stored once; a refusal fails with the server's reason, and only a
 * refusal that could pass next time offers Retry. Presence is unknown while away.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Me } from '@common/api';
// The library itself, not server/test/harness (Node-only code, checked without the DOM library).
import { createForumServer, type ForumServer } from '../../../server/index';
import { SocketClient, type WebSocketLike } from '../lib/socket';
import { ChatState } from './chat.svelte';

let srv: ForumServer;
let dataDir: string;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hearth-chat-state-'));
  srv = await createForumServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    bcryptCost: 4,
    rateLimit: false,
    staticDir: null,
    logLevel: 'warn',
  });
});
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});
afterAll(async () => {
  await srv.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const wsUrl = () => `${srv.url.replace(/^http/, 'ws')}/ws`;

interface Person {
  user: Me;
  cookie: string;
}

let seq = 0;
async function signup(): Promise<Person> {
  const nickname = `chat${process.pid % 1000}_${++seq}`;
  const res = await fetch(`${srv.url}/api/auth/signup`, {
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
        headers: { cookie: person.cookie, origin: srv.url },
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
  const res = await fetch(`${srv.url}/api/chat/${peerId}/messages`, {
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
