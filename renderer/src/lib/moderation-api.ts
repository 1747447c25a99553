/** Moderation over REST (docs/api.md, "Moderation"): pin, lock, suspend, the log. */
import type { ModerationLogPage, PostSummary, Suspension } from '@common/api';
import { request } from './api';

const reasonBody = (reason?: string) => (reason ? { body: { reason } } : {});

export const moderationApi = {
  setPinned: (postId: number, pinned: boolean, reason?: string) =>
    request<PostSummary>(pinned ? 'PUT' : 'DELETE', `/posts/${postId}/pin`, reasonBody(reason)),
  setLocked: (postId: number, locked: boolean, reason?: string) =>
    request<PostSummary>(locked ? 'PUT' : 'DELETE', `/posts/${postId}/lock`, reasonBody(reason)),
  suspension: (userId: number) => request<Suspension>('GET', `/users/${userId}/suspension`),
  /** `until`: an ISO instant, or null for indefinitely. */
  suspend: (userId: number, until: string | null, reason?: string) =>
    request<Suspension>('PUT', `/users/${userId}/suspension`, {
      body: reason ? { until, reason } : { until },
    }),
  unsuspend: (userId: number) => request<Suspension>('DELETE', `/users/${userId}/suspension`),
  log: (q: { before?: number | null; limit?: number; user?: number } = {}) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q))
      if (v !== undefined && v !== null) params.set(k, String(v));
    const s = params.toString();
    return request<ModerationLogPage>('GET', `/moderation/log${s ? `?${s}` : ''}`);
  },
};
