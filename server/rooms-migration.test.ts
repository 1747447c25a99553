/**
 * Migration 010 (rooms) on a forum in use: a version-9 database, built by the real migrations
 * 1–9 and filled with a chat history written the way the version-9 server wrote it (messages,
 * threads, read marks moving `unread` flags, an edit, deletes), keeps every conversation:
 * the same messages in the same order with the same ids, the same unread counts per person,
 * the same roster order and previews. Read on the version-9 schema before, through the
 * version-10 server's REST and socket after.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatHistory, RosterEntry } from '../common/api';
import type { ConversationSummary } from '../common/conversations';
import { sortRoster } from '../common/roster-order';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';
import { openDb, type Db } from '../db/open-db';
import { startTestServer, tempDataDir } from './test/harness';
import { closeAllClients, connect } from './test/ws-client';

const dataDir = tempDataDir();
afterAll(() => {
  closeAllClients();
  rmSync(dataDir, { recursive: true, force: true });
});

const PEOPLE = ['ana', 'ben', 'cat', 'dan', 'eve', 'fay'];
const PASSWORD = 'correct horse battery';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** What the version-9 server did, statement for statement (store/chat.store.ts before 010). */
function fillVersion9(db: Db): void {
  migrate(db, MIGRATIONS.slice(0, 9));
  expect(db.pragma('user_version', { simple: true })).toBe(9);
  const user = db.prepare(
    `INSERT INTO users (id, nickname, email, password_hash, first_name, last_name, age, gender, created_at, role)
     VALUES (?, ?, ?, 'x', 'F', 'L', 30, 'other', '2024-01-01T00:00:00.000Z', ?)`,
  );
  PEOPLE.forEach((n, i) => user.run(i + 1, n, `${n}@example.com`, i === 0 ? 'owner' : 'member'));
  const insert = db.prepare(
    `INSERT INTO messages (sender_id, recipient_id, body, client_id, created_at, event_id)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const event = db.prepare(
    `INSERT INTO events (type, payload, recipient_a, recipient_b, created_ms)
     VALUES ('chat.message', ?, ?, ?, ?) RETURNING id`,
  );
  const thread = db.prepare(
    `INSERT INTO chat_threads (user_lo, user_hi, last_message_id) VALUES (?, ?, ?)
     ON CONFLICT (user_lo, user_hi) DO UPDATE SET last_message_id = excluded.last_message_id`,
  );
  const markRead = db.prepare(
    'UPDATE messages SET unread = 0 WHERE recipient_id = ? AND sender_id = ? AND unread = 1 AND id <= ?',
  );
  const next = random(7);
  // Fay (6) never chats: she stays in the alphabetical tail of everyone's roster.
  const pairs: [number, number][] = [
    [1, 2],
    [1, 3],
    [2, 3],
    [2, 4],
    [4, 5],
    [1, 5],
  ];
  let t = Date.parse('2024-05-01T00:00:00.000Z');
  for (let i = 0; i < 300; i++) {
    const [a, b] = pairs[Math.floor(next() * pairs.length)]!;
    const [from, to] = next() < 0.5 ? [a, b] : [b, a];
    // A group commit stamps several messages with one instant: ties happen.
    if (next() < 0.8) t += Math.floor(next() * 60_000);
    const at = new Date(t).toISOString();
    const eventId = (event.get(`{"n":${i}}`, from, to, t) as { id: number }).id;
    const id = (insert.get(from, to, `m${i} from ${from}`, `c${i}`, at, eventId) as { id: number })
      .id;
    thread.run(Math.min(from, to), Math.max(from, to), id);
    // The recipient sometimes reads up to what they have seen, as chat.read did.
    if (next() < 0.25) markRead.run(to, from, id - Math.floor(next() * 3));
  }
  // An edit, and deletes (a delete emptied the body and took the message out of unread).
  db.prepare(
    "UPDATE messages SET body = 'edited', edited_at = '2024-06-01T00:00:00.000Z' WHERE id = 5",
  ).run();
  for (const id of [10, 290, 297]) {
    db.prepare(
      "UPDATE messages SET body = '', deleted_at = '2024-06-02T00:00:00.000Z', unread = 0 WHERE id = ?",
    ).run(id);
  }
}

interface Before {
  roster: Record<number, RosterEntry[]>;
  unread: Record<number, Record<string, number>>;
  histories: Record<
    string,
    {
      id: number;
      from: number;
      to: number;
      body: string;
      createdAt: string;
      editedAt: string | null;
      deleted: boolean;
    }[]
  >;
}

/** Everything a user saw on version 9, read with the version-9 queries. */
function readVersion9(db: Db): Before {
  const roster = db.prepare(
    `SELECT u.id, u.nickname, t.last_message_id AS lastMessageId, m.created_at AS lastMessageAt,
       substr(m.body, 1, 140) AS lastMessagePreview
     FROM users u
     LEFT JOIN chat_threads t ON t.user_lo = min(u.id, :me) AND t.user_hi = max(u.id, :me)
     LEFT JOIN messages m ON m.id = t.last_message_id
     WHERE u.id != :me`,
  );
  const unreadBySender = db.prepare(
    'SELECT sender_id, COUNT(*) AS n FROM messages WHERE recipient_id = ? AND unread = 1 GROUP BY sender_id',
  );
  const history = db.prepare(
    `SELECT id, sender_id AS "from", recipient_id AS "to", body, created_at AS createdAt,
       edited_at AS editedAt, deleted_at IS NOT NULL AS deleted
     FROM messages WHERE min(sender_id, recipient_id) = ? AND max(sender_id, recipient_id) = ? ORDER BY id`,
  );
  const before: Before = { roster: {}, unread: {}, histories: {} };
  for (let me = 1; me <= PEOPLE.length; me++) {
    const unread: Record<string, number> = {};
    for (const r of unreadBySender.all(me) as { sender_id: number; n: number }[]) {
      unread[String(r.sender_id)] = r.n;
    }
    before.unread[me] = unread;
    const rows = roster.all({ me }) as Omit<RosterEntry, 'online' | 'unread'>[];
    before.roster[me] = sortRoster(
      rows.map((r) => ({ ...r, online: false, unread: unread[String(r.id)] ?? 0 })),
    );
    for (let peer = me + 1; peer <= PEOPLE.length; peer++) {
      type Row = Omit<Before['histories'][string][number], 'deleted'> & { deleted: number };
      const items = (history.all(me, peer) as Row[]).map((m) => ({
        ...m,
        deleted: m.deleted === 1,
      }));
      before.histories[`${me}-${peer}`] = items;
    }
  }
  return before;
}

describe('migration 010 (rooms) on a version-9 forum with a chat history', () => {
  it('keeps every conversation, message id and order, unread count and roster position', async () => {
    const file = join(dataDir, 'hearth.db');
    const db = openDb(file);
    fillVersion9(db);
    const before = readVersion9(db);
    const messageCount = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    // The history is real enough to test something: unread counts, ties and deletes exist.
    expect(Object.values(before.unread).some((u) => Object.keys(u).length > 0)).toBe(true);
    // 010 and every migration after it, on the version-9 file.
    expect(migrate(db).applied).toEqual(
      MIGRATIONS.filter((m) => m.version >= 10).map((m) => m.version),
    );
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(messageCount);
    expect(
      db.prepare("SELECT count(*) FROM conversations WHERE kind = 'direct'").pluck().get(),
    ).toBe(6);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const hasher = await import('bcryptjs');
    db.prepare('UPDATE users SET password_hash = ?').run(hasher.hashSync(PASSWORD, 4));
    db.close();

    const srv = await startTestServer({ dataDir });
    try {
      for (let me = 1; me <= PEOPLE.length; me++) {
        const c = srv.client();
        const login = await c.post('/api/auth/login', {
          login: PEOPLE[me - 1],
          password: PASSWORD,
        });
        expect(login.status).toBe(200);

        const roster = (await c.get<RosterEntry[]>('/api/chat/roster')).json;
        expect(
          roster.map(
            ({ id, nickname, lastMessageId, lastMessageAt, lastMessagePreview, unread }) => ({
              id,
              nickname,
              lastMessageId,
              lastMessageAt,
              lastMessagePreview,
              unread,
            }),
          ),
          `roster of ${PEOPLE[me - 1]}`,
        ).toEqual(
          before.roster[me]!.map(
            ({ id, nickname, lastMessageId, lastMessageAt, lastMessagePreview, unread }) => ({
              id,
              nickname,
              lastMessageId,
              lastMessageAt,
              lastMessagePreview,
              unread,
            }),
          ),
        );

        const live = await connect(srv, c);
        const counts = await live.next('unread');
        expect(counts.payload.chats, `unread of ${PEOPLE[me - 1]}`).toEqual(before.unread[me]);
        live.close();

        for (let peer = me + 1; peer <= PEOPLE.length; peer++) {
          const page = await c.get<ChatHistory>(`/api/chat/${peer}/messages?limit=100`);
          const got = page.json.items.map(
            ({ id, from, to, body, createdAt, editedAt, deleted }) => ({
              id,
              from,
              to,
              body,
              createdAt,
              editedAt,
              deleted,
            }),
          );
          expect(got, `${me}-${peer}`).toEqual(before.histories[`${me}-${peer}`]!.slice(-100));
        }

        // The sidebar: each private conversation once, with a pointer, and the default room.
        const mine = (await c.get<ConversationSummary[]>('/api/conversations')).json;
        const direct = mine.filter((x) => x.kind === 'direct');
        expect(direct.map((x) => x.peer!.id).sort()).toEqual(
          before.roster[me]!.filter((r) => r.lastMessageId !== null)
            .map((r) => r.id)
            .sort(),
        );
        for (const x of direct) expect(x.unread).toBe(before.unread[me]![String(x.peer!.id)] ?? 0);
        expect(mine.filter((x) => x.kind === 'room').map((x) => [x.name, x.isDefault])).toEqual([
          ['General', true],
        ]);
      }
    } finally {
      await srv.close({ keepData: true });
    }
  });
});
