import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../common/errors';
import { AppError, STATUS_BY_CODE } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import type { SearchKind } from '../../common/api';
import type { SearchRequest } from '../services/search.service';
import type { SearchJob, SearchReply, SearchWorkerData } from './search-protocol';
import { searchWorkerScript, type WorkerScript } from './worker-script';

export interface SearchPoolOptions {
  /** Threads, each with its own read-only connection (config: searchThreads). */
  size: number;
  /** The forum's database file. */
  file: string;
  nativeBinding?: string | undefined;
  log: Logger;
  /** Searches waiting for a thread at most; past it, 503 at once (memory stays bounded). */
  maxQueued?: number;
  /** Searches handed to a busy thread beyond the one it runs, when no thread is free (default 1). */
  ahead?: number;
  /** How long a thread may take to open its connection before it counts as failed. */
  startTimeoutMs?: number;
  /** Where the thread's code is (tests point it elsewhere); default searchWorkerScript(). */
  script?: WorkerScript | null;
}

/** No thread could start (no entry found, or each failed): search stays on the event loop. */
export class SearchThreadsUnavailable extends Error {
  constructor(why: string) {
    super(`search threads unavailable: ${why}`);
    this.name = 'SearchThreadsUnavailable';
  }
}

interface Pending {
  job: SearchJob;
  resolve: (parts: string[]) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Handed to the thread and not answered yet, in the order it runs them: the first runs. */
  inFlight: Pending[];
  startTimer: NodeJS.Timeout | null;
}

const closing = () => new AppError('UNAVAILABLE', 'The server is shutting down.');

/** In a minute, more crashes than this stop the replacing (something is wrong with every search). */
const MAX_CRASHES_PER_MINUTE = 20;

/**
 * Search off the event loop, on every core: `size` worker threads, started at the first
 * search, each running one search at a time on its own read-only connection (WAL readers
 * see what was committed when their statement starts, so a search right after a write
 * finds it). Searches wait in one queue and go to whichever thread is free; when all are
 * busy and more wait, each busy thread is also handed the next (`ahead`), so it never idles
 * while the event loop gets round to its answer (measured at 20 searchers: the threads were
 * idle ~30 % of the time with searches queued, and the machine's cores a fifth idle). A
 * thread that dies is replaced; the search it was running gets 503 UNAVAILABLE, and the
 * ones handed behind it go to another thread. An error inside a search is that request's
 * error, never a crash. close() ends every thread.
 */
