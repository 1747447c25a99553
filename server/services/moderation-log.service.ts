import type { ModerationLogPage } from '../../common/api';
import type { ModerationLogStore } from '../store/moderation-log.store';
import { STAFF, type RolesService } from './roles.service';

/** Reading the moderation log (moderators, admins, the owner): newest first, by id cursor. */
export class ModerationLogService {
  constructor(
    private readonly log: ModerationLogStore,
    private readonly roles: RolesService,
  ) {}

  page(
    actorId: number,
    q: { before?: number | undefined; limit: number; user?: number | undefined },
  ): ModerationLogPage {
    this.roles.require(actorId, STAFF, 'read the moderation log');
    // One extra row tells whether older entries exist, without a COUNT.
    const rows = this.log.page({
      limit: q.limit + 1,
      ...(q.before !== undefined ? { before: q.before } : {}),
      ...(q.user !== undefined ? { userId: q.user } : {}),
    });
    const items = rows.slice(0, q.limit);
    return { items, nextBefore: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
  }
}
