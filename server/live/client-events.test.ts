import { describe, expect, it } from 'vitest';
import { clientEventSchema } from '../../common/protocol';
import { parseClientEvent, quickParse } from './client-events';

const long = (n: number): string => 'x'.repeat(n);

/** Frames the fast path must take or leave exactly as the schema would. */
const CASES: unknown[] = [
  { type: 'chat.send', payload: { to: 2, body: 'hi', clientId: 'c1' } },
  { type: 'chat.send', payload: { conversationId: 7, body: ' hi ', clientId: 'c1' } },
  { type: 'chat.send', payload: { to: 2, body: '', clientId: 'c1' } },
  { type: 'chat.send', payload: { to: 2, body: long(20_000), clientId: long(64) } },
  { type: 'chat.send', payload: { to: 2, body: long(20_001), clientId: 'c' } },
  { type: 'chat.send', payload: { to: 2, body: 'hi', clientId: long(65) } },
  { type: 'chat.send', payload: { to: 2, body: 'hi', clientId: '' } },
  { type: 'chat.send', payload: { to: 2, conversationId: 3, body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { to: 0, body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { to: -1, body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { to: 1.5, body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { to: 2 ** 53, body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { to: '2', body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { to: null, conversationId: 3, body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { conversationId: 0, body: 'hi', clientId: 'c' } },
  { type: 'chat.send', payload: { to: 2, body: 5, clientId: 'c' } },
  { type: 'chat.send', payload: { to: 2, body: 'hi', clientId: 'c', extra: 1 } },
  { type: 'chat.send', payload: { to: 2, body: 'hi', clientId: 'c', attachments: [1] } },
  { type: 'chat.send', payload: { to: 2, body: 'hi', clientId: 'c' }, extra: true },
  { type: 'chat.send', payload: [] },
  { type: 'chat.send', payload: null },
  { type: 'chat.send' },
  { type: 'resume', payload: { since: 0 } },
  { type: 'resume', payload: { since: 42 } },
  { type: 'resume', payload: { since: -1 } },
  { type: 'resume', payload: { since: 0.5 } },
  { type: 'resume', payload: { since: '1' } },
  { type: 'resume', payload: { since: 1, more: 2 } },
  { type: 'resume', payload: {} },
  { type: 'resume', payload: { since: 1 }, x: 1 },
  { type: 'typing.start', payload: { to: 2 } },
  { type: 'chat.read', payload: { with: 2, upTo: 10 } },
];

describe('parseClientEvent fast path', () => {
  it.each(CASES.map((c) => [JSON.stringify(c).slice(0, 80), c]))(
    'agrees with the schema: %s',
    (_name, raw) => {
      const text = JSON.stringify(raw);
      const schema = clientEventSchema.safeParse(JSON.parse(text));
      const parsed = parseClientEvent(text);
      expect(parsed.ok).toBe(schema.success);
      if (parsed.ok && schema.success) expect(parsed.event).toEqual(schema.data);
      // What the fast path takes, the schema takes too, with the same result.
      const quick = quickParse(JSON.parse(text) as Record<string, unknown>);
      if (quick !== null) {
        expect(schema.success).toBe(true);
        expect(quick).toEqual(schema.data);
      }
    },
  );

  it('takes the common sends and resumes without the schema', () => {
    expect(quickParse({ type: 'chat.send', payload: { to: 2, body: 'a', clientId: 'c' } })).toEqual(
      { type: 'chat.send', payload: { to: 2, body: 'a', clientId: 'c' } },
    );
    expect(quickParse({ type: 'resume', payload: { since: 3 } })).toEqual({
      type: 'resume',
      payload: { since: 3 },
    });
    expect(quickParse({ type: 'typing.start', payload: { to: 2 } })).toBeNull();
  });
});
