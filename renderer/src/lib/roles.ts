import type { Role } from '@common/api';

/** Moderators, admins and the owner delete and restore anyone's post or comment (the server checks again). */
export const canModerate = (role: Role | undefined): boolean =>
  role === 'owner' || role === 'admin' || role === 'moderator';
