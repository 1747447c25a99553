import type { UserRef } from '../../common/api';
import {
  GROUP_ACTORS_SHOWN,
  firstLine,
  notificationGroupKey,
  type NotificationGroup,
} from '../../common/attention';
import type { Db } from '../../db/open-db';
import { GROUP_ITEM } from './notifications.store';

/** No cursor given: larger than any rowid. */
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

interface GroupRow {
  post_id: number | null;
  kind: NotificationGroup['kind'];
  latest_id: number;
  unread: number;
  total: number;
}

/**
 * Notifications stay one row per event (the flat list and the unread count read them); the
 * groups are made when read, so every path that writes a notification (comments, new posts,
 * mentions) is grouped without knowing of it. A user's notifications are a few thousand at
 * most, read from the notifications_user index.
 */
export const NOTIFICATION_GROUPS_SQL = {
  page: `SELECT n.post_id, n.kind, max(n.id) AS latest_id, sum(n.read = 0) AS unread, count(*) AS total
     FROM notifications n
     WHERE n.user_id = +:userId AND (:kind IS NULL OR n.kind = +:kind)
     GROUP BY ${GROUP_ITEM}, n.kind
     HAVING max(n.id) < +:before AND (:unreadOnly = 0 OR sum(n.read = 0) > 0)
     ORDER BY latest_id DESC LIMIT +:limit`,
  latest: `SELECT n.comment_id, n.message_id, n.created_at, n.text, p.title, c.body AS comment_body,
       p.body AS post_body,
       (SELECT cv.id FROM messages m JOIN conversations cv ON cv.id = m.conversation_id
         WHERE m.id = n.message_id AND cv.kind != 'direct') AS room_id
     FROM notifications n LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN comments c ON c.id = n.comment_id
     WHERE n.id = +:id`,
  // The group's people, newest first: the unread ones while any are unread.
  actors: `SELECT n.actor_id AS id, u.nickname, max(n.id) AS newest
     FROM notifications n JOIN users u ON u.id = n.actor_id
     WHERE n.post_id = +:postId AND n.user_id = +:userId AND n.kind = +:kind AND (:all = 1 OR n.read = 0)
     GROUP BY n.actor_id ORDER BY newest DESC`,
  // (issue 12) A reaction row's people: those of its comment or message, newest first.
  itemActors: `SELECT n.actor_id AS id, u.nickname, max(n.id) AS newest
     FROM notifications n JOIN users u ON u.id = n.actor_id
     WHERE n.user_id = +:userId AND n.kind = +:kind AND (:all = 1 OR n.read = 0)
       AND (n.comment_id = +:commentId OR n.message_id = +:messageId)
     GROUP BY n.actor_id ORDER BY newest DESC`,
  actorOf: `SELECT n.actor_id AS id, u.nickname, n.id AS newest
     FROM notifications n JOIN users u ON u.id = n.actor_id WHERE n.id = +:id`,
} as const;

export function createNotificationGroupsStore(db: Db) {
  const page = db.prepare<
    { userId: number; kind: string | null; before: number; unreadOnly: number; limit: number },
    GroupRow
  >(NOTIFICATION_GROUPS_SQL.page);
  const latest = db.prepare<
    { id: number },
    {
      comment_id: number | null;
      message_id: number | null;
      room_id: number | null;
      created_at: string;
      text: string;
      title: string | null;
      comment_body: string | null;
      post_body: string | null;
    }
  >(NOTIFICATION_GROUPS_SQL.latest);
  const actors = db.prepare<
    { postId: number; userId: number; kind: string; all: number },
    UserRef & { newest: number }
  >(NOTIFICATION_GROUPS_SQL.actors);
  const itemActors = db.prepare<
    { userId: number; kind: string; all: number; commentId: number; messageId: number },
    UserRef & { newest: number }
  >(NOTIFICATION_GROUPS_SQL.itemActors);
  const actorOf = db.prepare<{ id: number }, UserRef & { newest: number }>(
    NOTIFICATION_GROUPS_SQL.actorOf,
  );

  const toGroup = (userId: number, r: GroupRow): NotificationGroup => {
    const last = latest.get({ id: r.latest_id });
    const all = r.unread > 0 ? 0 : 1;
    const byItem = r.kind === 'reaction_on_comment' || r.kind === 'reaction_on_message';
    const people = byItem
      ? itemActors.all({
          userId,
          kind: r.kind,
          all,
          // -1 matches nothing: the other column of the two.
          commentId: r.kind === 'reaction_on_comment' ? (last?.comment_id ?? -1) : -1,
          messageId: r.kind === 'reaction_on_message' ? (last?.message_id ?? -1) : -1,
        })
      : r.post_id === null
        ? actorOf.all({ id: r.latest_id })
        : actors.all({ postId: r.post_id, userId, kind: r.kind, all });
    const body = last?.comment_body ?? last?.post_body ?? last?.text ?? '';
    return {
      key: notificationGroupKey({
        id: r.latest_id,
        kind: r.kind,
        postId: r.post_id,
        commentId: last?.comment_id,
        messageId: last?.message_id,
      }),
      kind: r.kind,
      postId: r.post_id,
      title: last?.title ?? '',
      actors: people.slice(0, GROUP_ACTORS_SHOWN).map((a) => ({ id: a.id, nickname: a.nickname })),
      actorCount: people.length,
      count: r.unread > 0 ? r.unread : r.total,
      unread: r.unread,
      latestId: r.latest_id,
      commentId: last?.comment_id ?? null,
      ...(last?.message_id != null ? { messageId: last.message_id } : {}),
      ...(last?.room_id != null ? { conversationId: last.room_id } : {}),
      excerpt: firstLine(body),
      createdAt: last?.created_at ?? '',
      text: last?.text ?? '',
    };
  };

  return {
    /** Newest group first, `limit` groups whose newest notification is below `before`. */
    page: (q: {
      userId: number;
      kind: string | null;
      unreadOnly: boolean;
      before?: number;
      limit: number;
    }): NotificationGroup[] =>
      page
        .all({
          userId: q.userId,
          kind: q.kind,
          unreadOnly: q.unreadOnly ? 1 : 0,
          before: q.before ?? NO_CURSOR,
          limit: q.limit,
        })
        .map((r) => toGroup(q.userId, r)),
  };
}
export type NotificationGroupsStore = ReturnType<typeof createNotificationGroupsStore>;
