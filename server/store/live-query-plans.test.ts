import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { CHAT_SQL } from './chat.store';
import { CONTACTS_SQL } from './contacts.store';
import { CONVERSATIONS_SQL } from './conversations.store';
import { EVENTS_SQL } from './events.store';
import { NOTIFICATIONS_SQL } from './notifications.store';
import { UNREAD_SQL } from './unread.store';

const plan = queryPlanner();

// The live layer's statements walk indexes: a chat page, a replay or an unread count costs
// the same after years of traffic. No full scans, no temp b-tree sorts.
describe('live-layer queries use indexes', () => {
  it.each([
    [
      'a conversation page',
      CHAT_SQL.history,
      { conversationId: 1, before: 100, limit: 11 },
      /SEARCH messages USING INDEX messages_conversation \(conversation_id=\? AND id<\?\)/,
    ],
    [
      'a conversation page after a message (paging down, issue 13)',
      CHAT_SQL.newer,
      { conversationId: 1, after: 100, limit: 11 },
      /SEARCH messages USING INDEX messages_conversation \(conversation_id=\? AND id>\?\)/,
    ],
    [
      'the roster (one conversation lookup per user)',
      CHAT_SQL.roster,
      { me: 1 },
      /SEARCH c USING INDEX conversations_direct \(user_lo=\? AND user_hi=\?\)[^]*SEARCH m USING INTEGER PRIMARY KEY/,
    ],
    [
      'unread messages per conversation (after each read pointer)',
      CONVERSATIONS_SQL.unreadAll,
      { me: 1 },
      /SEARCH cm USING INDEX conversation_members_user \(user_id=\?\)[^]*SEARCH m USING INDEX messages_conversation \(conversation_id=\? AND id>\?\)/,
    ],
    [
      'marking a conversation read (what the pointer passes)',
      CONVERSATIONS_SQL.unreadUpTo,
      { id: 1, after: 3, upTo: 50, me: 1 },
      /SEARCH messages USING INDEX messages_conversation \(conversation_id=\? AND id>\? AND id<\?\)/,
    ],
    [
      'chat contacts',
      CHAT_SQL.contacts,
      { id: 1 },
      // (019) One covering range of the members index: no index of conversations by user_hi.
      /^SEARCH conversation_members USING COVERING INDEX conversation_members_user \(user_id=\?\)$/,
    ],
    [
      'a replay',
      EVENTS_SQL.replay,
      { userId: 1, since: 10, limit: 100 },
      /events_recipient_a \(recipient_a=\? AND id>\?\)[^]*events_recipient_b \(recipient_b=\? AND id>\?\)[^]*events_broadcast \(id>\?\)[^]*events_conversation \(id>\?\)/,
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
    [
      'unread messages and notifications of many users at once (a reconnect storm, issue 15)',
      UNREAD_SQL.counts,
      { ids: '[1,2,3]' },
      /SEARCH cm USING INDEX conversation_members_user \(user_id=\?\)[^]*SEARCH m USING INDEX messages_conversation \(conversation_id=\? AND id>\?\)[^]*USING COVERING INDEX notifications_unread \(user_id=\?\)/,
    ],
    [
      'chat contacts of many users at once (a reconnect storm’s presence snapshots, issue 15)',
      CONTACTS_SQL.many,
      { ids: '[1,2,3]' },
      /SCAN j VIRTUAL TABLE[^]*SEARCH m USING COVERING INDEX conversation_members_user \(user_id=\?\)/,
    ],
  ])('%s', (_name, sql, params, expected) => {
    const p = plan(sql, params);
    expect(p).toMatch(expected);
    expect(p).not.toMatch(/USE TEMP B-TREE|SCAN (messages|events|notifications|comments)\b/);
  });
});
