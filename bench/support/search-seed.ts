import bcrypt from 'bcryptjs';
import { SEARCH_KINDS, type SearchKind } from '../../common/api';
import { toSearchQuery } from '../../server/services/search-query';
import { migrate } from '../../db/migrate';
import { closeDb, openDb } from '../../db/open-db';
import { mergeFtsIndexesNow } from '../../server/store/fts-merger';

/**
 * A forum for the search bench, written straight into SQLite (the FTS triggers of migration
 * 012 index every row as it goes in, as the server's own writes do): `users` people,
 * `posts` posts, `comments` comments and `messages` private messages between random pairs.
 * Text is drawn from a vocabulary of VOCABULARY made-up words with a skewed (Zipf-like)
 * frequency, so some words are in a good share of all rows and most are rare, as in real text.
 */
export const VOCABULARY = 5000;
/**
 * Changes whenever what the seed writes changes (the bench keeps seeded databases by it).
 * 2: version 1's rows, then the host's FTS5 maintenance run to its end (mergeSeededIndexes).
 */
export const SEED_VERSION = 2;
/** The version whose kept copy becomes this one by mergeSeededIndexes alone (same rows). */
export const UNMERGED_SEED_VERSION = 1;
const SYLLABLES = 'ka lo mi ne ru sa to vi be da fe go hu ji ly mo pa qi re su'.split(' ');

