import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { migrate } from '../../db/migrate';
import { closeDb, openDb } from '../../db/open-db';
import { sessionCookieName } from '../../server/auth/session-cookie';
import { DEFAULTS } from '../../server/config/server-config';
import { createForumMetaStore } from '../../server/store/forum-meta.store';
import type { ClientSeed } from './live-ipc';

const SESSION_TTL_MS = DEFAULTS.sessionTtlMs;

export interface LiveSeed {
  /** Users 1…N, each with a session: the socket clients. */
  clients: ClientSeed[];
  /** Users with a real cost-10 password, for the login burst. */
  logins: { nickname: string; password: string }[];
}

/**
 * Writes the users and their sessions straight into SQLite (10,000 sign-ups over HTTP would
 * cost 10,000 bcrypt hashes): `clients` users with a session token each, then `logins` users
 * sharing one real cost-10 hash of a known password.
 */
export function seedLive(dbPath: string, clients: number, logins: number): LiveSeed {
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
  closeDb(db);
  return { clients: seeds, logins: loginUsers };
}
