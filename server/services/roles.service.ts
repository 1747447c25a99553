import type { AssignableRole, OwnershipTransfer, Role, UserWithRole } from '../../common/api';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { ModerationLogStore } from '../store/moderation-log.store';
import type { UsersStore } from '../store/users.store';

/** Who may do what, by role; the owner's protections; role changes and ownership transfer. */
export const MANAGERS: readonly Role[] = ['owner', 'admin'];
export const OWNER_ONLY: readonly Role[] = ['owner'];
/** Who keeps order: pin, lock, suspend, read the moderation log. */
export const STAFF: readonly Role[] = ['owner', 'admin', 'moderator'];

export class RolesService {
  constructor(
    private readonly users: UsersStore,
    private readonly writer: Writer,
    /** Role changes and transfers are logged (moderation log); absent in narrow tests. */
    private readonly log: { store: ModerationLogStore; clock: () => number } | null = null,
  ) {}

  /** Read on every check, so a demotion takes effect at the next request. */
  roleOf(userId: number): Role | undefined {
    return this.users.withRole(userId)?.role;
  }

  /** 403 FORBIDDEN unless `userId` holds one of `allowed`; `what` finishes "Only … can". */
  require(userId: number, allowed: readonly Role[], what: string): void {
    const role = this.roleOf(userId);
    if (role === undefined || !allowed.includes(role)) {
      const who =
        allowed.length === 1
          ? 'the owner'
          : allowed.includes('moderator')
            ? 'moderators, admins and the owner'
            : 'the owner or an admin';
      throw new AppError('FORBIDDEN', `Only ${who} can ${what}.`);
    }
  }

  /** The owner, admins and moderators (everyone else is a member). */
  staff(): UserWithRole[] {
    return this.users.staff();
  }

  /** The owner makes admins and moderators, or makes them members again. */
  setRole(actorId: number, targetId: number, role: AssignableRole): UserWithRole {
    this.require(actorId, OWNER_ONLY, 'change roles');
    const target = this.mustExist(targetId);
    if (target.role === 'owner') {
      throw new AppError(
        'FORBIDDEN',
        "Nobody can change the owner's role. To hand the forum over, transfer ownership.",
      );
    }
    if (target.role === role) return target;
    const updated: UserWithRole = { ...target, role };
    this.writer.write((tx) => {
      this.users.setRole(tx, targetId, role);
      tx.event('user.updated', { user: updated }, null);
      this.log?.store.record(tx, {
        at: this.log.clock(),
        actorId,
        action: 'user.role',
        targetType: 'user',
        targetId,
        targetUserId: targetId,
        reason: null,
        detail: { from: target.role, to: role },
      });
    });
    return updated;
  }

  /** The owner hands the forum over and stays on as an admin. */
  transfer(actorId: number, targetId: number): OwnershipTransfer {
    this.require(actorId, OWNER_ONLY, 'transfer ownership');
    const target = this.mustExist(targetId);
    if (targetId === actorId) {
      throw new AppError('VALIDATION_FAILED', 'You already own this forum.', { field: 'userId' });
    }
    return this.writer.write((tx) => {
      const previous = this.mustExist(actorId);
      // The old owner first: the unique index allows one owner at a time.
      this.users.setRole(tx, actorId, 'admin');
      this.users.setRole(tx, targetId, 'owner');
      const result: OwnershipTransfer = {
        owner: { ...target, role: 'owner' },
        previousOwner: { ...previous, role: 'admin' },
      };
      tx.event('user.updated', { user: result.previousOwner }, null);
      tx.event('user.updated', { user: result.owner }, null);
      this.log?.store.record(tx, {
        at: this.log.clock(),
        actorId,
        action: 'forum.transfer',
        targetType: 'user',
        targetId,
        targetUserId: targetId,
        reason: null,
        detail: { from: actorId, to: targetId },
      });
      return result;
    });
  }

  private mustExist(userId: number): UserWithRole {
    const user = this.users.withRole(userId);
    if (!user) throw new AppError('NOT_FOUND', `There is no user ${userId}.`);
    return user;
  }
}
