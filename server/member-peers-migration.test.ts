/**
 * Migration 019 (each private conversation's member row names the other person) on a forum
 * in use: a version-18 database built by the real migrations, with private conversations, a
 * group and a room, and members who joined and left. Every member row is kept, each private
 * one gets its peer, group and room rows none, and every user's chat contacts are exactly
 * what the version-18 query (through `conversations_direct_hi`) gave; new private
 * conversations name their peers too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { tempDir } from '../db/test-helpers';
import { createStores } from './store/index';
import { EventLog } from './events/event-log';
import { Publisher, Writer } from './events/outbox';
import { createLogger } from './logging/logger';

const tmp = tempDir();
afterAll(() => tmp.remove());

const AT = '2026-11-01T10:00:00.000Z';
const USERS = [11, 12, 13, 14, 15, 16];
/** Private conversations (id, lo, hi); 16 has none. */
const DIRECT = [
  [100, 11, 12],
  [101, 11, 13],
  [102, 12, 13],
  [103, 13, 14],
  [104, 11, 15],
] as const;

/** The version-18 contacts, as they were (CHAT_SQL.contacts before 019). */
const CONTACTS_18 = `SELECT user_hi FROM conversations WHERE kind = 'direct' AND user_lo = :id
     UNION ALL SELECT user_lo FROM conversations WHERE kind = 'direct' AND user_hi = :id`;

function fillVersion18(db: Db): void {
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 18),
  );
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, 'x', 'A', 'B', 30, 'other', ?)`,
  );
  for (const id of USERS) user.run(id, `u${id}`, `u${id}@example.com`, AT);
  const conversation = db.prepare(
    `INSERT INTO conversations (id, kind, name, user_lo, user_hi, created_at, last_message_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const member = db.prepare(
    `INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_read_id, notify, muted)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const message = db.prepare(
    `INSERT INTO messages (conversation_id, sender_id, recipient_id, body, client_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  for (const [id, lo, hi] of DIRECT) {
    conversation.run(id, 'direct', null, lo, hi, AT, null);
    const last = message.pluck().get(id, lo, hi, `hello ${hi}`, `c${id}`, AT) as number;
    db.prepare('UPDATE conversations SET last_message_id = ? WHERE id = ?').run(last, id);
    member.run(id, lo, AT, last, null, 0);
    member.run(id, hi, AT, 0, 'none', 1);
  }
  conversation.run(110, 'group', 'Bakers', null, null, AT, null);
  conversation.run(111, 'room', 'Garden', null, null, AT, null);
  for (const id of [11, 13, 16]) member.run(110, id, AT, 0, null, 0);
  for (const id of USERS) member.run(111, id, AT, 0, 'mentions', 0);
  db.prepare('DELETE FROM conversation_members WHERE conversation_id = 111 AND user_id = 14').run();
}

const contacts = (db: Db, sql: string, id: number): number[] =>
  (db.prepare(sql).pluck().all({ id }) as number[]).sort((a, b) => a - b);

describe('migration 019 on a version-18 forum', () => {
  it('keeps every member row, names each private one’s peer, and gives the same contacts', () => {
    const db = openDb(tmp.file('v18.db'));
    fillVersion18(db);
    const before = db
      .prepare('SELECT * FROM conversation_members ORDER BY conversation_id, user_id')
      .all() as Record<string, unknown>[];
    const contacts18 = new Map(USERS.map((id) => [id, contacts(db, CONTACTS_18, id)]));
    expect(contacts18.get(11)).toEqual([12, 13, 15]);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(19);
    const after = db
      .prepare('SELECT * FROM conversation_members ORDER BY conversation_id, user_id')
      .all() as Record<string, unknown>[];
    const pairs = new Map<number, readonly [number, number]>(
      DIRECT.map(([id, lo, hi]) => [id, [lo, hi]]),
    );
    expect(after).toEqual(
      before.map((row) => {
        const pair = pairs.get(row.conversation_id as number);
        const peer = pair ? (pair[0] === row.user_id ? pair[1] : pair[0]) : null;
        return { ...row, peer_id: peer };
      }),
    );

    const stores = createStores(db);
    for (const id of USERS) {
      expect(
        [...stores.chat.contacts(id)].sort((a, b) => a - b),
        `user ${id}`,
      ).toEqual(contacts18.get(id));
      expect(
        stores.contacts
          .many([id])
          .get(id)!
          .sort((a, b) => a - b),
      ).toEqual(contacts18.get(id));
    }
    expect(
      db
        .prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'conversations_direct_hi'`)
        .pluck()
        .get(),
    ).toBe(0);

    // A private conversation made after the migration names its peers too.
    const writer = new Writer(
      db,
      new EventLog(stores.events, Date.now),
      new Publisher(createLogger('test', { level: 'silent' })),
    );
    writer.write((tx) =>
      stores.conversations.createDirect(tx, { pair: [16, 14], createdBy: 16, createdAt: AT }),
    );
    expect(stores.contacts.many([14, 16])).toEqual(
      new Map([
        [14, [13, 16]],
        [16, [14]],
      ]),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
