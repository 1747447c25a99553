import type { RequestHandler } from 'express';
import type { Role } from '../../common/api';
import type { RolesService } from '../services/roles.service';
import { getAuth } from './require-session';

/**
 * 403 FORBIDDEN unless the caller (behind `requireSession`) holds one of `allowed`: checked
 * before the body is parsed, like the session. The role is read from the database on each
 * request, so a change applies at once. Services check again, with their finer rules.
 */
export function requireRole(
  roles: RolesService,
  allowed: readonly Role[],
  what: string,
): RequestHandler {
  return (req, _res, next) => {
    roles.require(getAuth(req).user.id, allowed, what);
    next();
  };
}
