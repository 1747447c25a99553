import type { Migration } from '../migrate';

/**
 * Message search by reader (issue 12's figure: 1,000,000 messages, 20 searchers). 012 indexed
 * each message's conversation ("c<id>") and left the searcher to the join on their
 * membership, so a search walked every matching message of everyone, newest first, until it
 * had found a page of the searcher's own: with a thousand people, ~500 matches per hit.
 *
 * Now a private message indexes its two people ("u<lo> u<hi>": a direct conversation's
 * members never change) and a group or room message its conversation ("c<id>": members come
 * and go, so the search asks for the conversations the searcher is in now). The search asks
 * FTS5 for `{people}: (u<me> OR c<room> …)`, which walks only what the searcher can read;
 * the membership join stays and has the last word (store/message-access.store.ts).
 * The index is the same size and costs the same per message written (one more token for a
 * private message, read from its conversation by primary key).
 *
 * Replaces 012's view, index and triggers over messages (same names), rebuilt from the rows
 * and merged into one segment ('optimize': as 'rebuild' leaves it, each later commit pays
 * for merging its large segments, measured ~3× a chat message's write CPU), and indexes the
 * group and room conversations (`conversations_shared`: a searcher's few shared
 * conversations without walking their many private ones). Touches only those. Immutable
 * once released.
 */
const PEOPLE = (row: string): string =>
  `(SELECT CASE WHEN c.kind = 'direct' THEN 'u' || c.user_lo || ' u' || c.user_hi ELSE 'c' || c.id END
    FROM conversations c WHERE c.id = ${row}.conversation_id)`;

export const MESSAGE_SEARCH_READERS_SQL = `
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;
DROP TABLE messages_fts;
DROP VIEW messages_search;
CREATE VIEW messages_search AS
  SELECT m.id, m.body, ${PEOPLE('m')} AS people FROM messages m;
CREATE VIRTUAL TABLE messages_fts USING fts5(
  body, people, content='messages_search', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
INSERT INTO messages_fts (messages_fts) VALUES ('optimize');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, body, people) VALUES (new.id, new.body, ${PEOPLE('new')});
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body, people) VALUES ('delete', old.id, old.body, ${PEOPLE('old')});
  INSERT INTO messages_fts (rowid, body, people) VALUES (new.id, new.body, ${PEOPLE('new')});
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, body, people) VALUES ('delete', old.id, old.body, ${PEOPLE('old')});
END;
CREATE INDEX conversations_shared ON conversations (id) WHERE kind != 'direct';
`;

export const m018MessageSearchReaders: Migration = {
  version: 18,
  name: 'message search by reader',
  up: MESSAGE_SEARCH_READERS_SQL,
};
