import type { Migration } from '../migrate';

/**
 * A private conversation's other person on each member row (issue 15, seventh pass). Since
 * 010 a user's chat contacts (the presence of a reconnect storm's greetings, the chat
 * contacts) were two covering ranges: `conversations_direct (user_lo, user_hi)` and
 * `conversations_direct_hi (user_hi, user_lo)`, the second written only for that, a random
 * leaf for every new private conversation on the durable chat commit's path. Now each member
 * row of a private conversation names the other person (`peer_id`; NULL in groups and rooms)
 * and `conversation_members_user (user_id, conversation_id, peer_id)` answers the contacts
 * in one covering range; `conversations_direct_hi` goes. A direct conversation's two members
 * never change, so `peer_id` never does either.
 *
 * Keeps every row; fills `peer_id` from the conversations. Immutable once released.
 */
export const MEMBER_PEERS_SQL = `
ALTER TABLE conversation_members ADD COLUMN peer_id INTEGER;
UPDATE conversation_members SET peer_id = (
  SELECT CASE WHEN c.user_lo = conversation_members.user_id THEN c.user_hi ELSE c.user_lo END
  FROM conversations c WHERE c.id = conversation_members.conversation_id AND c.kind = 'direct');
DROP INDEX conversation_members_user;
CREATE INDEX conversation_members_user ON conversation_members (user_id, conversation_id, peer_id);
DROP INDEX conversations_direct_hi;
`;

export const m019MemberPeers: Migration = {
  version: 19,
  name: 'member-peers',
  up: MEMBER_PEERS_SQL,
};
