import {
  MODERATION_LIMITS,
  type Role,
  type Suspension,
  type UserWithSuspension,
} from '../../common/api';
import type { SessionService } from '../auth/sessions.service';
import { activeSuspension } from '../auth/suspension-state';
import { AppError } from '../errors/app-error';
import type { Transaction, Writer } from '../events/outbox';
import type { ModerationLogStore } from '../store/moderation-log.store';
import type { UserRow, UsersStore } from '../store/users.store';
import { STAFF, type RolesService } from './roles.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whom a role may suspend: nobody suspends the owner or themself; moderators only members;
 * admins members and moderators; the owner anyone else. Null: allowed; else why not.
 */
export function suspensionRefusal(
  actor: Role,
  target: Role,
  self: boolean,
  verb: 'suspend' | 'unsuspend' = 'suspend',
): string | null {
  if (self) return `You cannot ${verb} yourself.`;
  if (target === 'owner') return `Nobody can ${verb} the owner.`;
  if (actor === 'moderator' && target !== 'member') {
    return `Moderators cannot ${verb} admins or other moderators.`;
  }
  if (actor === 'admin' && target === 'admin') return `Only the owner can ${verb} an admin.`;
  return null;
}

/**
 * Suspending and unsuspending people. A suspension ends every session of its person in the
 * same transaction (their sockets close with 4003), and tells staff (`user.updated` with the
 * suspension) and the moderation log. It ends by itself at `until`.
 */
export class SuspensionsService {
  constructor(
    private readonly users: UsersStore,
    private readonly sessions: SessionService,
    private readonly log: ModerationLogStore,
    private readonly roles: RolesService,
    private readonly writer: Writer,
    private readonly clock: () => number,
  ) {}

  /** Staff only: whether `userId` is suspended now, and until when. */
  get(actorId: number, userId: number): Suspension {
    this.roles.require(actorId, STAFF, 'see suspensions');
    return this.stateOf(this.mustExist(userId));
  }

  suspend(
    actorId: number,
    userId: number,
    until: string | null,
    reason: string | null,
  ): Suspension {
    const target = this.checkAllowed(actorId, userId, 'suspend');
    const now = this.clock();
    let end: string | null = null;
    if (until !== null) {
      const ms = Date.parse(until);
      if (ms <= now) {
        throw new AppError('VALIDATION_FAILED', 'The end of a suspension must be in the future.', {
          field: 'until',
        });
      }
      if (ms - now > MODERATION_LIMITS.suspensionDays.max * DAY_MS) {
        throw new AppError(
          'VALIDATION_FAILED',
          `A timed suspension lasts at most ${MODERATION_LIMITS.suspensionDays.max} days; suspend indefinitely instead.`,
          { field: 'until' },
        );
      }
      end = new Date(ms).toISOString();
    }
    return this.writer.write((tx) => {
      this.users.setSuspension(tx, userId, { suspended: true, until: end });
      this.sessions.endAllOf(tx, userId, 'suspended');
      const user = this.withSuspension(target, true, end);
      this.tellStaff(tx, user);
      this.log.record(tx, {
        at: now,
        actorId,
        action: 'user.suspend',
        targetType: 'user',
        targetId: userId,
        targetUserId: userId,
        reason,
        detail: { until: end },
      });
      return { userId, suspended: true, suspendedUntil: end };
    });
  }

  unsuspend(actorId: number, userId: number, reason: string | null): Suspension {
    const target = this.checkAllowed(actorId, userId, 'unsuspend');
    const state = this.stateOf(target);
    if (!state.suspended) {
      // Not suspended (or the suspension has ended by itself): nothing to lift, nothing logged.
      if (target.suspended === 1) {
        this.writer.write((tx) =>
          this.users.setSuspension(tx, userId, { suspended: false, until: null }),
        );
      }
      return state;
    }
    return this.writer.write((tx) => {
      this.users.setSuspension(tx, userId, { suspended: false, until: null });
      const user = this.withSuspension(target, false, null);
      this.tellStaff(tx, user);
      this.log.record(tx, {
        at: this.clock(),
        actorId,
        action: 'user.unsuspend',
        targetType: 'user',
        targetId: userId,
        targetUserId: userId,
        reason,
        detail: { until: state.suspendedUntil },
      });
      return { userId, suspended: false, suspendedUntil: null };
    });
  }

  /**
   * A suspension is staff's business: one `user.updated` per staff member (an event goes to
   * everyone or to one or two people; staff are few), each replayed on that one's resume.
   */
  private tellStaff(tx: Transaction, user: UserWithSuspension): void {
    for (const id of this.users.staffIds()) tx.event('user.updated', { user }, [id]);
  }

  /** The target, once the actor is staff and may act on them (403 FORBIDDEN otherwise). */
  private checkAllowed(actorId: number, userId: number, verb: 'suspend' | 'unsuspend'): UserRow {
    this.roles.require(actorId, STAFF, `${verb} people`);
    const actorRole = this.roles.roleOf(actorId)!;
    const target = this.mustExist(userId);
    const refusal = suspensionRefusal(actorRole, target.role, actorId === userId, verb);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    return target;
  }

  private stateOf(row: UserRow): Suspension {
    const active = activeSuspension(row, this.clock());
    return { userId: row.id, suspended: active !== null, suspendedUntil: active?.until ?? null };
  }

  private withSuspension(
    row: UserRow,
    suspended: boolean,
    until: string | null,
  ): UserWithSuspension {
    return {
      id: row.id,
      nickname: row.nickname,
      role: row.role,
      suspended,
      suspendedUntil: suspended ? until : null,
    };
  }

  private mustExist(userId: number): UserRow {
    const row = this.users.byId(userId);
    if (!row) throw new AppError('NOT_FOUND', `There is no user ${userId}.`);
    return row;
  }
}
