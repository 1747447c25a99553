/**
 * Baseline 2, what someone would build instead: a minimal socket.io chat on the same SQLite
 * file and settings (db/open-db.ts: WAL, synchronous=FULL). The handshake checks the same
 * session cookie against the sessions table; each DM is one INSERT (its own transaction, as
 * a straightforward app writes it; the pair's conversation row, which the schema requires
 * since rooms, is made at its first message and remembered) and then goes to the
 * recipient's and the sender's rooms;
 * a post is one INSERT and `io.emit` to everyone. websocket transport only, no compression.
 * Usage (by bench/live.ts): node --import tsx --expose-gc bench/baselines/socketio-chat.ts <dataDir>
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { closeDb, openDb } from '../../db/open-db';
import { listenHttpLowPort, serveProbe } from '../support/server-probe';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: socketio-chat.ts <dataDir>');
const db = openDb(join(dataDir, 'hearth.db'));

// The same per-forum cookie name as the forum (server/auth/session-cookie.ts); the seed
// (bench/support/live-seed.ts) made the forum id before this process started.
const forumId = db
  .prepare<[], string>("SELECT value FROM forum_meta WHERE key = 'forum_id'")
  .pluck()
  .get();
if (!forumId) throw new Error('no forum id in the database: seed it first');
const sessionCookie = new RegExp(`(?:^|;\\s*)hearth_${forumId}=([\\w-]{43})(?:;|$)`);

const sessionUser = db
  .prepare<[Buffer, number], number>(
    'SELECT user_id FROM sessions WHERE token_hash = ? AND expires_ms > ?',
  )
  .pluck();
const insertMessage = db
  .prepare<[number, number, number, string, string, string], number>(
    `INSERT INTO messages (conversation_id, sender_id, recipient_id, body, client_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  )
  .pluck();
const findDirect = db
  .prepare<[number, number], number>(
    `SELECT id FROM conversations WHERE kind = 'direct' AND user_lo = ? AND user_hi = ?`,
  )
  .pluck();
const insertDirect = db
  .prepare<[string, number, number], number>(
    `INSERT INTO conversations (kind, created_at, user_lo, user_hi) VALUES ('direct', ?, ?, ?)
     RETURNING id`,
  )
  .pluck();
/** The pair's conversation id (the schema requires one per message since rooms). */
const directs = new Map<string, number>();
function conversationOf(a: number, b: number, at: string): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const key = `${lo}:${hi}`;
  let id = directs.get(key);
  if (id === undefined) {
    id = findDirect.get(lo, hi) ?? insertDirect.get(at, lo, hi)!;
    directs.set(key, id);
  }
  return id;
}
const insertPost = db
  .prepare<[number, string, string], number>(
    `INSERT INTO posts (author_id, title, body, created_at) VALUES (?, 'Broadcast', ?, ?) RETURNING id`,
  )
  .pluck();

const http = createServer();
const io = new Server(http, {
  transports: ['websocket'],
  perMessageDeflate: false,
  maxHttpBufferSize: 64 * 1024,
  serveClient: false,
});

io.use((socket, next) => {
  const cookie = socket.handshake.headers.cookie ?? '';
  const token = sessionCookie.exec(cookie)?.[1];
  const userId = token
    ? sessionUser.get(createHash('sha256').update(token).digest(), Date.now())
    : undefined;
  if (userId === undefined) {
    next(new Error('unauthorized'));
    return;
  }
  socket.data.userId = userId;
  next();
});

io.on('connection', (socket) => {
  const me = socket.data.userId as number;
  void socket.join(`u${me}`);
  socket.on('dm', (m: { to: number; body: string; clientId: string }) => {
    const createdAt = new Date().toISOString();
    const conversation = conversationOf(me, m.to, createdAt);
    const id = insertMessage.get(conversation, me, m.to, m.body, m.clientId, createdAt);
    const msg = { id, from: me, to: m.to, body: m.body, createdAt, clientId: m.clientId };
    io.to(`u${m.to}`).to(`u${me}`).emit('dm', msg);
  });
  socket.on('post', () => {
    const createdAt = new Date().toISOString();
    const id = insertPost.get(me, 'To everyone', createdAt);
    io.emit('post', { id, title: 'Broadcast', createdAt });
  });
});

const port = await listenHttpLowPort(http);
serveProbe({
  connections: () => io.engine.clientsCount,
  stop: async () => {
    io.disconnectSockets(true);
    await new Promise((r) => io.close(() => r(undefined)));
    closeDb(db);
  },
});
process.send?.({ type: 'ready', port });
