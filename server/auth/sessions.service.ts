import { hash, randomBytes } from 'node:crypto';
import type { Me } from '../../common/api';
import {
  committed,
  type Publisher,
  type SessionEndReason,
  type Transaction,
} from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { SessionsStore, SessionWithUser } from '../store/sessions.store';
import { toMe } from '../store/users.store';
import { activeSuspension } from './suspension-state';
import { SessionCookie } from './session-cookie';

/** Who is calling: attached to every authenticated request (and, later, every socket). */
export interface AuthContext {
  user: Me;
  sessionId: number;
  expiresAtMs: number;
}

export interface AuthResult extends AuthContext {
  token: string;
  /** The expiry moved forward: the caller should re-send the cookie with the new Max-Age. */
  renewed: boolean;
}

export interface NewSession {
  token: string;
  sessionId: number;
  expiresAtMs: number;
}

export interface SessionServiceOptions {
  /** This forum's cookie name, `hearth_<forum id>` (session-cookie.ts). */
  cookieName: string;
  ttlMs: number;
  renewAfterMs: number;
  clock: () => number;
}

/** One call, no Hash object (`crypto.hash`): every request hashes its cookie's token. */
const hashToken = (token: string): Buffer => hash('sha256', token, 'buffer');
/** The same hash as lowercase hex, in one call (no Hash object): a storm hashes thousands. */
const hashTokenHex = (token: string): string => hash('sha256', token, 'hex');

/** Longest wait between sweeps; a sweep also runs right when the next session expires. */
const MAX_SWEEP_DELAY_MS = 60 * 60 * 1000;

/**
 * Sessions: a 256-bit random token in the cookie, only its SHA-256 in the database. The
 * expiry slides forward on use (at most once per `renewAfterMs`). Every way a session ends
 * (logout, expiry, replaced at login) is published (`Committed.sessionsEnded`), so the live
 * layer closes that session's sockets.
 */
export class SessionService {
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** Reads and writes this forum's session cookie. */
  readonly cookie: SessionCookie;

  constructor(
    private readonly store: SessionsStore,
    private readonly publisher: Publisher,
    private readonly options: SessionServiceOptions,
    private readonly log: Logger,
  ) {
    this.cookie = new SessionCookie(options.cookieName);
  }

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  create(userId: number): NewSession {
    const token = randomBytes(32).toString('base64url');
    const now = this.options.clock();
    const expiresAtMs = now + this.options.ttlMs;
    const sessionId = this.store.insert(hashToken(token), userId, now, expiresAtMs);
    this.scheduleSweep();
    return { token, sessionId, expiresAtMs };
  }

  /**
   * The one session check, shared by REST and the WebSocket `upgrade` handler: a `Cookie`
   * header in, the user (or null) out. Every value of this forum's cookie is looked up, in
   * one query, and the first live session in header order wins, so stale or planted
   * duplicates (even many with `Path=/api`, which the browser sends first) cannot sign the
   * user out.
   */
  authenticateCookieHeader(cookieHeader: string | undefined): AuthResult | null {
    const tokens = this.cookie.tokens(cookieHeader);
    if (tokens.length <= 1) return tokens[0] ? this.authenticateToken(tokens[0]) : null;
    const tried = tokens.map((token) => ({ token, hex: hashTokenHex(token) }));
    const rows = new Map(
      this.store.byTokenHashes(tried.map((t) => t.hex)).map((row) => [row.token_hex, row]),
    );
    // In header order, as separate lookups would go: expired ones met first are ended.
    for (const { token, hex } of tried) {
      const row = rows.get(hex);
      const auth = row ? this.authenticateRow(row, token) : null;
      if (auth) return auth;
    }
    return null;
  }

  /**
   * `authenticateCookieHeader` for many headers at once (the WebSocket handshakes of a
   * reconnect storm, `live/handshake-batch.ts`): every value of every header in one query,
   * then each header decided as alone, in order. A session met twice in one call is decided
   * against its state after the first (renewed, or gone once ended).
   */
  authenticateMany(cookieHeaders: readonly (string | undefined)[]): (AuthResult | null)[] {
    const perHeader = cookieHeaders.map((header) =>
      this.cookie.tokens(header).map((token) => ({ token, hex: hashTokenHex(token) })),
    );
    const hexes = perHeader.flat().map((t) => t.hex);
    const rows = new Map<string, SessionWithUser>();
    if (hexes.length > 0) {
      for (const row of this.store.byTokenHashes(hexes)) rows.set(row.token_hex, row);
    }
    // Renewals are written together after the loop, in one commit instead of one each.
    const renewals: { id: number; expiresMs: number }[] = [];
    const results = perHeader.map((tried) => {
      for (const { token, hex: key } of tried) {
        const row = rows.get(key);
        if (!row) continue;
        const auth = this.authenticateRow(row, token, renewals);
        if (auth) {
          row.expires_ms = auth.expiresAtMs;
          return auth;
        }
        rows.delete(key);
      }
      return null;
    });
    if (renewals.length > 0) this.store.renewMany(renewals);
    return results;
  }

