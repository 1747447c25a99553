/**
 * The checkpoint thread's source (started by wal-checkpointer.ts): its own connection to the
 * same file, running PASSIVE checkpoints (they copy WAL frames into the database without
 * ever blocking a writer). CommonJS source, handed the module path, so it loads nothing
 * relative to a bundle (like the hashing threads).
 *
 * A round every `everyMs`: one pass copies every frame committed before it began and fsyncs
 * the database file; the writer goes on meanwhile. Once the WAL holds `catchUpAboveFrames`
 * frames, up to `catchUp` more passes then copy what
 * came in during the last one (a few batches' frames), waiting a millisecond whenever nothing
 * was left, until the WAL restarts: SQLite rewrites the WAL from its start only when the next
 * commit finds every frame already copied. Under a steady load (the chat group commit, many
 * times a second) a single pass never gets there, and the WAL then grows by every commit's
 * frames for as long as the load lasts (hundreds of MB a minute), each commit extending the
 * file: measured (bench/README.md, "Issue 15, sixth pass"), a DM committed into a WAL it
 * overwrites costs less CPU than one that extends it.
 */
export const CHECKPOINT_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
// exec, not pragma(): pragma() makes a Statement object per call; exec makes none.
db.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let stopping = false;
// The pending sleep, cut short by 'stop' (closing the server waits for this thread).
let wake = null;
const sleep = (ms) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => {
      wake = null;
      resolve();
    }, ms);
    wake = () => {
      clearTimeout(timer);
      wake = null;
      resolve();
    };
  });

// The WAL header's checkpoint sequence number (bytes 12-15, big-endian): SQLite adds one at
// each restart. -1 when there is no WAL file (yet).
const header = Buffer.alloc(16);
const walSeq = () => {
  try {
    const fd = fs.openSync(workerData.file + '-wal', 'r');
    try {
      return fs.readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : -1;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return -1;
  }
};

const pass = () => {
  const startedAt = performance.timeOrigin + performance.now();
  const r = checkpoint.get();
  if (workerData.marks) {
    const endedAt = performance.timeOrigin + performance.now();
    parentPort.postMessage({ mark: { startedAt, endedAt, walFrames: r.log, copied: r.checkpointed, busy: r.busy, walRestarts: walSeq() } });
  }
  return r;
};

// The WAL's frames after the last round: the same at the next one means no commit came in
// between (an idle forum), and there is nothing to catch up with.
let lastLog = -1;
// Fewer (three) let a commit that was under way append after the catch-up gave up: measured,
// restarts fell by half on a busy machine.
const QUIET_LOOKS = 10;
const round = async () => {
  let r = pass();
  const idle = r.log === lastLog;
  lastLog = r.log;
  // log 0: nothing to restart; -1: not in WAL mode (a ':memory:' database).
  if (idle || r.busy !== 0 || r.log <= 0 || r.log < workerData.catchUpAboveFrames) return;
  if (workerData.catchUp === 0) return;
  const seq = walSeq();
  let empty = 0;
  for (let i = 0; i < workerData.catchUp && !stopping; i++) {
    // r.log: the frames in the WAL when that pass began (it copied all of them).
    const before = r.log;
    r = pass();
    lastLog = r.log;
    if (r.busy !== 0 || r.log < before || walSeq() !== seq) return; // restarted (or locked)
    if (r.log > before) {
      empty = 0;
      continue;
    }
    // Nothing new: every frame is copied, and the next commit restarts the WAL, unless one
    // was under way (it appends: a transaction that began before the last copy, or a writer
    // descheduled mid-commit). Look again in a moment; after ten quiet looks in a row the
    // writer has paused, and its next commit will restart the WAL.
    if (++empty === QUIET_LOOKS) return;
    await sleep(1);
  }
};

const loop = async () => {
  while (!stopping) {
    await sleep(workerData.everyMs);
    if (stopping) break;
    try {
      await round();
    } catch (err) {
      parentPort.postMessage({ error: String((err && err.message) || err) });
    }
  }
  db.close();
  parentPort.postMessage('stopped');
};

parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopping = true;
  if (wake) wake();
});
parentPort.postMessage('ready');
void loop();
`;
