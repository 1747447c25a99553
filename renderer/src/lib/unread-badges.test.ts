import { describe, expect, it } from 'vitest';
import { appBadge, conversationsBadge, roomBadge, type RoomCounts } from './unread-badges';

const room = (over: Partial<RoomCounts>): RoomCounts => ({
  id: 1,
  unread: 5,
  mentionCount: 2,
  notify: 'mentions',
  muted: false,
  ...over,
});

describe('roomBadge: level × mute × open', () => {
  it.each([
    ['all: every unread message', room({ notify: 'all' }), null, 5],
    ['mentions only: the mentions', room({ notify: 'mentions' }), null, 2],
    ['mentions only, none of them mention me', room({ mentionCount: 0 }), null, 0],
    ['nothing', room({ notify: 'none' }), null, 0],
    ['muted at all', room({ notify: 'all', muted: true }), null, 0],
    ['muted at mentions', room({ muted: true }), null, 0],
    ['open on screen', room({ notify: 'all' }), 1, 0],
    ['another one open', room({ notify: 'all' }), 2, 5],
  ] as const)('%s', (_what, c, openId, expected) => {
    expect(roomBadge(c, openId)).toBe(expected);
  });
});

describe('the drawer badge and the app badge', () => {
  const rooms = [
    room({ id: 1, notify: 'all', unread: 4, mentionCount: 1 }), // a group: 4
    room({ id: 2, notify: 'mentions', unread: 30, mentionCount: 2 }), // a room: 2
    room({ id: 3, notify: 'all', unread: 9, mentionCount: 0, muted: true }), // muted: 0
    room({ id: 4, notify: 'none', unread: 7, mentionCount: 0 }), // nothing: 0
  ];
  it('the drawer toggle shows private messages plus what the sidebar rows show loudly', () => {
    expect(conversationsBadge(3, rooms, null)).toBe(3 + 4 + 2);
    expect(conversationsBadge(0, rooms, 1)).toBe(2);
    expect(conversationsBadge(0, [], null)).toBe(0);
  });
  it('the app badge adds the bell’s rows and counts each room mention once (it is a bell row)', () => {
    // Bell: 2 post rows + the 3 mention rows of rooms 1 and 2.
    expect(appBadge(5, 3, rooms, null)).toBe(5 + 3 + (4 - 1) + (2 - 2));
    expect(appBadge(0, 0, [], null)).toBe(0);
    expect(appBadge(1, 0, rooms, 1)).toBe(1);
  });
});