  authenticateToken(token: string): AuthResult | null {
    const row = this.store.byTokenHash(hashToken(token));
    return row ? this.authenticateRow(row, token) : null;
  }

  /** `renewals`: collect the renewal there for the caller to write, instead of writing it. */
  private authenticateRow(
    row: SessionWithUser,
    token: string,
    renewals?: { id: number; expiresMs: number }[],
  ): AuthResult | null {
    const now = this.options.clock();
    if (row.expires_ms <= now) {
      this.end(row.session_id, 'expired');
      return null;
    }
    // A suspension ends every session in its own transaction; this catches one a login made
    // while the suspension was committing.
    if (activeSuspension(row, now)) {
      this.end(row.session_id, 'suspended');
      return null;
    }
    let expiresAtMs = row.expires_ms;
    let renewed = false;
    const lastRenewedMs = row.expires_ms - this.options.ttlMs;
    if (now - lastRenewedMs >= this.options.renewAfterMs) {
      expiresAtMs = now + this.options.ttlMs;
      if (renewals) renewals.push({ id: row.session_id, expiresMs: expiresAtMs });
      else this.store.renew(row.session_id, expiresAtMs);
      renewed = true;
    }
    return { user: toMe(row), sessionId: row.session_id, expiresAtMs, token, renewed };
  }

  /**
   * Deletes the session and publishes its end; a no-op if it is already gone. Given the
   * transaction it runs in (a login replacing the caller's session), the end is published
   * when that commits.
   */
  end(sessionId: number, reason: SessionEndReason, tx?: Transaction): void {
    const removed = this.store.remove(sessionId);
    if (!removed) return;
    const end = { sessionId, userId: removed.user_id, reason };
    if (tx) tx.sessionEnded(end);
    else this.publisher.publish(committed({ sessionsEnded: [end] }));
  }

  /**
   * Ends every session of `userId` except `keep` (the caller's own, after a password change)
   * in the caller's write transaction: the sessions go with the change that requires it (a
   * suspension, a password change or reset), and once it commits the live layer closes each
   * one's sockets (`Committed.sessionsEnded` → `LivePort.deliver` → `endSession`). Returns
   * how many ended.
   */
  endAllOf(tx: Transaction, userId: number, reason: SessionEndReason, keep?: number): number {
    const ended = this.store.removeAllOf(tx, userId, keep);
    for (const sessionId of ended) tx.sessionEnded({ sessionId, userId, reason });
    return ended.length;
  }

  /** Deletes every expired session; returns how many. */
  sweepExpired(): number {
    const removed = this.store.removeExpired(this.options.clock());
    if (removed.length > 0) {
      const sessionsEnded = removed.map((s) => ({
        sessionId: s.id,
        userId: s.user_id,
        reason: 'expired' as const,
      }));
      this.publisher.publish(committed({ sessionsEnded }));
    }
    if (removed.length > 0) this.log.debug('expired sessions removed', { count: removed.length });
    return removed.length;
  }

  /** Sweeps when the next session expires (so sockets close on time), at least hourly. */
  startSweeper(): void {
    this.sweeping = true;
    this.scheduleSweep();
  }

  stopSweeper(): void {
    this.sweeping = false;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
  }

  private scheduleSweep(): void {
    if (!this.sweeping) return;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    const next = this.store.nextExpiryMs();
    const wait =
      next === null
        ? MAX_SWEEP_DELAY_MS
        : Math.min(MAX_SWEEP_DELAY_MS, Math.max(1000, next - this.options.clock() + 50));
    this.sweepTimer = setTimeout(() => {
      try {
        this.sweepExpired();
      } catch (err) {
        this.log.error('session sweep failed', { err });
      }
      this.scheduleSweep();
    }, wait);
    this.sweepTimer.unref();
  }
}
