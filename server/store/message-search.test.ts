/**
 * (issue 12) Message search by reader (db migration 018) and the narrowed prefix plan
 * (prefix-narrow.ts), on a real database: outsiders and removed members never see a message,
 * whichever plan runs; the narrowed plan gives exactly the exact plan's rows, order and
 * pages, prefix and accent-blind matching included; edits and deletes stay in step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { tempDir } from '../../db/test-helpers';
import { toSearchQuery } from '../services/search-query';
import { createFtsProbe } from './fts-probe';
import { wordCount } from './message-checked';
import {
  createMessageSearch,
  fewCandidates,
  MAX_SEARCH_CONVERSATIONS,
} from './message-search.store';
import { parseMarked } from './highlight';
import { createSearchStore } from './search.store';

const tmp = tempDir();
const AT = '2026-12-01T10:00:00.000Z';
let db: Db;
const ids = { ann: 1, bob: 2, cy: 3, dee: 4 };
let group = 0;
let room = 0;

// No word counts as common for these two (message-checked.ts), every word for the third.
const rare = () => ({ count: 0, of: 1 });
const exactPlan = () => createMessageSearch(db, { narrow: () => false, common: rare });
const narrowPlan = () => createMessageSearch(db, { narrow: () => true, common: rare });
const checkedPlan = () =>
  createMessageSearch(db, { narrow: () => false, common: () => ({ count: 1, of: 1 }) });

function conversation(kind: 'direct' | 'group' | 'room', members: number[]): number {
  const [lo, hi] = [...members].sort((a, b) => a - b);
  const id = db
    .prepare<[string, string | null, number | null, number | null, string], number>(
      `INSERT INTO conversations (kind, name, user_lo, user_hi, created_at) VALUES (?, ?, ?, ?, ?)
       RETURNING id`,
    )
    .pluck()
    .get(
      kind,
      kind === 'direct' ? null : `${kind} ${++named}`,
      kind === 'direct' ? lo! : null,
      kind === 'direct' ? hi! : null,
      AT,
    )!;
  for (const m of members) {
    db.prepare(
      'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
    ).run(id, m, AT);
  }
  return id;
}
let n = 0;
let named = 0;
function say(conversationId: number, from: number, body: string): number {
  return db
    .prepare<[number, number, string, string, string], number>(
      `INSERT INTO messages (conversation_id, sender_id, body, client_id, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(conversationId, from, body, `t${++n}`, AT)!;
}

function post(authorId: number, title: string, body: string): number {
  return db
    .prepare<[number, string, string, string], number>(
      'INSERT INTO posts (author_id, title, body, created_at) VALUES (?, ?, ?, ?) RETURNING id',
    )
    .pluck()
    .get(authorId, title, body, AT)!;
}
function comment(postId: number, authorId: number, body: string): void {
  db.prepare('INSERT INTO comments (post_id, author_id, body, created_at) VALUES (?, ?, ?, ?)').run(
    postId,
    authorId,
    body,
    AT,
  );
}

function find(
  plan: ReturnType<typeof createMessageSearch>,
  userId: number,
  q: string,
  limit = 50,
  before = Number.MAX_SAFE_INTEGER,
): number[] {
  const query = toSearchQuery(q)!;
  return plan(userId, { match: query.match, narrow: query.narrow, before, limit }).map((h) => h.id);
}

/** Every page of `plan` (1, 6 and 21 a page, four deep) is the exact plan's, for everyone. */
function expectExactPages(
  plan: ReturnType<typeof createMessageSearch>,
  queries: readonly string[],
): void {
  const exact = exactPlan();
  for (const q of queries) {
    const query = toSearchQuery(q)!;
    for (const user of [ids.ann, ids.bob, ids.cy, ids.dee]) {
      for (const limit of [1, 6, 21]) {
        let before = Number.MAX_SAFE_INTEGER;
        for (let page = 0; page < 4; page++) {
          const a = exact(user, { match: query.match, before, limit });
          expect(
            plan(user, { match: query.match, before, limit }),
            `${q} ${user} ${limit}`,
          ).toEqual(a);
          if (a.length === 0) break;
          before = a.at(-1)!.id;
        }
      }
    }
  }
}

