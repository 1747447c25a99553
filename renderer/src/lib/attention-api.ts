/** Attention over REST (docs/api.md, "Attention"): grouped notifications, post levels, opening a post. */
import type {
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
