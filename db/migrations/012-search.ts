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
 * Touches only its own tables and triggers. Immutable once released.
 */
const index = (
  name: string,
  table: string,
  cols: readonly string[],
  ofCols: readonly string[] = cols,
) => {
  const list = cols.join(', ');
  const oldVals = cols.map((c) => `old.${c}`).join(', ');
  const newVals = cols.map((c) => `new.${c}`).join(', ');
  return `
CREATE VIRTUAL TABLE ${name} USING fts5(
  ${list}, content='${table}', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO ${name} (${name}) VALUES ('rebuild');
CREATE TRIGGER ${name}_insert AFTER INSERT ON ${table} BEGIN
  INSERT INTO ${name} (rowid, ${list}) VALUES (new.id, ${newVals});
END;
CREATE TRIGGER ${name}_update AFTER UPDATE OF ${ofCols.join(', ')} ON ${table} BEGIN
  INSERT INTO ${name} (${name}, rowid, ${list}) VALUES ('delete', old.id, ${oldVals});
  INSERT INTO ${name} (rowid, ${list}) VALUES (new.id, ${newVals});
END;
CREATE TRIGGER ${name}_delete AFTER DELETE ON ${table} BEGIN
  INSERT INTO ${name} (${name}, rowid, ${list}) VALUES ('delete', old.id, ${oldVals});
END;
`;
};

export const SEARCH_SQL =
  index('posts_fts', 'posts', ['title', 'body']) +
  index('comments_fts', 'comments', ['body']) +
  index('messages_fts', 'messages', ['body']) +
  index('users_fts', 'users', ['nickname', 'first_name', 'last_name']);

export const m012Search: Migration = {
  version: 12,
  name: 'search indexes',
  up: SEARCH_SQL,
};
