import type { Migration } from '../migrate';

/**
 * A private conversation's events found through the conversation (issue 15). Since 002 an
 * event for two people (a private message, its edit, deletion, reactions) was found for
 * each of them through a per-user index (`events_recipient_a`, `events_recipient_b`): two
 * random leaves written per private message, on the durable chat commit's path. Now such a
 * row also names its direct conversation (`conversation_id`) and is found through
 * `events_direct (conversation_id, id)`, one leaf per message: a replay asks it for each
 * conversation the user is a member of (`conversation_members_user`; a direct
 * conversation's two members never change). The recipients stay on the row (who it is
 * for). Rows are told apart by their columns, so no index holds a row another also holds:
 *
 * - `recipient_a` set, `conversation_id` NULL: one user's event (a notification, …):
 *   `events_recipient_a`; `recipient_b` set, `conversation_id` NULL: none are written any
 *   more (kept, with its index, for a pair whose conversation is missing, none in practice);
 * - `recipient_a` set and `conversation_id` set: a private conversation's: `events_direct`;
 * - `recipient_a` NULL and `conversation_id` set: a group's or room's (spans decide):
 *   `events_conversation`;
 * - both NULL: every user's: `events_broadcast` (unchanged).
 *
 * Keeps every row; gives each two-person row its conversation (its pair's direct
 * conversation). Immutable once released.
 */
export const DIRECT_EVENTS_SQL = `
UPDATE events SET conversation_id = (
  SELECT c.id FROM conversations c
  WHERE c.kind = 'direct' AND c.user_lo = min(events.recipient_a, events.recipient_b)
    AND c.user_hi = max(events.recipient_a, events.recipient_b))
WHERE recipient_b IS NOT NULL AND conversation_id IS NULL;
DROP INDEX events_recipient_a;
DROP INDEX events_recipient_b;
DROP INDEX events_conversation;
CREATE INDEX events_recipient_a ON events (recipient_a, id)
  WHERE recipient_a IS NOT NULL AND conversation_id IS NULL;
CREATE INDEX events_recipient_b ON events (recipient_b, id)
  WHERE recipient_b IS NOT NULL AND conversation_id IS NULL;
CREATE INDEX events_direct ON events (conversation_id, id)
  WHERE conversation_id IS NOT NULL AND recipient_a IS NOT NULL;
CREATE INDEX events_conversation ON events (id, conversation_id)
  WHERE conversation_id IS NOT NULL AND recipient_a IS NULL;
`;

export const m019DirectEvents: Migration = {
  version: 19,
  name: 'direct-events',
  up: DIRECT_EVENTS_SQL,
};
