import type { Role } from '../../common/api';
import { ROOM_LIMITS, type CreateConversationRequest } from '../../common/conversations';
import { AppError } from '../errors/app-error';
import type { ConversationRow } from '../store/conversation-rows';

/** Who acts: the session's user and their role (read from the database for each request). */
export interface Actor {
  id: number;
  role: Role;
}

const isStaff = (role: Role): boolean => role !== 'member';
const isAdmin = (role: Role): boolean => role === 'owner' || role === 'admin';

export const notMember = (): AppError =>
  new AppError('NOT_MEMBER', 'You are not a member of this conversation.');

/*
 * Who may do what to groups and rooms (conversations.service.ts applies them; its header
 * says them in words). Each check throws the AppError the client sees, or returns.
 */

/** A new conversation: rooms are made by staff and named; a group needs 2 to 49 others. */
export function checkCreate(
  actor: Actor,
  body: CreateConversationRequest,
  others: readonly number[],
): void {
  if (body.kind === 'room') {
    if (!isStaff(actor.role)) {
      throw new AppError('FORBIDDEN', 'Only admins and moderators create rooms.');
    }
    if (body.name === undefined) {
      throw new AppError('VALIDATION_FAILED', 'A room needs a name.', { field: 'name' });
    }
    if (body.members !== undefined && body.members.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'People join a room themselves.', {
        field: 'members',
      });
    }
  }
  if (body.kind === 'group') {
    if (others.length < 2) {
      throw new AppError(
        'VALIDATION_FAILED',
        'A group conversation needs at least 2 other people.',
        {
          field: 'members',
        },
      );
    }
    checkSize(others.length + 1);
  }
}

/** A new name or topic: not for a private conversation; a room's only by staff. */
export function checkRename(actor: Actor, c: ConversationRow): void {
  if (c.kind === 'direct') {
    throw new AppError('VALIDATION_FAILED', 'A private conversation has no name or topic.');
  }
  if (c.kind === 'room' && !isStaff(actor.role)) {
    throw new AppError('FORBIDDEN', "Only admins and moderators change a room's name and topic.");
  }
}

/**
 * Adding people: a group's members add them; a room's staff add others, and anyone joins
 * (`joiningRoom`: the actor adds only themself to a room).
 */
export function checkAdd(
  actor: Actor,
  c: ConversationRow,
  joiningRoom: boolean,
  actorIsMember: () => boolean,
): void {
  if (c.kind === 'direct') {
    throw new AppError('VALIDATION_FAILED', 'Start a group conversation to talk with more people.');
  }
  if (joiningRoom) return;
  if (!actorIsMember() && !(c.kind === 'room' && isStaff(actor.role))) {
    throw notMember();
  }
  if (c.kind === 'room' && !isStaff(actor.role)) {
    throw new AppError(
      'FORBIDDEN',
      'Only admins and moderators add others to a room; anyone may join.',
    );
  }
}

/**
 * Removing someone else: a group's creator or an admin; a room's staff. Anyone leaves a
 * group or room (`userId` is the actor's own); nobody leaves a private conversation.
 */
export function checkRemove(
  actor: Actor,
  c: ConversationRow,
  userId: number,
  actorIsMember: () => boolean,
): void {
  if (c.kind === 'direct') {
    throw new AppError('VALIDATION_FAILED', 'Nobody leaves a private conversation.');
  }
  if (userId === actor.id) return;
  if (c.kind === 'group' && !actorIsMember() && !isAdmin(actor.role)) {
    throw notMember();
  }
  const allowed =
    c.kind === 'group' ? c.created_by === actor.id || isAdmin(actor.role) : isStaff(actor.role);
  if (!allowed) {
    throw new AppError(
      'FORBIDDEN',
      c.kind === 'group'
        ? 'Only the person who started this conversation, or an admin, removes people.'
        : 'Only admins and moderators remove people from a room.',
    );
  }
}

/** A group holds at most ROOM_LIMITS.groupMembers people. */
export function checkSize(count: number): void {
  if (count > ROOM_LIMITS.groupMembers) {
    throw new AppError(
      'TOO_MANY_MEMBERS',
      `A group conversation holds at most ${ROOM_LIMITS.groupMembers} people (this would make ${count}).`,
    );
  }
}
