/**
 * Where a DM commit's CPU goes, in-process (issue 15, fourth pass): `ChatService.commit` on a
 * real file, random pairs among 1,000 users, batches of B DMs, µs of CPU (user + system) per
 * DM and WAL frames (pages) written per commit, under variants run alternately.
 * Usage: node --import tsx bench/support/dm-commit-micro.ts [--batches 1,2,10] [--dms 3000]
 *        [--rounds 3] [--variants full,normal,off,full-nofts]
 *        (a variant may end in /drop:index1+index2: the same without those indexes;
 *        one containing /tempfile keeps statement journals in a temporary file, SQLite's default;
 *        /fts:automerge=8 sets that FTS5 option of messages_fts, e.g. automerge, crisismerge;
 *        /pragma:mmap_size=0 sets a connection pragma after openDb's;
 *        /pagesize:1024 creates the database with that page size;
 *        /binding:x opens it with the better-sqlite3 native module at $MICRO_BINDING_X;
 *        /ckpt:RESTART leaves the WAL to be overwritten by the next round, /ckpt:TRUNCATE
 *        (the default) empties the file: each round then grows it)
 *        [--pages] (then: which tables and indexes the WAL pages of 20 commits belong to)
 *        [--pairs N] (DMs only among N pairs whose conversations exist, written before the
 *        rounds; default 0: random pairs among the users, as live.ts, so nearly every DM
 *        also opens its conversation)
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { migrate } from '../../db/migrate';
import { openDb, type Db } from '../../db/open-db';
import { walSyncFor, type WalSync } from '../../db/wal-sync';
import { createLogger } from '../../server/logging/logger';
import { ChatService, type ChatWrite } from '../../server/services/chat.service';
import { createStores } from '../../server/store/index';
import { quietWriter } from './chat-micro-db';
import { median } from './micro-stats';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '1,2,10' },
    dms: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    variants: { type: 'string', default: 'full,normal,off,full-nofts' },
    users: { type: 'string', default: '1000' },
    pages: { type: 'boolean', default: false },
    pairs: { type: 'string', default: '0' },
  },
});
const BATCHES = values.batches.split(',').map(Number);
const DMS = Number(values.dms);
const ROUNDS = Number(values.rounds);
const VARIANTS = values.variants.split(',');
const USERS = Number(values.users);
const PAIRS = Number(values.pairs);

interface Setup {
  db: Db;
  chat: ChatService;
  walPath: string;
  /** pipe*: NORMAL commits, each followed by an fdatasync of the WAL on the thread pool. */
  walSync: WalSync | null;
  /** inline: NORMAL commits, each followed by an fdatasync of the WAL on this thread. */
  inline: boolean;
  /** The checkpoint mode run after each round. */
  checkpoint: string;
  pageSize: number;
}

