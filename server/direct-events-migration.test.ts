/**
 * Migration 019 (a private conversation's events found through the conversation) on a forum
 * in use: a version-18 database built by the real migrations, with private conversations,
 * a group and a room (members joining and leaving: spans), and an event log of every kind
 * (private messages and their edits, notifications, broadcasts, group and room events).
 * Every row is kept (each two-person row now names its conversation), and every user's
 * replay from every point is exactly what the version-18 query gave: nothing missed,
 * nothing twice, in id order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { tempDir } from '../db/test-helpers';
import { EVENTS_SQL } from './store/events.store';

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
const GROUP = 110;
const ROOM = 111;

/** The version-18 replay, as it was (db/migrations 002, 010). */
const REPLAY_18 = `SELECT id, type, payload FROM events WHERE recipient_a = :userId AND id > :since
     UNION ALL SELECT id, type, payload FROM events WHERE recipient_b = :userId AND id > :since
     UNION ALL SELECT id, type, payload FROM events
       WHERE recipient_a IS NULL AND conversation_id IS NULL AND id > :since
     UNION ALL SELECT e.id, e.type, e.payload FROM events e
       WHERE e.conversation_id IS NOT NULL AND e.id > :since AND EXISTS (
         SELECT 1 FROM conversation_spans s
         WHERE s.user_id = :userId AND s.conversation_id = e.conversation_id
           AND s.from_event_id < e.id AND (s.to_event_id IS NULL OR e.id <= s.to_event_id))
     ORDER BY id LIMIT :limit`;

