import type { Migration } from '../migrate';

/**
 * Search (issue 12): one FTS5 index per kind of thing a person looks for: posts (title and
 * body), comments, chat messages and people (nickname and names). Each is an external-content
 * table over its own rows (the text is stored once, in the row), tokenized with unicode61
 * folding diacritics (so "cafe" finds "café"), with prefix indexes for 2 and 3 characters
 * (typing "ca" finds "café" without scanning the vocabulary).
 *
 * Triggers keep each index in step inside the transaction of the write itself: every path
 * that creates, edits, deletes (a delete empties the text), restores or purges an item goes
 * through these statements, whichever service runs them. Only the text columns fire them (a
 * read mark or a comment count does not). A deleted item's text is empty, so it has no
 * tokens; searches also skip deleted rows. Builds the indexes from the rows already there.
 *
 * Messages also index their conversation (`people`: "c<conversation id>", through the view
 * `messages_search`; since rooms (010) a message belongs to a conversation, and who reads it
 * is that conversation's members). server/store/message-access.store.ts is the one place that
 * checks the searcher is a member.
 * Touches only its own tables, view and triggers. Immutable once released.
 */
interface Index {
  name: string;
  /** The table whose writes fire the triggers. */
  table: string;
  /** What FTS5 reads the text from (the table, or a view over it). */
  content: string;
  cols: readonly string[];
  /** Each column's value from a row of `table` (`$` stands for old or new). */
  values: readonly string[];
  /** The columns whose update changes the text. */
  ofCols: readonly string[];
}

const index = ({ name, table, content, cols, values, ofCols }: Index): string => {
  const list = cols.join(', ');
  const of = (row: string) => values.map((v) => v.replaceAll('$', row)).join(', ');
  return `
CREATE VIRTUAL TABLE ${name} USING fts5(
  ${list}, content='${content}', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO ${name} (${name}) VALUES ('rebuild');
CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} BEGIN
  INSERT INTO ${name} (rowid, ${list}) VALUES (new.id, ${of('new')});
END;
CREATE TRIGGER ${name}_update AFTER UPDATE OF ${ofCols.join(', ')} ON ${table} BEGIN
  INSERT INTO ${name} (${name}, rowid, ${list}) VALUES ('delete', old.id, ${of('old')});
  INSERT INTO ${name} (rowid, ${list}) VALUES (new.id, ${of('new')});
END;
CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} BEGIN
  INSERT INTO ${name} (${name}, rowid, ${list}) VALUES ('delete', old.id, ${of('old')});
END;
`;
};

const plain = (name: string, table: string, cols: readonly string[]): string =>
  index({ name, table, content: table, cols, values: cols.map((c) => `$.${c}`), ofCols: cols });

/** Where a message is, as an index token: its conversation (whose members read it). */
const MESSAGE_PEOPLE = `'c' || $.conversation_id`;

export const SEARCH_SQL =
  plain('posts_fts', 'posts', ['title', 'body']) +
  plain('comments_fts', 'comments', ['body']) +
  `
CREATE VIEW messages_search AS
  SELECT id, body, ${MESSAGE_PEOPLE.replaceAll('$.', '')} AS people FROM messages;
` +
  index({
    name: 'messages_fts',
    table: 'messages',
    content: 'messages_search',
    cols: ['body', 'people'],
    values: ['$.body', MESSAGE_PEOPLE],
    ofCols: ['body'],
  }) +
  plain('users_fts', 'users', ['nickname', 'first_name', 'last_name']);

export const m012Search: Migration = {
  version: 12,
  name: 'search indexes',
  up: SEARCH_SQL,
};
