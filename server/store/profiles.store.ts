import type { Role } from '../../common/api';
import type { Db } from '../../db/open-db';
import type { WriteTx } from './write-tx';

/** What a profile reads of a user's row. */
export interface ProfileRow {
  id: number;
  nickname: string;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  bio: string;
  created_at: string;
}

export interface ProfileEdit {
  firstName: string;
  lastName: string;
  email: string;
  bio: string;
}

/** Exported so store/query-plans.test.ts checks their plans. */
export const PROFILES_SQL = {
  // All walk the author indexes of migration 009 (no scan of posts or comments); deleted
  // posts and comments (migration 007) are not counted or listed.
  postCount: 'SELECT count(*) AS n FROM posts WHERE author_id = +:userId AND deleted_at IS NULL',
  commentCount:
    'SELECT count(*) AS n FROM comments WHERE author_id = +:userId AND deleted_at IS NULL',
  recentPostIds: `SELECT id FROM posts WHERE author_id = +:userId AND deleted_at IS NULL
     ORDER BY id DESC LIMIT +:limit`,
} as const;

/** Profiles (issue 10): a user's public fields, their counts and newest posts; own edits. */
export function createProfilesStore(db: Db) {
  const byId = db.prepare<{ id: number }, ProfileRow>(
    `SELECT id, nickname, email, first_name, last_name, role, bio, created_at
     FROM users WHERE id = +:id`,
  );
  const idByNickname = db.prepare<{ nickname: string }, { id: number }>(
    'SELECT id FROM users WHERE nickname = +:nickname COLLATE NOCASE',
  );
  const postCount = db.prepare<{ userId: number }, { n: number }>(PROFILES_SQL.postCount);
  const commentCount = db.prepare<{ userId: number }, { n: number }>(PROFILES_SQL.commentCount);
  const recentPostIds = db
    .prepare<{ userId: number; limit: number }, [number]>(PROFILES_SQL.recentPostIds)
    .raw();
  const update = db.prepare<ProfileEdit & { id: number }, never>(
    `UPDATE users SET first_name = :firstName, last_name = :lastName, email = :email, bio = :bio
     WHERE id = +:id`,
  );

  return {
    byId: (id: number): ProfileRow | undefined => byId.get({ id }),
    idByNickname: (nickname: string): number | undefined => idByNickname.get({ nickname })?.id,
    counts: (userId: number): { posts: number; comments: number } => ({
      posts: postCount.get({ userId })?.n ?? 0,
      comments: commentCount.get({ userId })?.n ?? 0,
    }),
    recentPostIds: (userId: number, limit: number): number[] =>
      recentPostIds.all({ userId, limit }).map((r) => r[0]),
    update: (_tx: WriteTx, id: number, edit: ProfileEdit): void => {
      update.run({ id, ...edit });
    },
  };
}
export type ProfilesStore = ReturnType<typeof createProfilesStore>;
