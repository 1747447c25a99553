/**
 * The database of the in-process chat micro-benches (contacts-micro.ts, replay-micro.ts): a
 * real file with `users` users, each a member of 3 rooms (with the spans joining gives them),
 * and `dms` private messages between random pairs (as live.ts: most pairs new), written by
 * `ChatService.commit` in batches of 100 without fsyncs, then checkpointed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { EventLog } from '../../server/events/event-log';
import { Publisher, Writer } from '../../server/events/outbox';
import { createLogger } from '../../server/logging/logger';
import { ChatService, type ChatWrite } from '../../server/services/chat.service';
import { createStores, type Stores } from '../../server/store/index';

/** The outbox's writer as the server makes it, publishing to nobody (benches write with it). */
export function quietWriter(db: Db, events: Stores['events']): Writer {
  return new Writer(
    db,
    new EventLog(events, Date.now),
    new Publisher(createLogger('bench', { level: 'silent' })),
  );
}

export interface ChatMicroDb {
  db: Db;
  stores: Stores;
  /** Closes the database and removes its folder. */
  close(): void;
}

export function chatMicroDb(name: string, users: number, dms: number): ChatMicroDb {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const db = openDb(join(dir, `${name}.db`));
  migrate(db);
  const stores = createStores(db);
  const log = createLogger('micro', { level: 'silent' });
  const writer = quietWriter(db, stores.events);
  const at = '2026-01-01T00:00:00.000Z';
  db.transaction(() => {
    const user = db.prepare(
      `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
       VALUES (?, ?, 'x', 'B', 'C', 30, 'other', ?)`,
    );
    for (let i = 1; i <= users; i++) user.run(`u${i}`, `u${i}@b.test`, at);
    const room = db
      .prepare(
        `INSERT INTO conversations (kind, name, created_at) VALUES ('room', ?, ?) RETURNING id`,
      )
      .pluck();
    const member = db.prepare(
      'INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)',
    );
    const span = db.prepare(
      'INSERT INTO conversation_spans (user_id, conversation_id, from_event_id) VALUES (?, ?, 0)',
    );
    for (let r = 0; r < 3; r++) {
      const id = room.get(`room${r}`, at) as number;
      for (let i = 1; i <= users; i++) {
        member.run(id, i, at);
        span.run(i, id);
      }
    }
  })();
  const chat = new ChatService(db, stores.chat, writer, Date.now, log, { isOnline: () => false });
  let seq = 0;
  const dm = (): ChatWrite => {
    const a = 1 + Math.floor(Math.random() * users);
    let b = 1 + Math.floor(Math.random() * (users - 1));
    if (b >= a) b++;
    seq++;
    return { send: { senderId: a, to: b, body: `hello ${seq} how are you`, clientId: `c${seq}` } };
  };
  db.pragma('synchronous = OFF');
  for (let i = 0; i < dms; i += 100) chat.commit(Array.from({ length: 100 }, dm));
  db.pragma('wal_checkpoint(TRUNCATE)');
  return {
    db,
    stores,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
