import type { Role } from '../../common/api';
import { AppError } from '../errors/app-error';

/**
 * Who may act on someone else's post or comment: delete it and restore it, read its earlier
 * versions. Nobody edits someone else's item, and nobody but its two people touches a
 * private message.
 */
export const MODERATORS: readonly Role[] = ['owner', 'admin', 'moderator'];

export const isModerator = (role: Role | undefined): boolean =>
  role !== undefined && MODERATORS.includes(role);

/** How long a deleted item's last version (and its earlier ones) stays for moderators. */
export const DELETED_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

export const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);

export const notFound = (what: string, id: number): AppError =>
  new AppError('NOT_FOUND', `There is no ${what} ${id}.`);

export const restoreExpired = (what: string): AppError =>
  new AppError(
    'RESTORE_EXPIRED',
    `This ${what} was deleted more than 30 days ago: its text is gone and it cannot be restored.`,
  );
