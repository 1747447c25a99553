import type { Invite } from '@common/api';

/**
 * An invite panel's list after an invite was made or withdrawn (here, or live from another
 * manager's `invite.created` / `invite.revoked`): replaced where it is, else added newest
 * first. Applying the same invite twice (my own answer, then its echo) changes nothing.
 */
export function mergeInvite(list: readonly Invite[], invite: Invite): Invite[] {
  if (list.some((i) => i.id === invite.id)) {
    return list.map((i) => (i.id === invite.id ? invite : i));
  }
  return [invite, ...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}
