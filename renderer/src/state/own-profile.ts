import type { ProfileFields } from '@common/accounts';
import type { Me, UserWithRole } from '@common/api';

/**
 * A `user.updated` about the signed-in user (an edit in another tab, a role change): the
 * header's menu shows the new names and role. `me` is the session's reactive object.
 */
export function applyOwnUpdate(me: Me, user: UserWithRole & Partial<ProfileFields>): void {
  if (user.id !== me.id) return;
  me.role = user.role;
  if (user.firstName !== undefined) me.firstName = user.firstName;
  if (user.lastName !== undefined) me.lastName = user.lastName;
}
