/**
 * (issue 12) The FTS5 indexes' idle maintenance on a real file: an index written one row per
 * transaction has many segments; maintenance merges each into one (or a few), in bounded
 * steps, without changing a single search answer; a write between two steps is kept and
 * found; stop() half-way leaves a sound index that the next start finishes.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { tempDir } from '../../db/test-helpers';
import { createLogger, type LogRecord } from '../logging/logger';
import { SearchService, type SearchRequest } from '../services/search.service';
import { startFtsMaintenance, type FtsMaintenance } from './fts-maintenance';
import { mergeFtsIndexesNow } from './fts-merger';
import { ftsStructureReader, ftsTables } from './fts-structure';
import { createMessageSearch } from './message-search.store';
import { createSearchStore } from './search.store';

const tmp = tempDir();
const log = createLogger('db', { level: 'silent' });
const AT = '2026-12-01T10:00:00.000Z';
const WORDS = 'amber birch cedar delta ember fjord grove heron iris juniper kestrel larch'
  .split(' ')
  .concat(Array.from({ length: 400 }, (_, i) => `w${(i * 7919).toString(36)}`));
let db: Db;
let file = 0;
let maintenance: FtsMaintenance | null = null;

let seed = 1;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
// Skewed, as text is: a few words in most rows, most in few.
const text = (n: number): string =>
  Array.from({ length: n }, () => WORDS[Math.min(rand(WORDS.length), rand(WORDS.length))]).join(
    ' ',
  );

/**
 * Transactions of many sizes, down to one row (as the host writes them): FTS5 gets a
 * segment for each, and its automerge leaves them on several levels.
 */
const SIZES = [60, 40, 60, 30, 20, 10, 40, 5, 1, 1, 1, 1, 1, 1];
function inTransactions(sizes: number[], row: () => void): void {
  for (const size of sizes) db.transaction(() => Array.from({ length: size }, row))();
}
function fill(): void {
  seed = 1;
  db.pragma('synchronous = OFF');
  const user = db.prepare(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, 'x', ?, ?, 30, 'other', ?)`,
  );
  let u = 0;
  inTransactions([4, 2, 1, 1, 1, 1, 1, 1], () =>
    user.run(`${WORDS[u]}_${u}`, `p${u}@x.org`, WORDS[++u], 'Oak', AT),
  );
  const post = db.prepare(
    'INSERT INTO posts (author_id, title, body, created_at) VALUES (?, ?, ?, ?)',
  );
  inTransactions(SIZES, () => post.run(1 + rand(12), text(4), text(180), AT));
  const comment = db.prepare(
    'INSERT INTO comments (post_id, author_id, body, created_at) VALUES (?, ?, ?, ?)',
  );
  inTransactions(SIZES, () => comment.run(1 + rand(260), 1 + rand(12), text(12), AT));
  const conversation = db
    .prepare<[], number>(
      `INSERT INTO conversations (kind, user_lo, user_hi, created_at)
       VALUES ('direct', 1, 2, '${AT}') RETURNING id`,
    )
    .pluck()
    .get()!;
  const member = db.prepare(
    'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
  );
  member.run(conversation, 1, AT);
  member.run(conversation, 2, AT);
  const message = db.prepare(
    `INSERT INTO messages (conversation_id, sender_id, recipient_id, body, client_id, created_at)
     VALUES (?, 1, 2, ?, ?, ?)`,
  );
  let m = 0;
  inTransactions(SIZES, () => message.run(conversation, text(8), `m${++m}`, AT));
  db.pragma('synchronous = FULL');
}

const segments = (table: string): number => ftsStructureReader(db, table)()?.segments ?? -1;
const allSegments = (): Record<string, number> =>
  Object.fromEntries(ftsTables(db).map((t) => [t, segments(t)]));
const merging = (table: string): boolean => ftsStructureReader(db, table)()?.merging ?? false;

/** Words of the stored text, whole, as prefixes and in pairs; each kind, and a later page. */
function queries(): SearchRequest[] {
  const words = ['posts', 'comments', 'messages'].flatMap((table) =>
    db
      .prepare<[], string>(`SELECT body FROM ${table} WHERE id IN (3, 77)`)
      .pluck()
      .all()
      .flatMap((body) => body.split(' ').slice(0, 3)),
  );
  const qs = [...words, ...words.map((w) => w.slice(0, 3)), `${words[0]} ${words[4]}`, 'amber'];
  return [
    ...qs.flatMap((q) => [
      { q },
      { q, kind: 'posts' as const },
      { q, kind: 'comments' as const },
      { q, kind: 'messages' as const },
    ]),
    { q: words[1]!.slice(0, 2), kind: 'posts', before: 200 },
    { q: words[2]!, kind: 'messages', before: 150 },
  ];
}
/** Every query's answer for user 1 (who can read the conversation), as JSON. */
function answers(): string[] {
  const service = new SearchService(createSearchStore(db), { search: createMessageSearch(db) });
  return queries().map((req) => JSON.stringify(service.run(1, req)));
}
function sound(): void {
  for (const t of ftsTables(db)) {
    expect(() =>
      db.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('integrity-check', 1)`).run(),
    ).not.toThrow();
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  db = openDb(tmp.file(`fts${++file}.db`));
  migrate(db);
  fill();
});
afterEach(() => {
  maintenance?.stop();
  maintenance = null;
  vi.useRealTimers();
  db.close();
});
afterAll(() => tmp.remove());

