import { Worker } from 'node:worker_threads';

/**
 * A received file's sha-256 and first bytes (for sniffing), computed off the event loop, once
 * its bytes are on disk.
 */
export interface Digest {
  sha256: string;
  head: Uint8Array;
}

// The worker's code, inline: the server runs from TypeScript (tsx) and from a bundle
// (out/main), and an inline script needs no file of its own in either. It reads the file in
// 1 MiB chunks, hashes it, keeps the first `headBytes` bytes, and flushes it to disk (fsync).
// The flush is here, off the event loop, for two reasons: a file acknowledged is on disk, and
// the upload's commit, which fsyncs the database on the event loop, no longer waits for the
// file system to write the upload's megabytes first (ext4 orders them before it).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, fsyncSync, openSync, readSync } = require('node:fs');
// One buffer for every file: memory stays flat whatever the file's size. Blocking reads are
// fine here: this thread does nothing else.
const buf = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, path, headBytes }) => {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('sha256');
    let head = null;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      if (head === null) head = Buffer.from(buf.subarray(0, Math.min(n, headBytes)));
      hash.update(buf.subarray(0, n));
    }
    fsyncSync(fd);
    parentPort.postMessage({ id, sha256: hash.digest('hex'), head: head ?? Buffer.alloc(0) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message) });
  } finally {
    if (fd >= 0) closeSync(fd);
  }
});
`;

type Reply = { id: number; sha256: string; head: Uint8Array } | { id: number; error: string };

/**
 * One worker thread per process, started at the first upload and unref'd (it never keeps a
 * process alive, and every server in the process shares it: hashing has no state). Before,
 * the sha-256 ran on the event loop chunk by chunk as the body arrived: 10 concurrent 25 MB
 * uploads cost the loop ~250 MB of hashing (bench/uploads.ts). Now the loop only moves bytes
 * to disk (libuv's thread pool writes them) and the worker reads the file back from the page
 * cache once it is complete.
 */
class DigestWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (d: Digest) => void; reject: (e: Error) => void }
  >();

  digest(path: string, headBytes: number): Promise<Digest> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Digest>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Only while work is pending does the worker keep the process alive.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, path, headBytes });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    // A crashed worker fails what it had; the next digest starts a new one.
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const p of waiting) p.reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the digest worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve({ sha256: reply.sha256, head: new Uint8Array(reply.head) });
  }
}

let shared: DigestWorker | null = null;

/**
 * The sha-256 and first `headBytes` bytes of the file at `path`, from a worker thread, which
 * also flushes the file to disk before answering.
 */
export function digestFile(path: string, headBytes: number): Promise<Digest> {
  shared ??= new DigestWorker();
  return shared.digest(path, headBytes);
}