function setup(dir: string, variant: string): Setup {
  const file = join(dir, `${variant.replace(/[^\w-]/g, '_')}.db`);
  // "inline/pagesize:1024": a database created with that page size (before WAL mode, which
  // fixes it).
  const pageSize = /\/pagesize:(\d+)/.exec(variant)?.[1];
  // "inline/binding:x": better-sqlite3's native module from $MICRO_BINDING_X (another build).
  const bindingName = /\/binding:(\w+)/.exec(variant)?.[1];
  const nativeBinding = bindingName
    ? process.env[`MICRO_BINDING_${bindingName.toUpperCase()}`]
    : undefined;
  if (bindingName && !nativeBinding) throw new Error(`MICRO_BINDING_${bindingName} is not set`);
  const options = nativeBinding ? { nativeBinding } : {};
  if (pageSize) {
    const raw = new Database(file, options);
    raw.pragma(`page_size = ${Number(pageSize)}`);
    raw.pragma('journal_mode = WAL');
    raw.close();
  }
  const db = openDb(file, options);
  migrate(db);
  db.pragma('wal_autocheckpoint = 0');
  const stores = createStores(db);
  const log = createLogger('micro', { level: 'silent' });
  const writer = quietWriter(db, stores.events);
  const insert = db.prepare(
    `INSERT INTO users (nickname, email, password_hash, first_name, last_name, age, gender, created_at)
     VALUES (?, ?, 'x', 'B', 'C', 30, 'other', '2026-01-01T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let i = 1; i <= USERS; i++) insert.run(`u${i}`, `u${i}@b.test`);
  })();
  if (variant.includes('nofts')) db.exec('DROP TRIGGER messages_fts_insert');
  // openDb's temp_store=MEMORY undone: what the statement journals' file writes cost a DM.
  if (variant.includes('/tempfile')) db.pragma('temp_store = FILE');
  // "inline/fts:automerge=8": an FTS5 option (what the index's merging costs a DM).
  for (const [, option, value] of variant.matchAll(/\/fts:(\w+)=(\d+)/g)) {
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('${option}', ${value})`);
  }
  for (const [, name, value] of variant.matchAll(/\/pragma:(\w+)=(-?\d+)/g)) {
    db.pragma(`${name} = ${value}`);
  }
  // "inline/drop:a+b": the same, without these indexes (what each costs a DM).
  const dropped = /\/drop:([^/]+)/.exec(variant)?.[1]?.split('+') ?? [];
  for (const index of dropped) db.exec(`DROP INDEX ${index}`);
  if (variant.startsWith('normal')) db.pragma('synchronous = NORMAL');
  if (variant.startsWith('off')) db.pragma('synchronous = OFF');
  const chat = new ChatService(db, stores.chat, writer, Date.now, log, { isOnline: () => false });
  // --pairs: every conversation the rounds write to exists already.
  for (let i = 0; i < PAIRS; i += 100) {
    chat.commit(pairs.slice(i, i + 100).map(([a, b]) => write(a, b)));
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const walSync =
    variant.startsWith('pipe') || variant.startsWith('inline') ? walSyncFor(db) : null;
  // "inline/ckpt:RESTART": how the WAL is left between rounds (TRUNCATE: each round grows the
  // file from empty; RESTART: the next round overwrites it, as the server's does since the
  // sixth pass). Default: MICRO_CHECKPOINT, else TRUNCATE.
  const checkpoint =
    /\/ckpt:(TRUNCATE|RESTART|PASSIVE)/.exec(variant)?.[1] ??
    process.env.MICRO_CHECKPOINT ??
    'TRUNCATE';
  return {
    db,
    chat,
    walPath: `${file}-wal`,
    walSync,
    inline: variant.startsWith('inline'),
    checkpoint,
    pageSize: db.pragma('page_size', { simple: true }) as number,
  };
}

let seq = 0;
function randomPair(): [number, number] {
  const a = 1 + Math.floor(Math.random() * USERS);
  let b = 1 + Math.floor(Math.random() * (USERS - 1));
  if (b >= a) b++;
  return [a, b];
}
const pairs = Array.from({ length: PAIRS }, randomPair);
function write(a: number, b: number): ChatWrite {
  seq++;
  return {
    send: { senderId: a, to: b, body: `hello ${seq} how are you today`, clientId: `c${seq}` },
  };
}
function dm(): ChatWrite {
  const [a, b] = PAIRS > 0 ? pairs[Math.floor(Math.random() * PAIRS)]! : randomPair();
  return write(a, b);
}

