/**
 * (rooms) Who may edit or delete a chat message: the one rule, pure and zod-free, so the
 * server (ChatEditsService) applies it and the UI (renderer/src/lib/moderation-rules.ts)
 * offers only what the server would allow.
 *
 * - Everyone edits and deletes their own messages, wherever they are.
 * - Nobody edits someone else's message.
 * - Moderators, admins and the owner delete others' messages in PUBLIC rooms (the same
 *   moderation as posts and comments, logged). A private message or a group is its members'
 *   business: staff have no say there, member or not.
 */
import type { Role } from './api';
import type { ConversationKind } from './conversations';

export type MessageAction = 'edit' | 'delete';

export interface MessageActionFacts {
  action: MessageAction;
  /** The actor's forum role. */
  role: Role;
  /** The actor sent the message. */
  own: boolean;
  /** Where the message is: a private conversation, a group, a public room. */
  kind: ConversationKind;
}

export const MESSAGE_MODERATORS: readonly Role[] = ['owner', 'admin', 'moderator'];

export function mayChangeMessage(f: MessageActionFacts): boolean {
  if (f.own) return true;
  if (f.action === 'edit') return false;
  return f.kind === 'room' && MESSAGE_MODERATORS.includes(f.role);
}

/** A staff delete of someone else's message: it goes to the moderation log. */
export const isModeratedDelete = (f: MessageActionFacts): boolean =>
  f.action === 'delete' && !f.own && mayChangeMessage(f);
