import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { NOTIFICATIONS_SQL } from './notifications.store';

const plan = queryPlanner();

// (issue 13) Both run often (every `unread` reload, every chat.read): they read only the
// user's UNREAD notifications (the partial index), never the whole table or the messages.
describe('notification read-state queries use indexes', () => {
  it('the bell’s unread rows: the unread index, grouped in a small temp b-tree', () => {
    const p = plan(NOTIFICATIONS_SQL.unreadGroupCount, { userId: 1 });
    expect(p).toMatch(/SEARCH n USING INDEX notifications_unread \(user_id=\?\)/);
    expect(p).not.toMatch(/SCAN (notifications|n)\b/);
  });

  it('reading a conversation’s mentions: the unread index, messages by primary key', () => {
    const p = plan(NOTIFICATIONS_SQL.readConversationMentions, {
      userId: 1,
      conversationId: 2,
      upTo: 50,
    });
    expect(p).toMatch(/notifications USING INDEX notifications_unread \(user_id=\?\)/);
    expect(p).not.toMatch(/SCAN (notifications|messages)\b/);
  });
});
