import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { CHAT_SQL } from './chat.store';
import { EVENTS_SQL } from './events.store';
import { NOTIFICATIONS_SQL } from './notifications.store';

const plan = queryPlanner();

// The live layer's statements walk indexes: a chat page, a replay or an unread count costs
// the same after years of traffic. No full scans, no temp b-tree sorts.
describe('live-layer queries use indexes', () => {
  it.each([
    [
      'a conversation page',
      CHAT_SQL.history,
      { lo: 1, hi: 2, before: 100, limit: 11 },
      /SEARCH messages USING INDEX messages_pair \(<expr>=\? AND <expr>=\? AND id<\?\)/,
    ],
    [
      'the roster (one thread lookup per user)',
      CHAT_SQL.roster,
      { me: 1 },
      /SEARCH t USING PRIMARY KEY \(user_lo=\? AND user_hi=\?\)[^]*SEARCH m USING INTEGER PRIMARY KEY/,
    ],
    [
      'unread messages per sender',
      CHAT_SQL.unreadBySender,
      { me: 1 },
      /SEARCH messages USING COVERING INDEX messages_unread \(recipient_id=\?\)/,
    ],
    [
      'marking a conversation read',
      CHAT_SQL.markRead,
      { me: 1, peer: 2, upTo: 50 },
      /SEARCH messages USING INDEX messages_unread \(recipient_id=\? AND sender_id=\? AND rowid<\?\)/,
    ],
    [
      'chat contacts',
      CHAT_SQL.contacts,
      { id: 1 },
      /SEARCH chat_threads USING PRIMARY KEY \(user_lo=\?\)[^]*SEARCH chat_threads USING COVERING INDEX chat_threads_hi \(user_hi=\?\)/,
    ],
    [
      'a replay',
      EVENTS_SQL.replay,
      { userId: 1, since: 10, limit: 100 },
      /events_recipient_a \(recipient_a=\? AND id>\?\)[^]*events_recipient_b \(recipient_b=\? AND id>\?\)[^]*events_broadcast \(id>\?\)/,
    ],
    [
      'the newest eventId (every handshake and chat commit)',
      EVENTS_SQL.lastId,
      {},
      /SEARCH events/,
    ],
    ['the oldest eventId (every resume)', EVENTS_SQL.firstId, {}, /SEARCH events/],
    [
      'a page of notifications',
      NOTIFICATIONS_SQL.page,
      { userId: 1, before: 100, limit: 20 },
      /SEARCH n USING INDEX notifications_user \(user_id=\? AND id<\?\)/,
    ],
    [
      'unread notifications',
      NOTIFICATIONS_SQL.unreadCount,
      { userId: 1 },
      /USING COVERING INDEX notifications_unread \(user_id=\?\)/,
    ],
    [
      'a thread’s participants',
      NOTIFICATIONS_SQL.participants,
      { postId: 1 },
      /SEARCH comments USING COVERING INDEX comments_post_author \(post_id=\?\)/,
    ],
  ])('%s', (_name, sql, params, expected) => {
    const p = plan(sql, params);
    expect(p).toMatch(expected);
    expect(p).not.toMatch(/USE TEMP B-TREE|SCAN (messages|events|notifications|comments)\b/);
  });
});
