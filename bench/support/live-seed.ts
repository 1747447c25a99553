import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { migrate } from '../../db/migrate';
import { closeDb, openDb } from '../../db/open-db';
import { sessionCookieName } from '../../server/auth/session-cookie';
import { DEFAULTS } from '../../server/config/server-config';
import { createConversationsStore } from '../../server/store/conversations.store';
import { createEventsStore } from '../../server/store/events.store';
import { createForumMetaStore } from '../../server/store/forum-meta.store';
import { quietWriter } from './chat-micro-db';
import { contactGraph } from './live-contacts';
import type { ClientSeed } from './live-ipc';

const SESSION_TTL_MS = DEFAULTS.sessionTtlMs;

export interface LiveSeed {
  /** Users 1…N, each with a session: the socket clients. */
  clients: ClientSeed[];
  /** Users with a real cost-10 password, for the login burst. */
  logins: { nickname: string; password: string }[];
  /** Direct conversations made before the run (`--pairs contacts`; 0 otherwise). */
  conversations: number;
}

/**
 * Writes the users and their sessions straight into SQLite (10,000 sign-ups over HTTP would
 * cost 10,000 bcrypt hashes): `clients` users with a session token each, then `logins` users
 * sharing one real cost-10 hash of a known password.
 * With `contacts` > 0 (`--pairs contacts`), each client also gets that many contacts
 * (support/live-contacts.ts), named in its seed, and each contact pair its direct
 * conversation, made by the server's own `ConversationsStore.createDirect` (what a pair's
 * first message runs) in one write transaction, as if they had talked before.
 */
export function seedLive(dbPath: string, clients: number, logins: number, contacts = 0): LiveSeed {
  const db = openDb(dbPath);
  migrate(db);
  const insertUser = db.prepare<[string, string, string, string], { id: number }>(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, ?, 'Bench', 'Client', 30, 'other', ?) RETURNING id`,
  );
  const insertSession = db.prepare<[Buffer, number, number, number], never>(
    'INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES (?, ?, ?, ?)',
  );
  // The forum id is made here, before the server starts, so the cookies name it already.
  const cookieName = sessionCookieName(createForumMetaStore(db).ensureForumId().id);
  const now = Date.now();
  const createdAt = new Date(now).toISOString();
  const password = 'bench password';
  const hash = bcrypt.hashSync(password, 10);
  const seeds: ClientSeed[] = [];
  const loginUsers: LiveSeed['logins'] = [];
  db.transaction(() => {
    for (let i = 1; i <= clients; i++) {
      const nickname = `client${i}`;
      const { id } = insertUser.get(nickname, `${nickname}@bench.test`, 'unusable', createdAt)!;
      const token = randomBytes(32).toString('base64url');
      // Fresh sessions (expiring a full TTL from now), as right after a login: the handshake
      // then has no renewal to write.
      insertSession.run(createHash('sha256').update(token).digest(), id, now, now + SESSION_TTL_MS);
      seeds.push({ userId: id, cookie: `${cookieName}=${token}` });
    }
    for (let i = 1; i <= logins; i++) {
      const nickname = `login${i}`;
      insertUser.get(nickname, `${nickname}@bench.test`, hash, createdAt);
      loginUsers.push({ nickname, password });
    }
  })();
  let conversations = 0;
  if (contacts > 0) {
    const graph = contactGraph(
      seeds.map((c) => c.userId),
      contacts,
    );
    for (const c of seeds) c.contacts = graph.of.get(c.userId)!;
    const store = createConversationsStore(db);
    quietWriter(db, createEventsStore(db)).write((tx) => {
      for (const [lo, hi] of graph.pairs) {
        const id = store.createDirect(tx, { pair: [lo, hi], createdBy: lo, createdAt });
        if (id === undefined) throw new Error(`the pair ${lo}:${hi} had a conversation already`);
        conversations++;
      }
    });
  }
  closeDb(db);
  return { clients: seeds, logins: loginUsers, conversations };
}
