import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@common/api';
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
