/** How a moderation log entry reads in the log page: "pinned", "suspended until …". */
import type { ModerationLogEntry } from '@common/api';
import { suspensionEnd } from './moderation-rules';

const VERBS: Record<string, string> = {
  'post.pin': 'pinned',
  'post.unpin': 'unpinned',
  'post.lock': 'locked',
  'post.unlock': 'unlocked',
  'post.delete': 'deleted',
  'post.restore': 'restored',
  'comment.delete': 'deleted a comment of',
  'comment.restore': 'restored a comment of',
  'message.delete': 'deleted a room message of',
  'user.suspend': 'suspended',
  'user.unsuspend': 'unsuspended',
  'user.role': 'changed the role of',
  'forum.transfer': 'handed the forum over to',
  'category.create': 'created the category',
  'category.update': 'changed the category',
  'category.delete': 'deleted the category',
};

/** The verb, or the raw action for one this client does not know yet. */
export const actionVerb = (action: string): string => VERBS[action] ?? action;

/** A short note from `detail`: a suspension's end, a role change, a category's name. */
export function entryDetail(e: ModerationLogEntry): string | null {
  const d = e.detail;
  if (!d) return null;
  if (e.action === 'user.suspend') {
    const until = typeof d.until === 'string' ? d.until : null;
    return suspensionEnd(until);
  }
  if (e.action === 'user.role' && typeof d.from === 'string' && typeof d.to === 'string') {
    return `${d.from} → ${d.to}`;
  }
  if (e.targetType === 'category' && typeof d.name === 'string') return `“${d.name}”`;
  return null;
}
