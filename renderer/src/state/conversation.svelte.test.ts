import { describe, expect, it } from 'vitest';
import type { ChatHistory, ChatMessage } from '@common/api';
import { Conversation } from './conversation.svelte';

const ME = 1;
const PEER = 2;
const msg = (id: number, from = PEER, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  from,
  to: from === ME ? PEER : ME,
  body: `m${id}`,
  createdAt: new Date(2025, 0, 1, 12, id).toISOString(),
  editedAt: null,
  deleted: false,
  ...extra,
});

function pending(c: Conversation, clientId: string, body = 'hi') {
  c.addPending({ clientId, from: ME, to: PEER, body, createdAt: new Date().toISOString() });
}

describe('Conversation', () => {
  it('keeps messages in id order and never twice', () => {
    const c = new Conversation(PEER);
    expect(c.receive(msg(3))).toBe(true);
    expect(c.receive(msg(1))).toBe(true);
    expect(c.receive(msg(3))).toBe(false);
    expect(c.messages.map((m) => m.id)).toEqual([1, 3]);
    expect(c.lastId).toBe(3);
  });

  it('turns a pending send into the stored message, matched by clientId, keeping its key', () => {
    const c = new Conversation(PEER);
    c.receive(msg(1));
    pending(c, 'abc', 'hello');
    expect(c.messages.at(-1)).toMatchObject({ status: 'pending', id: null, key: 'abc' });
    expect(c.lastId).toBe(1);

    expect(c.receive(msg(2, ME, { clientId: 'abc', body: 'hello' }))).toBe(false);
    expect(c.messages).toHaveLength(2);
    expect(c.messages.at(-1)).toMatchObject({ status: 'sent', id: 2, key: 'abc' });
    expect(c.lastId).toBe(2);
  });

  it('keeps unsent messages after sent ones, in the order written', () => {
    const c = new Conversation(PEER);
    pending(c, 'a');
    pending(c, 'b');
    c.receive(msg(5));
    expect(c.messages.map((m) => m.key)).toEqual(['m5', 'a', 'b']);
  });

  it('marks a pending send failed, and back to pending for a retry', () => {
    const c = new Conversation(PEER);
    pending(c, 'x');
    expect(c.markFailed('x', 'Not sent. No answer.', true)).toBe(true);
    expect(c.messages[0]).toMatchObject({
      status: 'failed',
      error: 'Not sent. No answer.',
      retryable: true,
    });
    expect(c.markFailed('x', 'again', true)).toBe(false); // only pending ones fail
    expect(c.markPending('x')?.status).toBe('pending');
    expect(c.messages[0]!.error).toBeUndefined();
    // The retry's echo resolves it like any other.
    c.receive(msg(9, ME, { clientId: 'x' }));
    expect(c.messages[0]).toMatchObject({ status: 'sent', id: 9 });
  });

  it('discards an unsent message only', () => {
    const c = new Conversation(PEER);
    c.receive(msg(1, ME, { clientId: 'sent-one' }));
    pending(c, 'y');
    c.discard('y');
    c.discard('sent-one');
    expect(c.messages.map((m) => m.id)).toEqual([1]);
  });
});

describe('Conversation windows (issue 13)', () => {
  /** A server of `n` messages (ids 1..n, all from the peer) with my pointer at `read`. */
  function server(n: number, read: number) {
    const all = Array.from({ length: n }, (_, i) => msg(i + 1));
    const asked: string[] = [];
    const fetchPage = (q: {
      before?: number;
      after?: number;
      around?: number;
      limit: number;
    }): Promise<ChatHistory> => {
      asked.push(JSON.stringify(q));
      let items: ChatMessage[];
      if (q.after !== undefined) items = all.filter((m) => m.id > q.after!).slice(0, q.limit);
      else if (q.around !== undefined) {
        const before = all.filter((m) => m.id < q.around!).slice(-q.limit / 2);
        items = [...before, ...all.filter((m) => m.id >= q.around!)].slice(0, q.limit);
      } else items = all.filter((m) => m.id < (q.before ?? Infinity)).slice(-q.limit);
      const first = items[0]?.id ?? 0;
      const last = items.at(-1)?.id ?? 0;
      return Promise.resolve({
        items,
        hasMore: first > 1,
        hasNewer: last < n,
        lastReadId: read,
      });
    };
    return { fetchPage, asked, all };
  }

  it('opens at the latest 10 when nothing is unread, with no divider', async () => {
    const s = server(30, 30);
    const c = new Conversation(PEER, s.fetchPage, ME);
    await c.open();
    expect(c.messages.map((m) => m.id)).toEqual(Array.from({ length: 10 }, (_, i) => 21 + i));
    expect(c.firstUnreadId).toBeNull();
    expect(s.asked).toHaveLength(1);
  });

  it('opens at the first unread inside the latest page', async () => {
    const c = new Conversation(PEER, server(30, 25).fetchPage, ME);
    await c.open();
    expect(c.firstUnreadId).toBe(26);
    expect(c.hasNewer).toBe(false);
  });

  it('with more than 10 unread, loads the window around the first one and pages down', async () => {
    const s = server(40, 8);
    const c = new Conversation(PEER, s.fetchPage, ME);
    await c.open();
    expect(c.firstUnreadId).toBe(9);
    expect(c.messages.map((m) => m.id)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(c.hasNewer).toBe(true);
    // A live message while the window is further back waits for paging down.
    expect(c.receive(msg(41))).toBe(true);
    expect(c.missed).toBe(1);
    expect(c.messages.some((m) => m.id === 41)).toBe(false);
    expect(await c.loadNewer()).toBe(10);
    expect(c.messages.at(-1)?.id).toBe(23);
    await c.load();
    expect(c.hasNewer).toBe(false);
    expect(c.missed).toBe(0);
  });

  it('opens around a given message (a notification’s) and remembers it', async () => {
    const c = new Conversation(PEER, server(40, 40).fetchPage, ME);
    await c.open(12);
    expect(c.focusId).toBe(12);
    expect(c.messages.map((m) => m.id)).toContain(12);
    expect(c.opens).toBe(1);
  });
});
