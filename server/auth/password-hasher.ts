import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors/app-error';

/**
 * bcrypt costs ~80 ms per hash at cost 10 here. Run on the event loop, 50 logins would
 * stall every other request for 4 s; bcryptjs's async API only slices that into 100 ms
 * blocks. So hashing runs in a small pool of worker threads and the loop stays free.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** Spends the same time as a real check, for logins of unknown users (no enumeration). */
  verifyDummy(password: string): Promise<false>;
  /** The cost a stored hash was made with (to rehash old ones after login). */
  costOf(hash: string): number;
  readonly cost: number;
  close(): Promise<void>;
}

export interface PasswordHasherOptions {
  cost: number;
  workers: number;
  /**
   * Most jobs waiting for a thread (on top of the one each thread runs). Past it, work is
   * refused at once with PasswordHasherBusyError, so a flood of logins from many addresses
   * cannot grow memory and everyone's wait without bound (config: hashQueueMax).
   */
  maxQueued: number;
  /** How long a worker may take to load bcryptjs before startup fails. */
  startTimeoutMs?: number;
}

type Task =
  { op: 'hash'; password: string; cost: number } | { op: 'verify'; password: string; hash: string };
type Reply =
  { id: number; ok: true; value: string | boolean } | { id: number; ok: false; error: string };

interface Pending {
  id: number;
  task: Task;
  /** performance.now() when a thread took it. */
  startedMs: number;
  resolve: (value: string | boolean) => void;
  reject: (err: Error) => void;
}

// Evaluated as a CommonJS script, so the worker needs no file of its own, and bcryptjs's
// self-contained UMD build arrives as text: nothing is loaded by path inside the worker.
// That keeps it working from source (tsx, vitest), bundled (out/main/*.js), and packaged
// inside app.asar, which worker threads cannot read.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.lowerPriority) {
  try { require('node:os').setPriority(10); } catch {}
}
const mod = { exports: {} };
new Function('exports', 'require', 'module', workerData.bcryptSource)(mod.exports, require, mod);
const bcrypt = mod.exports;
parentPort.on('message', (m) => {
  try {
    const value = m.task.op === 'hash'
      ? bcrypt.hashSync(m.task.password, m.task.cost)
      : bcrypt.compareSync(m.task.password, m.task.hash);
    parentPort.postMessage({ id: m.id, ok: true, value });
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, error: String((e && e.message) || e) });
  }
});
parentPort.postMessage({ ready: true });
`;

/**
 * The queue is full: 429 RATE_LIMITED with Retry-After (the wait for the queue to drain). A
 * 429 rather than a 503 because, to a client, it means the same as the per-IP limit in
 * front of it (wait, then retry) and the UI already says so.
 */
export class PasswordHasherBusyError extends AppError {
  constructor(retryAfterSec: number) {
    super(
      'RATE_LIMITED',
      `The server is busy checking other passwords. Try again in ${retryAfterSec} s.`,
      { retryAfterSec },
    );
    this.name = 'PasswordHasherBusyError';
  }
}

class WorkerSlot {
  busy: Pending | null = null;
  constructor(readonly worker: Worker) {}
}

export class PasswordHasherStartError extends Error {
  constructor(reason: string) {
    super(`Could not start the password hashing threads: ${reason}`);
    this.name = 'PasswordHasherStartError';
  }
}

export async function createPasswordHasher(
  options: PasswordHasherOptions,
): Promise<PasswordHasher> {
  // On Linux a thread's nice value is its own: hashing yields the CPU to request handling
  // when cores are scarce and runs at full speed otherwise. (Elsewhere setPriority would
  // lower the whole process, so it is left alone.)
  const lowerPriority = process.platform === 'linux';
  const bcryptSource = readFileSync(createRequire(import.meta.url).resolve('bcryptjs'), 'utf8');
  const slots: WorkerSlot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;
  let dummyHash: Promise<string> | null = null;
  const { maxQueued } = options;
  /** Recent time per job, for Retry-After when the queue is full. */
  let avgJobMs = 100;

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.busy || queue.length === 0) continue;
      const job = queue.shift() as Pending;
      job.startedMs = performance.now();
      slot.busy = job;
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  };

  const spawn = (): Promise<WorkerSlot> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { bcryptSource, lowerPriority },
      });
      const slot = new WorkerSlot(worker);
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new PasswordHasherStartError('the worker did not start in time'));
      }, options.startTimeoutMs ?? 15_000);
      worker.on('message', (msg: Reply | { ready: true }) => {
        if ('ready' in msg) {
          clearTimeout(timer);
          resolve(slot);
          return;
        }
        const job = slot.busy;
        slot.busy = null;
        if (job && job.id === msg.id) {
          avgJobMs = 0.8 * avgJobMs + 0.2 * (performance.now() - job.startedMs);
          if (msg.ok) job.resolve(msg.value);
          else job.reject(new Error(`password hashing failed: ${msg.error}`));
        }
        dispatch();
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        reject(new PasswordHasherStartError(err.message));
        slot.busy?.reject(err);
        slot.busy = null;
      });
      worker.on('exit', () => {
        const index = slots.indexOf(slot);
        if (index >= 0) slots.splice(index, 1);
        if (slot.busy) {
          slot.busy.reject(new Error('the password hashing thread stopped'));
          slot.busy = null;
        }
        // A crashed thread is replaced, so one bad input cannot disable logins.
        if (!closed) {
          spawn()
            .then((fresh) => {
              if (closed) void fresh.worker.terminate();
              else {
                slots.push(fresh);
                dispatch();
              }
            })
            .catch(() => undefined);
        }
      });
    });

  try {
    slots.push(...(await Promise.all(Array.from({ length: options.workers }, spawn))));
  } catch (err) {
    closed = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw err;
  }

  const run = (task: Task): Promise<string | boolean> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new Error('the password hasher is closed'));
        return;
      }
      const busyThreads = slots.filter((s) => s.busy).length;
      if (busyThreads === slots.length && queue.length >= maxQueued) {
        const jobsAhead = queue.length + busyThreads;
        const waitMs = (jobsAhead * avgJobMs) / Math.max(1, slots.length);
        reject(new PasswordHasherBusyError(Math.max(1, Math.ceil(waitMs / 1000))));
        return;
      }
      queue.push({ id: nextId++, task, resolve, reject, startedMs: 0 });
      dispatch();
    });

  const hasher: PasswordHasher = {
    cost: options.cost,
    hash: async (password) => (await run({ op: 'hash', password, cost: options.cost })) as string,
    verify: async (password, hash) => (await run({ op: 'verify', password, hash })) as boolean,
    verifyDummy: async (password) => {
      if (!dummyHash) {
        const made = hasher.hash(`dummy-${Math.random()}`);
        // A refused (queue full) or failed attempt is not kept: the next login retries.
        made.catch(() => {
          if (dummyHash === made) dummyHash = null;
        });
        dummyHash = made;
      }
      await hasher.verify(password, await dummyHash);
      return false;
    },
    costOf: (hash) => Number.parseInt(hash.slice(4, 6), 10) || 0,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the password hasher is closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
  return hasher;
}
