import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../common/api';
import { createLogger } from '../logging/logger';
import { startTestServer, type TestServer } from '../test/harness';
import { UnreadTracker } from './unread';

/**
 * A reconnect storm greets the sockets of one tick together (`Hub.greet`), loading their
 * counts with `loadMany` in one query: it must give each user exactly what the per-user
 * services say (the REST API's counts), on a real database with private messages, room
 * messages and notifications.
 */
describe('UnreadTracker.loadMany', () => {
  let s: TestServer;
  let users: Me[];
  beforeAll(async () => {
    s = await startTestServer();
    users = [];
    for (let i = 0; i < 4; i++) users.push((await s.signup()).user);
  });
  afterAll(() => s.close());

  const tracker = (): { t: UnreadTracker } => {
    const ctx = s.server.context;
    const t = new UnreadTracker({
      notifications: ctx.notifications,
      many: ctx.stores.unread,
      log: createLogger('test', { level: 'silent' }),
      isOnline: () => true,
      sendToUser: () => undefined,
      requestTick: () => undefined,
    });
    return { t };
  };

  it('gives every user the counts the per-user queries give', () => {
    const [a, b, c, d] = users.map((u) => u.id) as [number, number, number, number];
    const ctx = s.server.context;
    const send = (from: number, to: number, body: string, conversationId?: number) =>
      ctx.chat.commit([
        {
          send: {
            senderId: from,
            to,
            body,
            clientId: `${from}-${Math.random()}`,
            ...(conversationId ? { conversationId } : {}),
          },
        },
      ]);
    send(a, b, 'one');
    send(a, b, 'two');
    send(c, b, 'three');
    send(b, a, 'four');
    const room = ctx.stores.conversations.defaultRoom();
    expect(room).toBeDefined();
    // A room message with mentions: unread in the room for the others, and notifications.
    const nickOf = (id: number) => users.find((u) => u.id === id)!.nickname;
    send(a, 0, `hello @${nickOf(b)} and @${nickOf(c)}`, room);

    const ids = [a, b, c, d];
    const many = tracker();
    many.t.loadMany(ids);
    expect(ids.every((id) => many.t.isCurrent(id))).toBe(true);
    const frames = (t: UnreadTracker) => ids.map((id) => t.frame(id).toString('utf8'));
    // Each user's counts as the services give them one by one (what the old per-user load sent).
    for (const [i, id] of ids.entries()) {
      const { chats, conversations } = ctx.chat.unreadCounts(id);
      const notifications = ctx.notifications.unreadCount(id);
      const groups = notifications > 0 ? ctx.notifications.unreadGroupCount(id) : 0;
      const expected = {
        notifications,
        ...(groups > 0 ? { notificationGroups: groups } : {}),
        chats,
        ...(Object.keys(conversations).length > 0 ? { conversations } : {}),
      };
      const f = frames(many.t)[i]!;
      expect(f.slice(f.indexOf('{'))).toBe(JSON.stringify({ type: 'unread', payload: expected }));
    }
    const counts = frames(many.t).map((f) => JSON.parse(f.slice(f.indexOf('{'))) as object);
    // b: two from a, one from c, the room message, and the mention's notification.
    expect(counts[1]).toMatchObject({
      type: 'unread',
      payload: { chats: { [a]: 2, [c]: 1 }, conversations: { [room!]: 1 } },
    });
    expect((counts[1] as { payload: { notifications: number } }).payload.notifications).toBe(1);
    // d: only the room message.
    expect(counts[3]).toMatchObject({
      payload: { notifications: 0, chats: {}, conversations: { [room!]: 1 } },
    });
  });
});
