/**
 * Migration 018 (message search by reader) on a forum in use: a version-17 database built by
 * the real migrations, with private, group and room messages (one edited, one deleted),
 * gets an index that knows each private message's two people and each other message's
 * conversation, sound by FTS5's own integrity check; every message row is kept; later
 * writes keep the index in step.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { tempDir } from '../db/test-helpers';
import { SHARED_CONVERSATIONS_SQL } from './store/message-search.store';

const tmp = tempDir();
afterAll(() => tmp.remove());

const AT = '2026-11-01T10:00:00.000Z';

function fillVersion17(db: Db): void {
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 17),
  );
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, 'x', 'A', 'B', 30, 'other', ?)`,
  );
  for (const [id, name] of [
    [11, 'ann'],
    [12, 'bob'],
    [13, 'cy'],
  ] as const) {
    user.run(id, name, `${name}@example.com`, AT);
  }
  db.prepare(
    `INSERT INTO conversations (id, kind, name, user_lo, user_hi, created_at) VALUES
       (100, 'direct', NULL, 11, 12, ?), (101, 'group', 'Bakers', NULL, NULL, ?),
       (102, 'room', 'Garden', NULL, NULL, ?)`,
  ).run(AT, AT, AT);
  db.prepare(
    `INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES
       (100, 11, ?), (100, 12, ?), (101, 11, ?), (101, 13, ?), (102, 12, ?), (102, 13, ?)`,
  ).run(AT, AT, AT, AT, AT, AT);
  const message = db.prepare(
    `INSERT INTO messages (id, conversation_id, sender_id, body, client_id, created_at, edited_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  message.run(1, 100, 11, 'Secret recipe: ginger', 'c1', AT, null, null);
  message.run(2, 101, 13, 'Sourdough at noon', 'c2', AT, AT, null);
  message.run(3, 102, 12, 'Tomatoes are ripe, ginger too', 'c3', AT, null, null);
  message.run(4, 100, 12, '', 'c4', AT, null, AT); // deleted: its text emptied
}

const ids = (db: Db, match: string): number[] =>
  (
    db
      .prepare(`SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid`)
      .all(match) as { id: number }[]
  ).map((r) => r.id);

const integrity = (db: Db): void => {
  db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run();
};

describe('migration 018 on a version-17 forum', () => {
  it('indexes readers, keeps every message, and stays in step afterwards', () => {
    const db = openDb(tmp.file('v17.db'));
    fillVersion17(db);
    const before = db.prepare('SELECT * FROM messages ORDER BY id').all();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare('SELECT * FROM messages ORDER BY id').all()).toEqual(before);
    integrity(db);

    // A private message by its two people; the others by their conversation.
    expect(ids(db, '{people}: u11')).toEqual([1, 4]);
    expect(ids(db, '{people}: u12')).toEqual([1, 4]);
    expect(ids(db, '{people}: u13')).toEqual([]);
    expect(ids(db, '{people}: c101')).toEqual([2]);
    expect(ids(db, '{people}: c102')).toEqual([3]);
    expect(ids(db, '{people}: c100')).toEqual([]);
    expect(ids(db, '{body}: "ginger" AND {people}: (u12 OR c102)')).toEqual([1, 3]);
    expect(ids(db, '{body}: "sourd"*')).toEqual([2]);
    expect(ids(db, '{body}: "tomates"')).toEqual([]);

    // Writes after the migration: the new triggers follow them.
    db.prepare(`UPDATE messages SET body = 'Secret recipe: cinnamon' WHERE id = 1`).run();
    expect(ids(db, '{body}: "ginger"')).toEqual([3]);
    expect(ids(db, '{body}: "cinnamon" AND {people}: u11')).toEqual([1]);
    db.prepare(
      `INSERT INTO messages (id, conversation_id, sender_id, body, client_id, created_at)
       VALUES (5, 102, 13, 'Crème for the cinnamon', 'c5', ?)`,
    ).run(AT);
    expect(ids(db, '{body}: "creme" AND {people}: c102')).toEqual([5]);
    db.prepare('DELETE FROM messages WHERE id = 5').run();
    expect(ids(db, '{body}: "creme"')).toEqual([]);
    integrity(db);

    // The searcher's shared conversations come from their own index.
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${SHARED_CONVERSATIONS_SQL}`).all(11) as {
      detail: string;
    }[];
    const detail = plan.map((p) => p.detail).join('\n');
    expect(detail).toMatch(/SCAN c USING (COVERING )?INDEX conversations_shared/);
    expect(detail).toMatch(/SEARCH cm .*(PRIMARY KEY|conversation_members_user)/);
    db.close();
  });
});