async function round(
  s: Setup,
  batch: number,
): Promise<{
  usPerDm: number;
  framesPerCommit: number;
  loopUsPerCommit: number;
  faultsPerDm: number;
  writesPerDm: number;
}> {
  const writes: ChatWrite[][] = [];
  for (let i = 0; i < DMS / batch; i++) writes.push(Array.from({ length: batch }, dm));
  const walBefore = safeSize(s.walPath);
  const faults0 = process.resourceUsage().minorPageFault;
  const writes0 = writeCalls();
  const t0 = process.cpuUsage();
  const sync = s.walSync;
  const inline = s.inline;
  // Time the event loop is held per commit (the commit, and with FULL its fsync too).
  let loopMs = 0;
  for (const w of writes) {
    const at = performance.now();
    if (sync) sync.unsynced(() => s.chat.commit(w));
    else s.chat.commit(w);
    loopMs += performance.now() - at;
    if (sync && inline) sync.syncNow();
    else if (sync) await sync.sync();
  }
  const t = process.cpuUsage(t0);
  const faults = process.resourceUsage().minorPageFault - faults0;
  const writeCount = writeCalls() - writes0;
  const walAfter = safeSize(s.walPath);
  s.db.pragma(`wal_checkpoint(${s.checkpoint})`);
  return {
    usPerDm: (t.user + t.system) / (writes.length * batch),
    framesPerCommit: (walAfter - walBefore) / (24 + s.pageSize) / writes.length,
    loopUsPerCommit: (loopMs * 1000) / writes.length,
    faultsPerDm: faults / (writes.length * batch),
    writesPerDm: writeCount / (writes.length * batch),
  };
}

/**
 * After the rounds (a warm database): 20 commits of each batch size from an empty WAL, and
 * the b-trees their WAL frames belong to (frame headers name the page; dbstat its b-tree),
 * per commit: where a DM's pages go.
 */
function pagesByTree(variant: string, s: Setup, batches: number[]): void {
  const COMMITS = 20;
  for (const batch of batches) {
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < COMMITS; i++) s.chat.commit(Array.from({ length: batch }, dm));
    const wal = readFileSync(s.walPath);
    const pageSize = wal.readUInt32BE(8);
    const owner = new Map<number, string>();
    for (const r of s.db.prepare('SELECT name, pageno FROM dbstat').all() as {
      name: string;
      pageno: number;
    }[]) {
      owner.set(r.pageno, r.name);
    }
    const count = new Map<string, number>();
    let frames = 0;
    for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
      const page = wal.readUInt32BE(at);
      if (page === 0) break;
      frames++;
      const name = owner.get(page) ?? '(new or free page)';
      count.set(name, (count.get(name) ?? 0) + 1);
    }
    const rows = [...count].sort((a, b) => b[1] - a[1]);
    console.log(
      `${variant}, batch ${batch}: ${(frames / COMMITS).toFixed(1)} WAL frames per commit; by b-tree: ${rows.map(([n, c]) => `${n} ${(c / COMMITS).toFixed(1)}`).join(', ')}`,
    );
  }
}

/** write/pwrite/writev system calls so far (Linux: /proc/self/io's syscw), else 0. */
function writeCalls(): number {
  try {
    return Number(/syscw: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const safeSize = (p: string): number => {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'dm-micro-'));
try {
  const setups = new Map(VARIANTS.map((v) => [v, setup(dir, v)]));
  for (const batch of BATCHES) {
    const results = new Map<
      string,
      { us: number[]; frames: number[]; loop: number[]; faults: number[]; writes: number[] }
    >();
    for (let r = 0; r < ROUNDS; r++) {
      for (const v of VARIANTS) {
        const out = await round(setups.get(v)!, batch);
        const e = results.get(v) ?? { us: [], frames: [], loop: [], faults: [], writes: [] };
        e.writes.push(out.writesPerDm);
        e.faults.push(out.faultsPerDm);
        e.us.push(out.usPerDm);
        e.loop.push(out.loopUsPerCommit);
        e.frames.push(out.framesPerCommit);
        results.set(v, e);
      }
    }
    for (const [v, e] of results) {
      const med = median(e.us);
      console.log(
        `batch ${String(batch).padStart(3)}  ${v.padEnd(14)} ${med.toFixed(0).padStart(5)} µs/DM (${e.us.map((x) => x.toFixed(0)).join(', ')})  WAL frames/commit ${e.frames[e.frames.length - 1]!.toFixed(1)}  event loop held ${median(e.loop).toFixed(0)} µs/commit  page faults ${median(e.faults).toFixed(1)}/DM  write calls ${median(e.writes).toFixed(1)}/DM`,
      );
    }
  }
  if (values.pages) for (const [v, s] of setups) pagesByTree(v, s, BATCHES);
  for (const s of setups.values()) {
    s.walSync?.close();
    s.db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
