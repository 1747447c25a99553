import { describe, expect, it } from 'vitest';
import { queryPlanner } from '../test/query-plan';
import { MESSAGE_SEARCH_SQL } from './message-access.store';
import { MESSAGE_CANDIDATES_SQL, MESSAGE_HIT_SQL } from './message-search.store';
import { POSTS_SQL } from './posts.store';
import { oneRow, plainText, SEARCH_SQL } from './search.store';

const plan = queryPlanner();
const page = { match: '"x"*', readable: '"x"*', before: 100, limit: 6, userId: 1, id: 5 };

// Search walks each FTS5 index newest first (FTS5 delivers rowids in order, so no sort) and
// reaches each hit's row by its primary key; the feed's filters walk their own index.
describe('search and feed-filter queries use indexes', () => {
  it.each([
    ['posts', SEARCH_SQL.posts, 'posts'],
    ['comments', SEARCH_SQL.comments, 'comments'],
    ['messages', MESSAGE_SEARCH_SQL, 'messages'],
    ['posts, candidates', plainText(SEARCH_SQL.posts, 'posts_fts', ['p.title', 'p.body']), 'posts'],
    [
      'comments, candidates',
      plainText(SEARCH_SQL.comments, 'comments_fts', ['c.body']),
      'comments',
    ],
    ['messages, candidates', MESSAGE_CANDIDATES_SQL, 'messages'],
  ])('%s: the FTS index, then rows by primary key, no sort', (_, sql, table) => {
    const p = plan(sql, page);
    expect(p).toMatch(new RegExp(`SCAN ${table}_fts VIRTUAL TABLE INDEX`));
    expect(p).toMatch(new RegExp(`SEARCH (${table.charAt(0)}|${table}) USING INTEGER PRIMARY KEY`));
    expect(p).not.toMatch(/TEMP B-TREE|SCAN (posts|comments|messages|users)\b/);
  });

  it('a kept message’s hit and a row’s FTS5 marks: by primary key and rowid, nothing walked', () => {
    const hit = plan(MESSAGE_HIT_SQL, page);
    expect(hit).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(hit).not.toMatch(/SCAN/);
    for (const fts of ['posts_fts', 'comments_fts', 'messages_fts']) {
      const one = plan(oneRow(fts, `highlight(${fts}, 0, '[', ']')`), page);
      // FTS5's plan "=M…": the rowid looked up, then the query tested on that row alone.
      expect(one).toMatch(new RegExp(`SCAN ${fts} VIRTUAL TABLE INDEX \\d+:=M`));
      expect(one).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('people: the FTS index only', () => {
    const p = plan(SEARCH_SQL.people, page);
    expect(p).toMatch(/SCAN users_fts VIRTUAL TABLE INDEX/);
    expect(p).not.toMatch(/SCAN users\b/);
  });

  it('My posts walks posts_author; Posts I liked walks the reader’s reactions', () => {
    const params = { userId: 1, categoryId: null, before: 100, limit: 21 };
    const mine = plan(POSTS_SQL.pageMine, params);
    expect(mine).toMatch(/SEARCH p USING INDEX posts_author \(author_id=\? AND id<\?\)/);
    expect(mine).not.toMatch(/SCAN p\b/);
    const liked = plan(POSTS_SQL.pageLiked, { ...params, mine: 0 });
    expect(liked).toMatch(/SEARCH r USING COVERING INDEX reactions_user/);
    expect(liked).not.toMatch(/SCAN (p|r)\b/);
  });
});

describe('plainText', () => {
  it('names the whole text body, and refuses a statement with a marked column left', () => {
    expect(plainText(SEARCH_SQL.comments, 'comments_fts', ['c.body'])).toMatch(/c\.body AS body/);
    // Posts mark two columns: naming only the title leaves the body's snippet() in place.
    expect(() => plainText(SEARCH_SQL.posts, 'posts_fts', ['p.title'])).toThrow(
      'plainText: a marked column of posts_fts is left',
    );
  });
});
