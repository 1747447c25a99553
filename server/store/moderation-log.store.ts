import type { ModerationLogEntry, ModerationTargetType } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** What an action records; `at` is the writer's clock (Unix ms). */
export interface NewModerationEntry {
  at: number;
  actorId: number;
  action: string;
  targetType: ModerationTargetType;
  targetId: number;
  targetUserId: number | null;
  reason: string | null;
  detail?: Record<string, unknown>;
}

interface EntryRow {
  id: number;
  at: number;
  actor_id: number;
  actor_nickname: string;
  action: string;
  target_type: ModerationTargetType;
  target_id: number;
  target_user_id: number | null;
  target_nickname: string | null;
  reason: string | null;
  detail: string | null;
}

const toEntry = (r: EntryRow): ModerationLogEntry => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  actor: { id: r.actor_id, nickname: r.actor_nickname },
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  targetUser:
    r.target_user_id === null || r.target_nickname === null
      ? null
      : { id: r.target_user_id, nickname: r.target_nickname },
  reason: r.reason,
  detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
});

const SELECT = `SELECT l.id, l.at, l.actor_id, a.nickname AS actor_nickname, l.action,
    l.target_type, l.target_id, l.target_user_id, t.nickname AS target_nickname, l.reason, l.detail
  FROM moderation_log l
  JOIN users a ON a.id = l.actor_id
  LEFT JOIN users t ON t.id = l.target_user_id`;

/** The moderation log (db/migrations/006-moderation-log.ts): append and read, nothing else. */
export function createModerationLogStore(db: Db) {
  const insert = db.prepare<
    Omit<NewModerationEntry, 'detail'> & { detail: string | null },
    { id: number }
  >(
    `INSERT INTO moderation_log (at, actor_id, action, target_type, target_id, target_user_id, reason, detail)
     VALUES (:at, :actorId, :action, :targetType, :targetId, :targetUserId, :reason, :detail)
     RETURNING id`,
  );
  const page = db.prepare<{ before: number; limit: number }, EntryRow>(
    `${SELECT} WHERE l.id < +:before ORDER BY l.id DESC LIMIT +:limit`,
  );
  const pageForUser = db.prepare<{ before: number; limit: number; userId: number }, EntryRow>(
    `${SELECT} WHERE l.target_user_id = +:userId AND l.id < +:before ORDER BY l.id DESC LIMIT +:limit`,
  );
  const byId = db.prepare<{ id: number }, EntryRow>(`${SELECT} WHERE l.id = +:id`);

  return {
    /** Appends one entry inside the caller's write transaction; returns it as read back. */
    record: (_tx: WriteTx, e: NewModerationEntry): ModerationLogEntry => {
      const { id } = insert.get({
        ...e,
        detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      }) as { id: number };
      return toEntry(byId.get({ id }) as EntryRow);
    },
    /** Newest first, entries older than `before` (an id; omit for the newest). */
    page: (opts: { before?: number; limit: number; userId?: number }): ModerationLogEntry[] => {
      const before = opts.before ?? Number.MAX_SAFE_INTEGER;
      const rows =
        opts.userId === undefined
          ? page.all({ before, limit: opts.limit })
          : pageForUser.all({ before, limit: opts.limit, userId: opts.userId });
      return rows.map(toEntry);
    },
  };
}
export type ModerationLogStore = ReturnType<typeof createModerationLogStore>;