/** A deterministic sequence (no Math.random: the same log every run). */
function numbers(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

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
    `INSERT INTO conversations (id, kind, name, user_lo, user_hi, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const member = db.prepare(
    'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
  );
  for (const [id, lo, hi] of DIRECT) {
    conversation.run(id, 'direct', null, lo, hi, AT);
    member.run(id, lo, AT);
    member.run(id, hi, AT);
  }
  conversation.run(GROUP, 'group', 'Bakers', null, null, AT);
  conversation.run(ROOM, 'room', 'Garden', null, null, AT);

  const event = db.prepare(
    `INSERT INTO events (type, payload, recipient_a, recipient_b, conversation_id, created_ms)
     VALUES (?, ?, ?, ?, ?, 1) RETURNING id`,
  );
  let written = 0;
  const append = (type: string, a: number | null, b: number | null, c: number | null): number =>
    (event.get(type, `{"n":${++written}}`, a, b, c) as { id: number }).id;
  const span = db.prepare(
    `INSERT INTO conversation_spans (user_id, conversation_id, from_event_id) VALUES (?, ?, ?)`,
  );
  const closeSpan = db.prepare(
    `UPDATE conversation_spans SET to_event_id = ? WHERE user_id = ? AND conversation_id = ?
       AND to_event_id IS NULL`,
  );
  const inGroup = new Set<number>();
  const inRoom = new Set<number>();
  const random = numbers(19);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  for (let i = 0; i < 600; i++) {
    const r = random();
    if (r < 0.45) {
      // A private message (sender first, as chat.message wrote it) or its edit, deletion or
      // reaction (its conversation's pair, low id first).
      const [, lo, hi] = pick(DIRECT);
      if (random() < 0.7) {
        const forward = random() < 0.5;
        append('chat.message', forward ? lo : hi, forward ? hi : lo, null);
      } else append(pick(['chat.updated', 'chat.deleted', 'reaction.added']), lo, hi, null);
    } else if (r < 0.6) {
      append(pick(['notification', 'notifications.read']), pick(USERS), null, null);
    } else if (r < 0.7) {
      append(pick(['post.created', 'user.updated']), null, null, null);
    } else {
      // A group or room event, or someone joining or leaving (their span).
      const [c, members] = random() < 0.5 ? [GROUP, inGroup] : [ROOM, inRoom];
      const who = pick(USERS);
      if (random() < 0.2) {
        if (members.has(who)) {
          const id = append('member.left', null, null, c);
          closeSpan.run(id, who, c);
          members.delete(who);
        } else {
          const id = append('member.joined', null, null, c);
          span.run(who, c, id - 1);
          members.add(who);
        }
      } else append(pick(['chat.message', 'conversation.updated']), null, null, c);
    }
  }
}

/** Every user's replay from every 7th point, as id lists. */
function replays(db: Db, sql: string): Map<string, number[]> {
  const replay = db.prepare(sql).raw();
  const last = db.prepare('SELECT max(id) FROM events').pluck().get() as number;
  const out = new Map<string, number[]>();
  for (const userId of USERS) {
    for (let since = 0; since <= last; since += 7) {
      const rows = replay.all({ userId, since, limit: 10_000 }) as [number][];
      out.set(
        `${userId}@${since}`,
        rows.map(([id]) => id),
      );
    }
  }
  return out;
}

describe('migration 019 on a version-18 forum', () => {
  it('keeps every event, names each private one’s conversation, and replays exactly the same', () => {
    const db = openDb(tmp.file('v18.db'));
    fillVersion18(db);
    const before = db.prepare('SELECT * FROM events ORDER BY id').all() as Record<
      string,
      unknown
    >[];
    const replayed18 = replays(db, REPLAY_18);
    // The log holds every kind, and every user has private rows and others.
    expect(new Set(before.map((e) => e.recipient_b !== null)).size).toBe(2);
    expect(before.some((e) => e.conversation_id !== null)).toBe(true);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(19);
    const after = db.prepare('SELECT * FROM events ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toHaveLength(before.length);
    const directOf = new Map(DIRECT.map(([id, lo, hi]) => [`${lo}-${hi}`, id]));
    after.forEach((row, i) => {
      const old = before[i]!;
      const { recipient_a: a, recipient_b: b } = old as {
        recipient_a: number;
        recipient_b: number;
      };
      // Only a two-person row changes: it names its pair's private conversation.
      const conversationId =
        b === null ? old.conversation_id : directOf.get(`${Math.min(a, b)}-${Math.max(a, b)}`);
      expect(conversationId).not.toBeUndefined();
      expect(row).toEqual({ ...old, conversation_id: conversationId });
    });

    // The same rows for everyone from everywhere: none missed, none twice, in id order.
    const replayed19 = replays(db, EVENTS_SQL.replay);
    expect(replayed19).toEqual(replayed18);
    for (const [key, ids] of replayed19) {
      expect(ids, key).toEqual([...new Set(ids)].sort((x, y) => x - y));
    }
    // Not a vacuous comparison: users got private rows, broadcasts and conversation rows.
    expect(replayed19.get('11@0')!.length).toBeGreaterThan(100);
    expect(replayed19.get('16@0')!.length).toBeGreaterThan(0);

    // Each row sits in exactly one of the replay's indexes.
    const count = (index: string): number =>
      db
        .prepare(`SELECT count(*) FROM events INDEXED BY ${index} WHERE ${WHERE[index]}`)
        .pluck()
        .get() as number;
    const WHERE: Record<string, string> = {
      events_recipient_a: 'recipient_a IS NOT NULL AND conversation_id IS NULL',
      events_recipient_b: 'recipient_b IS NOT NULL AND conversation_id IS NULL',
      events_direct: 'conversation_id IS NOT NULL AND recipient_a IS NOT NULL',
      events_conversation: 'conversation_id IS NOT NULL AND recipient_a IS NULL',
      events_broadcast: 'recipient_a IS NULL AND conversation_id IS NULL',
    };
    expect(count('events_recipient_b')).toBe(0);
    expect(
      count('events_recipient_a') +
        count('events_direct') +
        count('events_conversation') +
        count('events_broadcast'),
    ).toBe(after.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
