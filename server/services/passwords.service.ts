import { createHash, randomBytes } from 'node:crypto';
import {
  ACCOUNT_LIMITS,
  RESET_LINK_END_TEXT,
  type ChangePasswordRequest,
  type ResetLink,
  type ResetLinkEnd,
  type ResetLinkState,
  type ResetPasswordRequest,
} from '../../common/accounts';
import type { Role } from '../../common/api';
import type { PasswordHasher } from '../auth/password-hasher';
import type { SignedIn } from './accounts.service';
import type { AuthContext, SessionService } from '../auth/sessions.service';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { ModerationLogStore } from '../store/moderation-log.store';
import type { PasswordResetRow, PasswordResetsStore } from '../store/password-resets.store';
import { toMe, type UsersStore } from '../store/users.store';

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** The stores the password work reads and writes. */
export interface PasswordStores {
  users: UsersStore;
  passwordResets: PasswordResetsStore;
  moderationLog: ModerationLogStore;
}

/**
 * Changing one's password (the current one required; every other session ends) and
 * one-time reset links (there is no e-mail on a LAN: an owner or admin makes a link and
 * passes it on). A link's token has 256 random bits and only its SHA-256 is stored; it works
 * for 24 hours, once, and a newer link (or a password change) ends the older one.
 */
export class PasswordsService {
  constructor(
    private readonly stores: PasswordStores,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly writer: Writer,
    private readonly clock: () => number,
    private readonly log: Logger,
  ) {}

  /**
   * 403 WRONG_PASSWORD when `currentPassword` is wrong (the route counts it as a failed
   * login). The caller's session stays; every other one ends and its sockets close.
   */
  async change(auth: AuthContext, input: ChangePasswordRequest): Promise<void> {
    const row = this.stores.users.byId(auth.user.id);
    if (!row || !(await this.hasher.verify(input.currentPassword, row.password_hash))) {
      throw new AppError('WRONG_PASSWORD', 'Your current password is not right.', {
        field: 'currentPassword',
      });
    }
    const passwordHash = await this.hasher.hash(input.newPassword);
    const ended = this.writer.write((tx) => {
      this.stores.users.updatePasswordHash(tx, row.id, passwordHash);
      this.stores.passwordResets.endOpen(tx, row.id, this.clock(), 'password_changed');
      return this.sessions.endAllOf(tx, row.id, 'password_changed', auth.sessionId);
    });
    this.log.info('password changed', { userId: row.id, otherSessionsEnded: ended });
  }

  /**
   * An owner or admin makes a link for someone else: never for themselves (they change
   * their password instead), and an admin never for the owner. `origin` is the forum's
   * address as the caller reached it.
   */
  createLink(actor: { id: number; role: Role }, targetId: number, origin: string): ResetLink {
    if (actor.role !== 'owner' && actor.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only the owner or an admin can make password-reset links.');
    }
    const target = this.stores.users.byId(targetId);
    if (!target) throw new AppError('NOT_FOUND', `There is no user ${targetId}.`);
    if (target.id === actor.id) {
      throw new AppError(
        'FORBIDDEN',
        'You cannot make a reset link for yourself: change your password on your account page.',
      );
    }
    if (target.role === 'owner') {
      throw new AppError('FORBIDDEN', "Only the owner can reset the owner's password.");
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const expiresMs = now + ACCOUNT_LIMITS.resetLinkTtlMs;
    const expiresAt = new Date(expiresMs).toISOString();
    this.writer.write((tx) => {
      this.stores.passwordResets.endOpen(tx, target.id, now, 'replaced');
      this.stores.passwordResets.insert(tx, {
        userId: target.id,
        tokenHash: hashToken(token),
        createdBy: actor.id,
        createdMs: now,
        expiresMs,
      });
      this.stores.moderationLog.record(tx, {
        at: now,
        actorId: actor.id,
        action: 'user.reset_link',
        targetType: 'user',
        targetId: target.id,
        targetUserId: target.id,
        reason: null,
        detail: { expiresAt },
      });
    });
    this.log.info('password-reset link made', { userId: target.id, by: actor.id });
    const path = `/#/reset/${token}`;
    return { url: `${origin}${path}`, path, expiresAt };
  }

  /** Whether a link works, and for whom (the reset page asks before showing its form). */
  check(token: string): ResetLinkState {
    const found = this.find(token);
    if ('reason' in found) return { valid: false, reason: found.reason };
    return {
      valid: true,
      nickname: found.row.nickname,
      expiresAt: new Date(found.row.expires_ms).toISOString(),
    };
  }

  /**
   * Sets the new password, ends every session of that user (their sockets close) and signs
   * this browser in as them with a fresh session (ending `previousSessionId`, whoever's it
   * was). 410 RESET_LINK_INVALID when the link does not work, saying why.
   */
  async reset(input: ResetPasswordRequest, previousSessionId?: number): Promise<SignedIn> {
    const found = this.find(input.token);
    if ('reason' in found) throw invalid(found.reason);
    const passwordHash = await this.hasher.hash(input.newPassword);
    const { row } = found;
    const session = this.writer.write((tx) => {
      // Decided inside the transaction: of two racing uses, one gets here second and fails.
      if (!this.stores.passwordResets.use(tx, row.id, this.clock())) {
        const again = this.find(input.token);
        throw invalid('reason' in again ? again.reason : 'used');
      }
      this.stores.users.updatePasswordHash(tx, row.user_id, passwordHash);
      this.sessions.endAllOf(tx, row.user_id, 'password_reset');
      if (previousSessionId !== undefined) this.sessions.end(previousSessionId, 'replaced', tx);
      return this.sessions.create(row.user_id);
    });
    const user = this.stores.users.byId(row.user_id);
    if (!user) throw new AppError('NOT_FOUND', 'This account no longer exists.');
    this.log.info('password reset with a link', { userId: row.user_id });
    return { user: toMe(user), session };
  }

  private find(token: string): { row: PasswordResetRow } | { reason: ResetLinkEnd } {
    const row = this.stores.passwordResets.byTokenHash(hashToken(token));
    if (!row) return { reason: 'unknown' };
    if (row.ended_reason !== null) return { reason: row.ended_reason };
    if (row.expires_ms <= this.clock()) return { reason: 'expired' };
    return { row };
  }
}

const invalid = (reason: ResetLinkEnd): AppError =>
  new AppError('RESET_LINK_INVALID', RESET_LINK_END_TEXT[reason]);
