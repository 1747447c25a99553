import { ACCOUNT_LIMITS, type Profile, type UpdateProfileRequest } from '../../common/accounts';
import type { Me, PostSummary } from '../../common/api';
import { isUniqueViolation } from '../../db/sqlite-errors';
import { AppError } from '../errors/app-error';
import type { Writer } from '../events/outbox';
import type { LivePort } from '../live/live-port';
import type { PostsStore } from '../store/posts.store';
import { summarize } from '../store/post-excerpt';
import type { ProfileRow, ProfilesStore } from '../store/profiles.store';
import type { UsersStore } from '../store/users.store';
import { MANAGERS } from './roles.service';

/** Who is looking: their id and role (from the session). */
export type Viewer = Pick<Me, 'id' | 'role'>;

/** Profile pages (anyone signed in) and editing one's own profile. */
export class ProfilesService {
  constructor(
    private readonly profiles: ProfilesStore,
    private readonly users: UsersStore,
    private readonly posts: PostsStore,
    private readonly writer: Writer,
    private readonly live: LivePort,
  ) {}

  get(viewer: Viewer, userId: number): Profile {
    const row = this.profiles.byId(userId);
    if (!row) throw new AppError('NOT_FOUND', `There is no user ${userId}.`);
    return this.toProfile(row, viewer);
  }

  byNickname(viewer: Viewer, nickname: string): Profile {
    const id = this.profiles.idByNickname(nickname);
    if (id === undefined) throw new AppError('NOT_FOUND', `There is nobody called "${nickname}".`);
    return this.get(viewer, id);
  }

  /**
   * The user edits their own names, e-mail and bio. Everyone hears `user.updated` with the
   * public fields (the e-mail stays out of it); the answer is the caller's own profile.
   */
  update(viewer: Viewer, patch: UpdateProfileRequest): Profile {
    const row = this.profiles.byId(viewer.id);
    if (!row) throw new AppError('NOT_FOUND', 'Your account no longer exists.');
    const next = {
      firstName: patch.firstName ?? row.first_name,
      lastName: patch.lastName ?? row.last_name,
      email: patch.email ?? row.email,
      bio: patch.bio ?? row.bio,
    };
    // Checked first for a clear answer; the unique index still decides a race.
    if (next.email.toLowerCase() !== row.email.toLowerCase())
      this.assertEmailFree(next.email, row.id);
    try {
      this.writer.write((tx) => {
        this.profiles.update(tx, row.id, next);
        const user = {
          id: row.id,
          nickname: row.nickname,
          role: row.role,
          firstName: next.firstName,
          lastName: next.lastName,
          bio: next.bio,
        };
        tx.event('user.updated', { user }, null);
      });
    } catch (err) {
      if (isUniqueViolation(err)) this.assertEmailFree(next.email, row.id);
      throw err;
    }
    return this.get(viewer, row.id);
  }

  private assertEmailFree(email: string, ownId: number): void {
    const holder = this.users.byEmail(email);
    if (holder && holder.id !== ownId) {
      throw new AppError('EMAIL_TAKEN', 'An account with this e-mail already exists.', {
        field: 'email',
      });
    }
  }

  private toProfile(row: ProfileRow, viewer: Viewer): Profile {
    const counts = this.profiles.counts(row.id);
    const recentPosts: PostSummary[] = [];
    for (const id of this.profiles.recentPostIds(row.id, ACCOUNT_LIMITS.recentPosts)) {
      const post = this.posts.byId(id);
      if (post) recentPosts.push(summarize(post));
    }
    const profile: Profile = {
      id: row.id,
      nickname: row.nickname,
      firstName: row.first_name,
      lastName: row.last_name,
      role: row.role,
      bio: row.bio,
      joinedAt: row.created_at,
      postCount: counts.posts,
      commentCount: counts.comments,
      recentPosts,
      online: this.live.isOnline(row.id),
    };
    // E-mail addresses are private: the person themself, and those who run the forum.
    if (viewer.id === row.id || MANAGERS.includes(viewer.role)) profile.email = row.email;
    return profile;
  }
}
