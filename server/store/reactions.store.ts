import {
  REACTION_NAMES_SHOWN,
  type ItemReactions,
  type ReactionItemType,
  type ReactionSummary,
} from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

export interface ReactionKey {
  type: ReactionItemType;
  id: number;
  emoji: string;
  userId: number;
}

interface ReactionRow {
  item_id: number;
  emoji: string;
  user_id: number;
  nickname: string;
}

/**
 * Reactions (013): who reacted with what to which post, comment or message. Whether the
 * reader may see a message is not decided here (stores.messageAccess is the one place).
 */
export function createReactionsStore(db: Db) {
  const insert = db.prepare<ReactionKey & { at: string }, never>(
    `INSERT INTO reactions (item_type, item_id, emoji, user_id, created_at)
     VALUES (:type, :id, :emoji, :userId, :at) ON CONFLICT DO NOTHING`,
  );
  const remove = db.prepare<ReactionKey, never>(
    `DELETE FROM reactions
     WHERE item_type = +:type AND item_id = +:id AND emoji = +:emoji AND user_id = +:userId`,
  );
  // Oldest first: an emoji's place is where it first appeared, its names in reacting order.
  const ofItems = db.prepare<{ type: ReactionItemType; ids: string }, ReactionRow>(
    `SELECT r.item_id, r.emoji, r.user_id, u.nickname FROM reactions r
     JOIN users u ON u.id = r.user_id
     WHERE r.item_type = +:type AND r.item_id IN (SELECT value FROM json_each(:ids))
     ORDER BY r.item_id, r.created_at, r.user_id`,
  );
  // What may be reacted to: a post or comment that is not deleted (nor its post), a message
  // that is not deleted; a comment answers with its post.
  const livePost = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM posts WHERE id = +:id AND deleted_at IS NULL',
  );
  const liveComment = db.prepare<{ id: number }, { post_id: number }>(
    `SELECT c.post_id FROM comments c JOIN posts p ON p.id = c.post_id
     WHERE c.id = +:id AND c.deleted_at IS NULL AND p.deleted_at IS NULL`,
  );
  const liveMessage = db.prepare<{ id: number }, { id: number }>(
    'SELECT id FROM messages WHERE id = +:id AND deleted_at IS NULL',
  );
  const liveCommentsOf = db.prepare<{ ids: string }, { id: number }>(
    `SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id
     WHERE c.id IN (SELECT value FROM json_each(:ids)) AND p.deleted_at IS NULL`,
  );
  const livePostsOf = db.prepare<{ ids: string }, { id: number }>(
    `SELECT id FROM posts WHERE id IN (SELECT value FROM json_each(:ids)) AND deleted_at IS NULL`,
  );

  return {
    /** false: it was there already (nothing changed). */
    add: (_tx: WriteTx, key: ReactionKey, at: string): boolean =>
      insert.run({ ...key, at }).changes === 1,
    /** false: it was not there. */
    remove: (_tx: WriteTx, key: ReactionKey): boolean => remove.run(key).changes === 1,
    /** Each item's reactions as `viewerId` sees them; every id gets an entry (maybe empty). */
    summaries(type: ReactionItemType, ids: readonly number[], viewerId: number): ItemReactions[] {
      const byItem = new Map<number, Map<string, ReactionSummary>>(
        ids.map((id) => [id, new Map()]),
      );
      for (const row of ofItems.all({ type, ids: JSON.stringify(ids) })) {
        const emojis = byItem.get(row.item_id);
        if (!emojis) continue;
        let s = emojis.get(row.emoji);
        if (!s) {
          s = { emoji: row.emoji, count: 0, mine: false, who: [] };
          emojis.set(row.emoji, s);
        }
        s.count += 1;
        if (row.user_id === viewerId) s.mine = true;
        if (s.who.length < REACTION_NAMES_SHOWN) s.who.push(row.nickname);
      }
      return [...byItem].map(([id, emojis]) => ({ type, id, reactions: [...emojis.values()] }));
    },
    livePost: (id: number): boolean => livePost.get({ id }) !== undefined,
    /** The comment's post, if the comment and its post are there and not deleted. */
    liveCommentPost: (id: number): number | undefined => liveComment.get({ id })?.post_id,
    liveMessage: (id: number): boolean => liveMessage.get({ id }) !== undefined,
    /** Of these, the posts (or comments of posts) that are not deleted: readable by anyone. */
    readablePosts: (ids: readonly number[]): number[] =>
      livePostsOf.all({ ids: JSON.stringify(ids) }).map((r) => r.id),
    readableComments: (ids: readonly number[]): number[] =>
      liveCommentsOf.all({ ids: JSON.stringify(ids) }).map((r) => r.id),
  };
}
export type ReactionsStore = ReturnType<typeof createReactionsStore>;
