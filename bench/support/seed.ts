import bcrypt from 'bcryptjs';
import { migrate } from '../../db/migrate';
import { closeDb, openDb } from '../../db/open-db';

const WORDS =
  'hearth forum local network chat post comment music science movie match team song lab film vote art code table kettle window garden river city night morning coffee bread story idea question answer'.split(
    ' ',
  );

/** Deterministic filler text, so every run serves the same bytes. */
function text(seed: number, words: number): string {
  let x = Math.imul(seed + 1, 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    // xorshift32: cheap, deterministic, and it actually varies.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push(WORDS[x % WORDS.length] ?? 'word');
  }
  return out.join(' ');
}

export interface SeedResult {
  nickname: string;
  password: string;
  postCount: number;
  /** Large posts, ids 1..bigPostCount (older than every other post). */
  bigPostCount: number;
  ms: number;
}

export interface SeedOptions {
  /** Posts at the body limit (20,000 characters), written first, so they are the oldest. */
  bigPosts?: number;
  /** More accounts, `reader0`… with the same password (the feed case's distinct readers). */
  readers?: number;
}

/** Filler text of exactly `chars` characters, ending on a word. */
function textOfLength(seed: number, chars: number): string {
  let out = text(seed, Math.ceil(chars / 3));
  while (out.length < chars) out += ` ${text(seed + out.length, 50)}`;
  out = out.slice(0, chars);
  return out.endsWith(' ') ? `${out.slice(0, -1)}x` : out;
}

/**
 * Writes a database straight through SQLite (far faster than 100,000 HTTP calls): one user
 * with a real cost-10 password hash, `options.bigPosts` posts of 20,000 characters, then
 * `posts` posts of 40–120 words in 1–3 categories.
 */
export function seedForum(dbPath: string, posts: number, options: SeedOptions = {}): SeedResult {
  const bigPosts = options.bigPosts ?? 0;
  const started = performance.now();
  const db = openDb(dbPath);
  migrate(db);
  const password = 'bench password';
  const user = db
    .prepare(
      `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
       VALUES ('bench', 'bench@example.com', ?, 'Bench', 'Mark', 30, 'other', ?) RETURNING id`,
    )
    .get(bcrypt.hashSync(password, 10), new Date().toISOString()) as { id: number };
  const insertReader = db.prepare(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, 'Reader', 'Bench', 30, 'other', ?)`,
  );
  const readerHash = bcrypt.hashSync(password, 10);
  for (let i = 0; i < (options.readers ?? 0); i++) {
    insertReader.run(`reader${i}`, `reader${i}@example.com`, readerHash, new Date().toISOString());
  }
  const insertPost = db.prepare(
    'INSERT INTO posts (author_id, title, body, created_at) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const insertCategory = db.prepare(
    'INSERT INTO post_categories (post_id, category_id) VALUES (?, ?)',
  );
  const start = Date.now() - (bigPosts + posts) * 1000;
  db.transaction(() => {
    for (let i = 0; i < bigPosts; i++) {
      const { id } = insertPost.get(
        user.id,
        text(i, 8),
        textOfLength(i + 11, 20_000),
        new Date(start + i * 1000).toISOString(),
      ) as { id: number };
      insertCategory.run(id, 1 + (i % 8));
    }
    for (let i = 0; i < posts; i++) {
      const { id } = insertPost.get(
        user.id,
        text(i, 6 + (i % 6)),
        text(i + 7, 40 + (i % 81)),
        new Date(start + (bigPosts + i) * 1000).toISOString(),
      ) as { id: number };
      const first = 1 + (i % 8);
      insertCategory.run(id, first);
      if (i % 3 === 0) insertCategory.run(id, 1 + ((first + 2) % 8));
      if (i % 7 === 0) insertCategory.run(id, 1 + ((first + 4) % 8));
    }
  })();
  closeDb(db);
  return {
    nickname: 'bench',
    password,
    postCount: posts,
    bigPostCount: bigPosts,
    ms: performance.now() - started,
  };
}