export class SearchPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private pending = 0;
  private started = false;
  private closed = false;
  private broken: string | null = null;
  private crashes: number[] = [];
  private waitingReady: (() => void)[] = [];
  /** The most threads ever searching at once (tests: searches really run side by side). */
  busyPeak = 0;
  private readonly script: WorkerScript | null;

  constructor(private readonly options: SearchPoolOptions) {
    this.script = options.script === undefined ? searchWorkerScript() : options.script;
  }

  /**
   * Each kind's group (JSON text, in the order of `kinds`). Rejects with AppError, or
   * SearchThreadsUnavailable.
   */
  run(userId: number, req: SearchRequest, kinds: SearchKind[]): Promise<string[]> {
    if (this.closed) {
      return Promise.reject(closing());
    }
    if (this.broken !== null) return Promise.reject(new SearchThreadsUnavailable(this.broken));
    if (!this.started) this.start();
    if (this.broken !== null) return Promise.reject(new SearchThreadsUnavailable(this.broken));
    const maxQueued = this.options.maxQueued ?? 64 * this.options.size;
    if (this.waiting() >= maxQueued) {
      return Promise.reject(
        new AppError('UNAVAILABLE', 'Search is busy. Try again in a moment.', { retryAfterSec: 1 }),
      );
    }
    return new Promise<string[]>((resolve, reject) => {
      this.hold(1);
      this.queue.push({
        job: { id: this.nextId++, userId, req, kinds },
        resolve: (parts) => {
          this.hold(-1);
          resolve(parts);
        },
        reject: (err) => {
          this.hold(-1);
          reject(err);
        },
      });
      this.pump();
    });
  }

  /**
   * While searches are pending the threads keep the process alive, idle they do not: counted
   * for the pool, not per search (ref() and unref() cost more than a search's messages).
   */
  private hold(delta: 1 | -1): void {
    const was = this.pending;
    this.pending += delta;
    if (was === 0 && this.pending > 0) for (const s of this.slots) s.worker.ref();
    else if (this.pending === 0) for (const s of this.slots) s.worker.unref();
  }

  /**
   * Starts the threads if not yet, and resolves once each has its connection open (or the
   * pool has given up: run() then rejects with SearchThreadsUnavailable).
   */
  ready(): Promise<void> {
    if (!this.started) this.start();
    if (this.allReady()) return Promise.resolve();
    return new Promise((resolve) => this.waitingReady.push(resolve));
  }

  private allReady(): boolean {
    return (
      this.closed ||
      this.broken !== null ||
      (this.slots.size >= this.options.size && [...this.slots].every((s) => s.ready))
    );
  }

  private settleReady(): void {
    if (this.allReady()) for (const resolve of this.waitingReady.splice(0)) resolve();
  }

  /** The running threads (tests: to see them answer at once, or to end one). */
  threads(): Worker[] {
    return [...this.slots].map((s) => s.worker);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectQueued(closing());
    this.settleReady();
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }

  private start(): void {
    this.started = true;
    if (this.script === null) {
      this.fail('the search thread entry (search-worker.js) was not found');
      return;
    }
    for (let i = 0; i < this.options.size; i++) this.spawn(this.script);
  }

  private spawn(script: WorkerScript): void {
    const data: SearchWorkerData = {
      file: this.options.file,
      nativeBinding: this.options.nativeBinding,
    };
    let worker: Worker;
    try {
      worker = new Worker(script.url, {
        workerData: data,
        ...(script.execArgv ? { execArgv: script.execArgv } : {}),
      });
    } catch (err) {
      this.options.log.warn('a search thread could not start', { err: String(err) });
      if (this.slots.size === 0) this.fail(String(err));
      return;
    }
    const slot: Slot = { worker, ready: false, inFlight: [], startTimer: null };
    this.slots.add(slot);
    if (this.pending === 0) worker.unref();
    slot.startTimer = setTimeout(() => {
      this.options.log.warn('a search thread took too long to start');
      void worker.terminate();
    }, this.options.startTimeoutMs ?? 30_000);
    slot.startTimer.unref();
    worker.on('message', (m: SearchReply) => this.onReply(slot, m));
    worker.on('error', (err) => {
      // Followed by 'exit': that is where the slot goes and its search fails.
      if (!this.closed) this.options.log.error('a search thread failed', { err });
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private onReply(slot: Slot, m: SearchReply): void {
    if ('ready' in m) {
      if (slot.startTimer) clearTimeout(slot.startTimer);
      slot.ready = true;
      this.settleReady();
      this.pump();
      return;
    }
    const p = slot.inFlight[0];
    if (!p || p.job.id !== m.id) return;
    slot.inFlight.shift();
    if (m.ok) p.resolve(m.parts);
    else if (m.code !== 'INTERNAL' && m.code in STATUS_BY_CODE) {
      p.reject(new AppError(m.code as ErrorCode, m.message));
    } else {
      // A bug: the error handler logs it and answers 500 INTERNAL without details.
      p.reject(new Error(`search thread: ${m.message}`));
    }
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    if (slot.startTimer) clearTimeout(slot.startTimer);
    this.slots.delete(slot);
    // The first was running (maybe why the thread died); the ones behind it go to another.
    const [running, ...notStarted] = slot.inFlight.splice(0);
    running?.reject(
      this.closed
        ? closing()
        : new AppError('UNAVAILABLE', 'The search was interrupted. Try again.', {
            retryAfterSec: 1,
          }),
    );
    this.queue.unshift(...notStarted);
    if (this.closed || this.broken !== null) {
      this.rejectQueued(
        this.broken !== null ? new SearchThreadsUnavailable(this.broken) : closing(),
      );
      return;
    }
    if (!slot.ready) {
      this.options.log.warn('a search thread exited before it was ready', { code });
      if (this.slots.size === 0)
        this.fail(`the search thread exited (code ${code}) before it was ready`);
      return;
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
    this.options.log.error('a search thread exited; starting another', { code });
    if (this.crashes.length > MAX_CRASHES_PER_MINUTE) {
      this.fail(`${this.crashes.length} search threads exited within a minute`);
    } else if (this.script) this.spawn(this.script);
    this.pump();
  }

  /** Hands queued searches to the free threads first, then `ahead` more to each busy one. */
  private pump(): void {
    const depth = 1 + (this.options.ahead ?? 1);
    for (let d = 1; d <= depth; d++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (!slot.ready || slot.inFlight.length >= d) continue;
        const p = this.queue.shift()!;
        slot.inFlight.push(p);
        slot.worker.postMessage(p.job);
        if (d === 1) {
          const busy = [...this.slots].filter((s) => s.inFlight.length > 0).length;
          this.busyPeak = Math.max(this.busyPeak, busy);
        }
      }
    }
  }

  /** Searches not yet started: in the queue, or handed to a busy thread behind its current one. */
  private waiting(): number {
    let n = this.queue.length;
    for (const s of this.slots) n += Math.max(0, s.inFlight.length - 1);
    return n;
  }

  private rejectQueued(err: Error): void {
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  /** No thread can search: whatever waits is told so (the caller searches in-process). */
  private fail(why: string): void {
    this.broken = why;
    this.rejectQueued(new SearchThreadsUnavailable(why));
    for (const s of this.slots) void s.worker.terminate();
    this.settleReady();
  }
}
