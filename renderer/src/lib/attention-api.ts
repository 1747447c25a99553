/** Attention over REST (docs/api.md, "Attention"): grouped notifications, post levels, opening a post. */
import type {
  FeedPage,
  FeedSort,
  NotificationFilter,
  NotificationGroupPage,
  PostAttention,
  PostLevel,
} from '@common/attention';
import { request } from './api';

export interface PostOpened {
  previousLastCommentId: number | null;
}

export const attentionApi = {
  /** The feed with my read state (new, N new comments); `since` pages latest activity. */
  feed: (q: {
    sort: FeedSort;
    category: number | null;
    before?: number | null;
    since?: number | null;
    limit: number;
  }) => {
    const params = new URLSearchParams({ sort: q.sort, limit: String(q.limit) });
    if (q.category !== null) params.set('category', String(q.category));
    if (q.before != null) params.set('before', String(q.before));
    if (q.before != null && q.since) params.set('since', String(q.since));
    return request<FeedPage>('GET', `/feed?${params.toString()}`);
  },
  groups: (q: { filter: NotificationFilter; before?: number | null; limit?: number }) => {
    const params = new URLSearchParams({ filter: q.filter });
    if (q.before != null) params.set('before', String(q.before));
    if (q.limit) params.set('limit', String(q.limit));
    return request<NotificationGroupPage>('GET', `/notifications/groups?${params.toString()}`);
  },
  level: (postId: number) => request<PostAttention>('GET', `/posts/${postId}/level`),
  setLevel: (postId: number, level: PostLevel) =>
    request<PostAttention>('PUT', `/posts/${postId}/level`, { body: { level } }),
  /** Clears the post's notifications (every device) and its "new comments" mark. */
  openPost: (postId: number) => request<PostOpened>('POST', `/posts/${postId}/read`),
};