beforeAll(() => {
  db = openDb(tmp.file('search.db'));
  migrate(db);
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, 'x', 'A', 'B', 30, 'other', ?)`,
  );
  for (const [name, id] of Object.entries(ids)) user.run(id, name, `${name}@example.com`, AT);
});
afterAll(() => {
  db.close();
  tmp.remove();
});

describe('message search by reader', () => {
  const sent: Record<string, number[]> = { ab: [], bc: [], group: [], room: [] };
  beforeAll(() => {
    const ab = conversation('direct', [ids.ann, ids.bob]);
    const bc = conversation('direct', [ids.bob, ids.cy]);
    group = conversation('group', [ids.ann, ids.bob, ids.cy]);
    room = conversation('room', [ids.ann, ids.cy]);
    // Many words starting "kal" that are not "kalo…", so the narrowed plan must sort them out.
    for (let i = 0; i < 40; i++) {
      sent.ab!.push(say(ab, ids.ann, i % 3 ? `kalimba kaloric ${i}` : `kalamata only ${i}`));
      sent.bc!.push(say(bc, ids.bob, `kaloric crème brûlée ${i}`));
      sent.group!.push(say(group, ids.cy, `Kalorie lemonade ${i}`));
      sent.room!.push(say(room, ids.ann, `kalos brûlée ${i}`));
    }
  });

  it('finds only what each person can read, by every plan alike', () => {
    for (const plan of [exactPlan(), narrowPlan(), checkedPlan()]) {
      // Outsider: nothing of anyone's.
      expect(find(plan, ids.dee, 'kalo')).toEqual([]);
      expect(find(plan, ids.dee, 'brûlée')).toEqual([]);
      // Bob: his two private conversations and the group, not the room.
      const bob = find(plan, ids.bob, 'kalo', 500);
      const readable = [
        ...sent.ab!.filter((_, i) => i % 3 !== 0),
        ...sent.bc!,
        ...sent.group!,
      ].sort((a, b) => b - a);
      expect(bob).toEqual(readable);
      // Ann: not bob and cy's private messages.
      expect(find(plan, ids.ann, 'brulee', 500)).toEqual([...sent.room!].reverse());
    }
  });

  it('gives the exact plan’s pages, prefix and accents included', () => {
    const exact = exactPlan();
    const narrowed = narrowPlan();
    for (const q of ['kalo', 'kalor', 'Kalorie', 'brûl', 'brul', 'creme brul', 'kalimba kalo']) {
      for (const user of [ids.ann, ids.bob, ids.cy]) {
        for (const limit of [1, 6, 21]) {
          let before = Number.MAX_SAFE_INTEGER;
          for (let page = 0; page < 4; page++) {
            const a = find(exact, user, q, limit, before);
            expect(find(narrowed, user, q, limit, before), `${q} ${user} ${limit}`).toEqual(a);
            if (a.length === 0) break;
            before = a.at(-1)!;
          }
        }
      }
    }
    // The narrowed snippet marks only words of the query.
    const hit = narrowed(ids.bob, { ...toSearchQuery('kalo')!, before: 1e15, limit: 1 })[0]!;
    const marked = hit.snippet.marks.map(([s, e]) => hit.snippet.text.slice(s, e));
    expect(marked.length).toBeGreaterThan(0);
    for (const w of marked) expect(w.toLowerCase().startsWith('kalo')).toBe(true);
  });

  it('checking common words on the rows gives the exact plan’s hits, snippets included', () => {
    const checked = checkedPlan();
    // A conversation of ASCII text, where the words are checked in JS, beside the accented
    // ones above, where the exact plan takes over.
    const long = conversation('direct', [ids.ann, ids.cy]);
    for (let i = 0; i < 30; i++) {
      say(
        long,
        ids.cy,
        `Kalo: note ${i}. ${'words around the match '.repeat(i % 5)}kaloric lemonade, kalo ${i % 7}`,
      );
    }
    const queries = [
      'kalo lemonade',
      'lemonade kalo',
      'kaloric creme',
      'creme brul',
      'kalos brulee',
    ];
    expectExactPages(checked, [...queries, 'kalimba kalo', 'only kalamata', 'kalo 3', 'note kal']);
  });

  it('a long prefix walked beside checked words is narrowed, with the exact plan’s hits', () => {
    const exact = exactPlan();
    // These words are common (checked on the rows); the last word's prefix is walked
    // through its 3-character index ("kal"*: kalimba, kalamata, kaloric…) and checked too.
    const common = ['lemonade', 'note', 'creme', 'kalimba', 'only', 'brulee'];
    const narrowedChecked = createMessageSearch(db, {
      narrow: () => true,
      common: (w) => ({ count: common.includes(w) ? 1 : 0, of: 1 }),
    });
    // Rows with a checked word and a "kal" word that is not the prefix: the check drops them.
    const mixed = conversation('direct', [ids.ann, ids.dee]);
    for (let i = 0; i < 20; i++) {
      say(mixed, ids.dee, i % 2 ? `lemonade kalimba ${i}` : `note kalamata lemonade ${i}`);
    }
    const queries = ['lemonade kalo', 'note kalor', 'creme kalor', 'kalimba kalor', 'only kala'];
    expectExactPages(narrowedChecked, [...queries, 'lemonade brul', 'brulee kalo', 'note 3 kalo']);
    expect(find(exact, ids.cy, 'lemonade kalo').length).toBeGreaterThan(20);
  });

  it('a rare word walked alone, every other word checked on its rows: the exact plan’s hits', () => {
    const exact = exactPlan();
    // "sorbet" counts as the rarest, and its rows as few: FTS5 walks it with the reader filter
    // and every other word, common or not, is checked on its rows (the probes decide that in
    // the server: fewCandidates).
    const asked = new Set<string>();
    const fewRows = createMessageSearch(db, {
      narrow: () => false,
      common: (w) => ({ count: w === 'sorbet' ? 0 : 5, of: 100 }),
      few: (userId, _shared, limit) => (rarest) => {
        asked.add(`${rarest.word} ${userId} ${limit}`);
        return true;
      },
    });
    const chat = conversation('group', [ids.bob, ids.cy]);
    for (let i = 0; i < 24; i++) {
      say(
        chat,
        i % 2 ? ids.bob : ids.cy,
        i % 3 ? `sorbet lemonade kalo ${i}` : `Sorbet: note kaloric ${i}, lemonade`,
      );
    }
    say(chat, ids.bob, 'sorbet crème brûlée, kalo');
    const queries = ['sorbet lemonade', 'lemonade sorbet', 'sorbet kalo', 'sorbet kalor'];
    expectExactPages(fewRows, [
      ...queries,
      'note sorbet kal',
      'sorbet creme',
      'sorbet 7',
      'kalo sorbet no',
    ]);
    expect(find(exact, ids.bob, 'sorbet kalo').length).toBeGreaterThan(10);
    expect(find(exact, ids.ann, 'sorbet kalo')).toEqual([]);
    // The search asked about the rarest word, for each searcher and page size.
    expect(asked).toContain(`sorbet ${ids.bob} 6`);
    expect(asked).toContain(`sorbet ${ids.dee} 21`);
    expect([...asked].every((a) => a.startsWith('sorbet '))).toBe(true);
  });

  it('the probes call a rare word’s rows few, and a word in most of the searcher’s not', () => {
    const words = createFtsProbe(db, 'messages_fts', 'messages', '{body} : ');
    const few = fewCandidates(db, words);
    const counted = wordCount(words);
    const chat = conversation('group', [ids.ann, ids.dee]);
    for (let i = 0; i < 120; i++) say(chat, ids.ann, `lollipop ${i}${i === 7 ? ' quince' : ''}`);
    const term = (word: string) => ({ word, prefix: false });
    // quince: one message; lollipop: 120 of the searcher's and the newest 120 of all.
    expect(few(ids.ann, [chat], 1)(term('quince'), counted('quince'))).toBe(true);
    expect(few(ids.ann, [chat], 1)(term('lollipop'), counted('lollipop'))).toBe(false);
    // Someone without a message: few, whatever the word.
    db.prepare(
      `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at)
       VALUES (5, 'eve', 'eve@example.com', 'x', 'E', 'V', 30, 'other', ?)`,
    ).run(AT);
    expect(few(5, [], 1)(term('lollipop'), counted('lollipop'))).toBe(true);
  });

  it('a member removed no longer finds the conversation’s messages', () => {
    db.prepare('DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?').run(
      room,
      ids.cy,
    );
    for (const plan of [exactPlan(), narrowPlan()]) {
      expect(find(plan, ids.cy, 'kalos')).toEqual([]);
      expect(find(plan, ids.ann, 'kalos', 5)).toEqual(sent.room!.slice(-5).reverse());
    }
    db.prepare(
      'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
    ).run(room, ids.cy, AT);
  });

  it('past MAX_SEARCH_CONVERSATIONS rooms, the join alone still decides', () => {
    const rooms = Array.from({ length: MAX_SEARCH_CONVERSATIONS + 1 }, () =>
      conversation('room', [ids.dee]),
    );
    const mine = say(rooms.at(-1)!, ids.dee, 'kalorimeter reading');
    for (const plan of [exactPlan(), narrowPlan()]) {
      expect(find(plan, ids.dee, 'kalo')).toEqual([mine]);
      expect(find(plan, ids.ann, 'kalorimeter')).toEqual([]);
    }
  });

  it('follows edits and deletes in the same transaction', () => {
    const id = say(group, ids.ann, 'marmalade tonight');
    for (const plan of [exactPlan(), narrowPlan()])
      expect(find(plan, ids.bob, 'marma')).toEqual([id]);
    db.prepare(`UPDATE messages SET body = 'chutney tonight' WHERE id = ?`).run(id);
    for (const plan of [exactPlan(), narrowPlan()]) {
      expect(find(plan, ids.bob, 'marmalade')).toEqual([]);
      expect(find(plan, ids.bob, 'chutn')).toEqual([id]);
    }
    db.prepare(`UPDATE messages SET body = '', deleted_at = ? WHERE id = ?`).run(AT, id);
    for (const plan of [exactPlan(), narrowPlan()])
      expect(find(plan, ids.bob, 'chutney')).toEqual([]);
    db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run();
  });
});

describe('posts and comments: the narrowed plan gives the exact plan’s pages', () => {
  it('by title or body, prefix and accents included', () => {
    for (let i = 0; i < 60; i++) {
      const title = i % 4 ? `Kalamata olives ${i}` : `Kalorie count ${i}`;
      const body = i % 5 ? `about the kalimba and crème ${i}` : `a kaloric brûlée ${i}`;
      const id = post(ids.ann, title, body);
      comment(id, ids.bob, i % 2 ? `kalos ${body}` : `kalamata ${i}`);
    }
    const exact = createSearchStore(db, () => false);
    const narrowed = createSearchStore(db, () => true);
    const run = (
      store: typeof exact,
      kind: 'posts' | 'comments',
      q: string,
      limit: number,
      before: number,
    ) => {
      const query = toSearchQuery(q)!;
      return store[kind]({ match: query.match, narrow: query.narrow, before, limit });
    };
    for (const kind of ['posts', 'comments'] as const) {
      for (const q of ['kalo', 'kalor', 'brûl', 'creme kalo', 'kalimba kalo']) {
        for (const limit of [1, 6, 21]) {
          let before = Number.MAX_SAFE_INTEGER;
          for (let page = 0; page < 4; page++) {
            const a = run(exact, kind, q, limit, before).map((h) => h.id);
            expect(
              run(narrowed, kind, q, limit, before).map((h) => h.id),
              `${kind} ${q}`,
            ).toEqual(a);
            if (a.length === 0) break;
            before = a.at(-1)!;
          }
        }
      }
    }
    const q = toSearchQuery('kalo')!;
    const [hit] = narrowed.posts({ match: q.match, narrow: q.narrow, before: 1e15, limit: 1 });
    expect(hit!.title.marks.map(([s, e]) => hit!.title.text.slice(s, e))).toEqual(['Kalorie']);
  });
});

describe('the narrowed plan’s snippets are FTS5’s own for ASCII text', () => {
  it('posts, comments and messages: the same hits, highlights and snippets as the exact plan', () => {
    const chat = conversation('direct', [ids.bob, ids.dee]);
    const filler = (i: number) => 'some words before the matches. '.repeat(i % 6);
    for (let i = 0; i < 40; i++) {
      const body = `${filler(i)}Kalorimeter notes: kalamata ${i}, then kalos and kaloric. ${filler(i + 3)}End`;
      const id = post(ids.ann, `Kaloric title ${i} of kalamata`, body);
      comment(id, ids.bob, `${filler(i + 1)}kalo ${body}`);
      say(chat, ids.dee, `${filler(i + 2)}kalo: ${body}`);
    }
    const exact = createSearchStore(db, () => false);
    const narrowed = createSearchStore(db, () => true);
    const messagesExact = exactPlan();
    const messagesNarrowed = narrowPlan();
    for (const q of ['kalor', 'kalamata kalor', 'notes kalo', 'kalos']) {
      const query = toSearchQuery(q)!;
      const page = { match: query.match, narrow: query.narrow, before: 1e15, limit: 21 };
      for (const kind of ['posts', 'comments'] as const) {
        const a = exact[kind](page);
        expect(a.length, `${kind} ${q}`).toBeGreaterThan(0);
        expect(narrowed[kind](page), `${kind} ${q}`).toEqual(a);
      }
      const a = messagesExact(ids.bob, page);
      expect(a.length, q).toBeGreaterThan(0);
      expect(messagesNarrowed(ids.bob, page), q).toEqual(a);
    }
  });
});

describe('message snippets are FTS5’s own, whichever plan and whatever the letters', () => {
  it('ASCII text marked in JS, accented text by FTS5 for its row alone', () => {
    const chat = conversation('direct', [ids.cy, ids.dee]);
    const filler = (i: number) => 'a few plain words first. '.repeat(i % 5);
    for (let i = 0; i < 30; i++) {
      const accent = i % 3 === 0 ? ' crème brûlée' : '';
      say(
        chat,
        i % 2 ? ids.cy : ids.dee,
        `${filler(i)}Zephyr notes ${i}:${accent} zephyrus and zephyrine. ${filler(i + 2)}end`,
      );
    }
    const sqliteSnippet = db
      .prepare<[string, number], string>(
        `SELECT snippet(messages_fts, 0, char(57344), char(57345), '…', 16) FROM messages_fts
         WHERE messages_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
      )
      .pluck();
    let [accented, plain] = [0, 0];
    for (const q of ['zephyr', 'zephyru', 'notes zephyr', 'creme zephyr', 'brûl']) {
      const query = toSearchQuery(q)!;
      const page = { match: query.match, narrow: query.narrow, before: 1e15, limit: 40 };
      for (const [name, plan] of [
        ['exact', exactPlan()],
        ['narrowed', narrowPlan()],
      ] as const) {
        const hits = plan(ids.cy, page);
        expect(hits.length, q).toBeGreaterThan(0);
        for (const h of hits) {
          if (/[^\x20-\x7e…]/.test(h.snippet.text)) accented++;
          else plain++;
          const marked = sqliteSnippet.get(`{body} : (${query.match})`, h.id)!;
          expect(h.snippet, `${name} ${q} #${h.id}`).toEqual(parseMarked(marked));
        }
      }
    }
    // Both kinds of text were met, cut to a window and not.
    expect(accented).toBeGreaterThan(10);
    expect(plain).toBeGreaterThan(10);
  });
});
