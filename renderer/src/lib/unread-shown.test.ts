import { describe, expect, it } from 'vitest';
import { shownUnread, shownUnreadTotal } from './unread-shown';

const entries = [
  { id: 1, unread: 2 },
  { id: 2, unread: 1 },
  { id: 3, unread: 0 },
];

describe('shownUnread', () => {
  it('shows the server’s counts when no conversation is open', () => {
    expect(entries.map((e) => shownUnread(e, null, true))).toEqual([2, 1, 0]);
    expect(shownUnreadTotal(entries, null, true)).toBe(3);
  });

  it('hides the count of the conversation open on a visible page (its read mark is on the way)', () => {
    expect(shownUnread(entries[1]!, 2, true)).toBe(0);
    expect(shownUnread(entries[0]!, 2, true)).toBe(2);
    expect(shownUnreadTotal(entries, 2, true)).toBe(2);
  });

  it('shows it again while the page is hidden (nothing is being read)', () => {
    expect(shownUnread(entries[1]!, 2, false)).toBe(1);
    expect(shownUnreadTotal(entries, 2, false)).toBe(3);
  });
});
