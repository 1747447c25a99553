import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { AuthResult } from '../auth/sessions.service';
import { admitSession, type Admission, type AdmissionDeps } from './admission';

/** A handshake that passed `precheckHandshake`, waiting for its session check. */
export interface PendingHandshake {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  secure: boolean;
}

export interface HandshakeBatchDeps {
  admission: AdmissionDeps;
  /**
   * The longest wait between batches (ms) in a reconnect storm: while batches keep filling,
   * the window between them doubles from 1 ms up to this, so each gathers many; after a calm
   * spell a handshake goes at the next event-loop turn. 0: a batch each turn.
   */
  windowMs: number;
  /** Answers a refused handshake (on the raw socket, before any upgrade). */
  refuse(pending: PendingHandshake, refusal: Extract<Admission, { ok: false }>): void;
  /** Upgrades an admitted one (synchronously: the per-user socket count moves at once). */
  upgrade(pending: PendingHandshake, auth: AuthResult): void;
}

/**
 * The session check of WebSocket handshakes, for many at once. When a host restarts, every
 * client reconnects together: one session query per socket (and then one greeting per tick,
 * `Hub.greet`) made a storm cost each socket its own statements. Handshakes that passed the
 * checks needing no database wait here; a batch looks up all their sessions in one query
 * (`SessionService.authenticateMany`), decides each as `admitHandshake` would, in arrival
 * order, and upgrades the admitted ones in the same turn, so the hub's next tick greets them
 * together (their unread counts in one query, one shared presence snapshot).
 *
 * Batches run at most every `windowMs`, a window that doubles from 1 ms while batches fill
 * (STORM_BATCH or more: a storm), up to `deps.windowMs`, and halves each time a handshake
 * finds a whole window passed without one. That handshake (a lone one after a calm spell)
 * waits only for the next event-loop turn (setImmediate).
 */
export class HandshakeBatch {
  private pending: PendingHandshake[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private lastRunAt = -Infinity;
  /** The current window: from 1 ms, doubled while batches fill, halved after a calm spell. */
  private windowMs: number;

  constructor(private readonly deps: HandshakeBatchDeps) {
    this.windowMs = Math.min(1, deps.windowMs);
  }

  /** Handshakes waiting for the next batch. */
  get size(): number {
    return this.pending.length;
  }

  push(pending: PendingHandshake): void {
    this.pending.push(pending);
    if (this.timer !== null || this.immediate !== null) return;
    const wait = this.lastRunAt + this.windowMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.run(), wait);
      return;
    }
    // A whole window passed without a handshake: the storm, if any, is passing.
    this.windowMs = Math.max(Math.min(1, this.deps.windowMs), this.windowMs / 2);
    this.immediate = setImmediate(() => this.run());
  }

  /** Decides every waiting handshake now. */
  run(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    this.lastRunAt = performance.now();
    // A client that gave up meanwhile needs nothing (its socket is gone).
    const list = this.pending.filter((p) => !p.socket.destroyed);
    this.pending = [];
    // Several at once means a storm: wait longer for the next batch (more per query). (It
    // shrinks in `push`, when a handshake finds the window passed without one.)
    if (list.length >= STORM_BATCH) this.windowMs = Math.min(this.deps.windowMs, this.windowMs * 2);
    if (list.length === 0) return;
    const { admission } = this.deps;
    let sessions: ({ auth: AuthResult | null } | { failed: unknown })[];
    try {
      sessions = admission.sessions
        .authenticateMany(list.map((p) => p.req.headers.cookie))
        .map((auth) => ({ auth }));
    } catch (err) {
      sessions = list.map(() => ({ failed: err }));
    }
    for (let i = 0; i < list.length; i++) {
      const pending = list[i]!;
      const verdict = admission.closing()
        ? SHUTTING_DOWN
        : admitSession(sessions[i]!, pending.secure, admission);
      if (verdict.ok) this.deps.upgrade(pending, verdict.auth);
      else this.deps.refuse(pending, verdict);
    }
  }

  /** At shutdown: the waiting handshakes are decided now (refused: the server is closing). */
  close(): void {
    this.run();
  }
}

/** A batch this big or bigger means handshakes came back to back (within the window). */
const STORM_BATCH = 2;

const SHUTTING_DOWN = {
  ok: false,
  status: 503,
  code: 'UNAVAILABLE',
  message: 'The forum is shutting down. Try again shortly.',
  retryAfterSec: 1,
} as const satisfies Admission;