export function word(i: number): string {
  let s = '';
  let n = i + 20;
  while (n > 0) {
    s += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return s;
}

/** A deterministic generator in [0, 1). */
export function rng(seed: number): () => number {
  let x = Math.imul(seed + 1, 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** A word index, skewed to the front: the 50 commonest words are about a fifth of all text. */
export const skewedIndex = (r: () => number): number => Math.floor(VOCABULARY * r() ** 3);

export type QueryClass = 'one word' | 'two words' | 'prefix';

/**
 * A query as people type them, with the text's own skew (common words are searched more):
 * 60 % one whole word, 20 % two words, 20 % a 3–5 letter prefix (every last word is also
 * matched as a prefix by the server, so "one word" is a prefix search too).
 */
export function drawSearchQuery(r: () => number): { q: string; cls: QueryClass } {
  const roll = r();
  const w = word(skewedIndex(r));
  if (roll < 0.6) return { q: w, cls: 'one word' };
  if (roll < 0.8) return { q: `${w} ${word(skewedIndex(r))}`, cls: 'two words' };
  return { q: w.slice(0, 3 + Math.floor(r() * 3)), cls: 'prefix' };
}

export const searchQueryOf = (r: () => number): string => drawSearchQuery(r).q;

/**
 * The kinds a search thread searches for query `q`, as the event loop's cache leaves them
 * (server/search/search-cache.ts, never full): messages every time (they depend on who
 * searches), posts, comments and people only the first time its FTS5 query comes (`seen`
 * holds the queries so far, and takes this one).
 */
export function threadKinds(seen: Set<string>, q: string): readonly SearchKind[] {
  const match = toSearchQuery(q)?.match ?? '';
  const kinds = seen.has(match) ? (['messages'] as const) : SEARCH_KINDS;
  seen.add(match);
  return kinds;
}

const sentence = (r: () => number, words: number): string =>
  Array.from({ length: words }, () => word(skewedIndex(r))).join(' ');

/** The searchers' nicknames (password SEARCH_PASSWORD). */
export const searchersOf = (users: number): string[] =>
  Array.from({ length: Math.min(users, 50) }, (_, i) => `user${i + 1}`);

export interface SearchSeed {
  /** The searchers' nicknames (password SEARCH_PASSWORD). */
  searchers: string[];
  ms: number;
}
export const SEARCH_PASSWORD = 'bench password';

export function seedSearchForum(
  dbPath: string,
  n: { users: number; posts: number; comments: number; messages: number },
  log: (s: string) => void,
): SearchSeed {
  const started = performance.now();
  const db = openDb(dbPath);
  migrate(db);
  db.pragma('synchronous = OFF');
  const hash = bcrypt.hashSync(SEARCH_PASSWORD, 4);
  const at = new Date().toISOString();
  const r = rng(7);
  const user = db.prepare(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, ?, ?, 30, 'other', ?)`,
  );
  const post = db.prepare(
    'INSERT INTO posts (author_id, title, body, created_at) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const category = db.prepare('INSERT INTO post_categories (post_id, category_id) VALUES (?, 1)');
  const comment = db.prepare(
    'INSERT INTO comments (post_id, author_id, body, created_at) VALUES (?, ?, ?, ?)',
  );
  const message = db.prepare(
    `INSERT INTO messages (conversation_id, sender_id, recipient_id, body, client_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // Every private message belongs to its pair's direct conversation (two members).
  const conversation = db.prepare<[number, number, string], { id: number }>(
    `INSERT INTO conversations (kind, user_lo, user_hi, created_at) VALUES ('direct', ?, ?, ?)
     RETURNING id`,
  );
  // peer_id: the other person (db migration 019), as the server writes it.
  const member = db.prepare(
    'INSERT INTO conversation_members (conversation_id, user_id, joined_at, peer_id) VALUES (?, ?, ?, ?)',
  );
  const conversations = new Map<string, number>();
  const conversationOf = (a: number, b: number): number => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const key = `${lo}:${hi}`;
    let id = conversations.get(key);
    if (id === undefined) {
      id = conversation.get(lo, hi, at)!.id;
      member.run(id, lo, at, hi);
      member.run(id, hi, at, lo);
      conversations.set(key, id);
    }
    return id;
  };
  const pick = () => 1 + Math.floor(r() * n.users);
  const inBatches = (total: number, what: string, row: (i: number) => void) => {
    const t0 = performance.now();
    for (let from = 0; from < total; from += 50_000) {
      db.transaction(() => {
        for (let i = from; i < Math.min(total, from + 50_000); i++) row(i);
      })();
    }
    log(
      `  ${total.toLocaleString('en-US')} ${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  };
  inBatches(n.users, 'people', (i) =>
    user.run(`user${i + 1}`, `user${i + 1}@example.com`, hash, word(i), word(i + 1000), at),
  );
  inBatches(n.posts, 'posts', (i) => {
    const { id } = post.get(pick(), sentence(r, 4 + (i % 6)), sentence(r, 30 + (i % 60)), at) as {
      id: number;
    };
    category.run(id);
  });
  inBatches(n.comments, 'comments', () =>
    comment.run(1 + Math.floor(r() * n.posts), pick(), sentence(r, 8 + Math.floor(r() * 30)), at),
  );
  inBatches(n.messages, 'messages', (i) => {
    const from = pick();
    let to = pick();
    if (to === from) to = (to % n.users) + 1;
    message.run(
      conversationOf(from, to),
      from,
      to,
      sentence(r, 3 + Math.floor(r() * 15)),
      `b${i}`,
      at,
    );
  });
  db.pragma('synchronous = NORMAL');
  db.exec('PRAGMA optimize');
  closeDb(db);
  mergeSeededIndexes(dbPath, log);
  return {
    searchers: searchersOf(n.users),
    ms: performance.now() - started,
  };
}

/**
 * The steady state of a long-running host: its idle maintenance (server/store/
 * fts-maintenance.ts) merges the FTS5 indexes that seeding left in 10–17 segments each. The
 * same code (`mergeFtsIndexesNow`: the same steps, run to the end at once).
 */
export function mergeSeededIndexes(dbPath: string, log: (s: string) => void): void {
  const db = openDb(dbPath);
  const merged = mergeFtsIndexesNow(db);
  closeDb(db);
  log(
    `  search indexes merged in ${(merged.ms / 1000).toFixed(1)} s (${merged.steps} steps, ` +
      `the longest ${merged.longestStepMs.toFixed(0)} ms)`,
  );
}
