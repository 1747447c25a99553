/**
 * What the UI offers to whom: the server's rules (server/services/suspensions.service.ts),
 * mirrored so a button shows only when the server would say yes. The server still decides.
 */
import type { Role } from '@common/api';
import type { ConversationKind } from '@common/conversations';
import { mayChangeMessage } from '@common/message-rules';

export { mayChangeMessage };

/** Moderators, admins and the owner: pin, lock, suspend, the moderation log. */
export const isStaff = (role: Role): boolean => role !== 'member';

/** Nobody suspends the owner or themself; moderators only members; admins not admins. */
export function maySuspend(actor: Role, target: Role, self: boolean): boolean {
  if (self || target === 'owner' || actor === 'member') return false;
  if (actor === 'moderator') return target === 'member';
  if (actor === 'admin') return target !== 'admin';
  return true;
}

export type SuspensionPreset = 'hour' | 'day' | 'week' | 'indefinite';

export const SUSPENSION_PRESETS: readonly { id: SuspensionPreset; label: string }[] = [
  { id: 'hour', label: '1 hour' },
  { id: 'day', label: '1 day' },
  { id: 'week', label: '1 week' },
  { id: 'indefinite', label: 'Indefinitely' },
];

const HOUR = 60 * 60 * 1000;
const PRESET_MS: Record<Exclude<SuspensionPreset, 'indefinite'>, number> = {
  hour: HOUR,
  day: 24 * HOUR,
  week: 7 * 24 * HOUR,
};

/** The `until` a preset sends: an ISO instant from `now`, or null for indefinitely. */
export function presetUntil(preset: SuspensionPreset, now: number): string | null {
  return preset === 'indefinite' ? null : new Date(now + PRESET_MS[preset]).toISOString();
}

/** "until 12 Dec 2026, 14:00" in the reader's own time, or "indefinitely". */
export function suspensionEnd(until: string | null, locale?: string): string {
  if (until === null) return 'indefinitely';
  const d = new Date(until);
  const text = d.toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `until ${text}`;
}

/**
 * (rooms) A message's menu: its sender edits and deletes it; moderators, admins and the owner
 * also delete someone else's in a PUBLIC room (never in a group or a private conversation).
 * The rule is common/message-rules.ts, the one the server applies.
 */
export function messageActions(
  role: Role,
  own: boolean,
  kind: ConversationKind,
): { edit: boolean; delete: boolean; moderated: boolean } {
  const del = mayChangeMessage({ action: 'delete', role, own, kind });
  return {
    edit: mayChangeMessage({ action: 'edit', role, own, kind }),
    delete: del,
    moderated: del && !own,
  };
}