/** Runs timers `byMs` at a time until `done`, at most `limitMs` of (fake) time. */
function advanceUntil(done: () => boolean, limitMs = 20_000, byMs = 1): void {
  for (let t = 0; t < limitMs && !done(); t += byMs) vi.advanceTimersByTime(byMs);
}

describe('FTS5 index maintenance', () => {
  it('reads the same segments from the structure record as the index holds', () => {
    for (const t of ftsTables(db)) {
      const distinct = db
        .prepare<[], number>(`SELECT count(DISTINCT segid) FROM ${t}_idx`)
        .pluck()
        .get();
      expect(segments(t), t).toBe(distinct);
    }
    expect(ftsTables(db)).toEqual(['comments_fts', 'messages_fts', 'posts_fts', 'users_fts']);
  });

  it('merges every index to one segment when idle, every answer the same', () => {
    const before = allSegments();
    for (const [t, n] of Object.entries(before)) expect(n, t).toBeGreaterThanOrEqual(4);
    const expected = answers();
    expect(expected.filter((a) => a.includes('"id"')).length).toBeGreaterThan(60);
    maintenance = startFtsMaintenance(db, { log });
    // Nothing before the first run (5 s), then 50 ms without a write.
    vi.advanceTimersByTime(5049);
    expect(allSegments()).toEqual(before);
    advanceUntil(() => Object.values(allSegments()).every((n) => n === 1), 20_000, 20);
    expect(allSegments()).toEqual({ comments_fts: 1, messages_fts: 1, posts_fts: 1, users_fts: 1 });
    expect(answers()).toEqual(expected);
    sound();
  });

  it('merges the posts index in several bounded steps, not in one', () => {
    let steps = 0;
    const run = db.prepare('SELECT total_changes()').pluck();
    let last = run.get();
    maintenance = startFtsMaintenance(db, { log });
    advanceUntil(() => {
      const now = run.get();
      if (now !== last && merging('posts_fts')) steps++;
      last = now;
      return segments('posts_fts') === 1;
    });
    expect(segments('posts_fts')).toBe(1);
    expect(steps).toBeGreaterThanOrEqual(3);
  });

  it('keeps a write made between two steps, and search finds it', () => {
    maintenance = startFtsMaintenance(db, { log });
    advanceUntil(() => merging('posts_fts'));
    expect(merging('posts_fts')).toBe(true);
    const id = db
      .prepare<[], number>(
        `INSERT INTO posts (author_id, title, body, created_at)
         VALUES (3, 'zephyr', 'zephyrine amber', '${AT}') RETURNING id`,
      )
      .pluck()
      .get()!;
    advanceUntil(() => !merging('posts_fts') && segments('posts_fts') <= 2, 120_000, 20);
    expect(segments('posts_fts')).toBeLessThanOrEqual(2);
    const service = new SearchService(createSearchStore(db), { search: createMessageSearch(db) });
    expect(
      service.group(1, 'posts', { q: 'zephyrine', kind: 'posts' }).items.map((i) => i.id),
    ).toEqual([id]);
    expect(
      service.group(1, 'posts', { q: 'zephyr', kind: 'posts' }).items.map((i) => i.id),
    ).toEqual([id]);
    sound();
  });

  it('stops cleanly half-way; the next start finishes the merge', () => {
    const expected = answers();
    maintenance = startFtsMaintenance(db, { log });
    advanceUntil(() => merging('posts_fts'));
    maintenance.stop();
    const changes = db.prepare('SELECT total_changes()').pluck();
    const at = changes.get();
    vi.advanceTimersByTime(600_000);
    expect(changes.get()).toBe(at);
    expect(merging('posts_fts')).toBe(true);
    expect(answers()).toEqual(expected);
    sound();
    const done = mergeFtsIndexesNow(db);
    expect(done.steps).toBeGreaterThan(0);
    expect(Object.values(allSegments())).toEqual([1, 1, 1, 1]);
    expect(answers()).toEqual(expected);
  });

  it('after writes accumulate, merges the small segments with each other, not into the large one', () => {
    mergeFtsIndexesNow(db);
    const largest = (): string =>
      JSON.stringify(
        ftsStructureReader(db, 'posts_fts')()!
          .levels.flatMap((l) => l.segments)
          .sort((a, b) => b.pages - a.pages)[0],
      );
    const large = largest();
    const post = db.prepare(
      `INSERT INTO posts (author_id, title, body, created_at) VALUES (2, ?, 'fresh', '${AT}')`,
    );
    for (let i = 0; i < 6; i++) post.run(`fresh ${i}`);
    expect(segments('posts_fts')).toBe(7);
    maintenance = startFtsMaintenance(db, { log });
    advanceUntil(() => segments('posts_fts') <= 2, 20_000, 20);
    expect(segments('posts_fts')).toBe(2);
    // The same large segment (id and pages): only the small ones were merged.
    expect(largest()).toBe(large);
    expect(
      new SearchService(createSearchStore(db), { search: createMessageSearch(db) }).group(
        1,
        'posts',
        { q: 'fresh', kind: 'posts' },
      ).items,
    ).toHaveLength(6);
  });

  it('on a busy host, merges between writes (a comment every 100 ms)', () => {
    mergeFtsIndexesNow(db);
    const comment = db.prepare(
      `INSERT INTO comments (post_id, author_id, body, created_at) VALUES (1, 2, ?, '${AT}')`,
    );
    const write = (ms: number) => {
      let most = 0;
      for (let t = 0; t < ms; t += 100) {
        comment.run(`busy ${t}`);
        most = Math.max(most, segments('comments_fts'));
        vi.advanceTimersByTime(100);
      }
      return most;
    };
    // Without maintenance FTS5 keeps every one-row segment for a while.
    expect(write(2000)).toBeGreaterThanOrEqual(10);
    maintenance = startFtsMaintenance(db, { log });
    write(30_000);
    expect(segments('comments_fts')).toBeLessThanOrEqual(4);
    expect(
      new SearchService(createSearchStore(db), { search: createMessageSearch(db) }).group(
        1,
        'comments',
        { q: 'busy', kind: 'comments' },
      ).items,
    ).toHaveLength(20);
  });

  it('waits out another program’s write lock with a warning, then merges', () => {
    const records: LogRecord[] = [];
    const warnings = createLogger('db', { level: 'warn', sink: (r) => records.push(r) });
    const other = openDb(db.name, { busyTimeoutMs: 0 });
    try {
      other.exec('BEGIN IMMEDIATE');
      const before = allSegments();
      maintenance = startFtsMaintenance(db, { log: warnings });
      vi.advanceTimersByTime(5100);
      expect(records.map((r) => r.message)).toEqual([
        'search index maintenance postponed: the database is locked',
      ]);
      expect(allSegments()).toEqual(before);
      other.exec('ROLLBACK');
      vi.advanceTimersByTime(60_000);
      advanceUntil(() => Object.values(allSegments()).every((n) => n === 1), 20_000, 20);
      expect(Object.values(allSegments())).toEqual([1, 1, 1, 1]);
      expect(records).toHaveLength(1);
    } finally {
      other.close();
    }
  });
});
