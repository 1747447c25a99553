/** (rooms) REST calls for groups and rooms (docs/api.md, "Rooms and conversations"). */
import type { ChatHistory, UserRef } from '@common/api';
import type {
  ConversationDetail,
  ConversationSummary,
  CreateConversationRequest,
  RoomDirectoryEntry,
  UpdateConversationRequest,
} from '@common/conversations';
import { request } from './api';

export const roomsApi = {
  list: () => request<ConversationSummary[]>('GET', '/conversations'),
  directory: () => request<RoomDirectoryEntry[]>('GET', '/rooms'),
  get: (id: number) => request<ConversationDetail>('GET', `/conversations/${id}`),
  create: (body: CreateConversationRequest) =>
    request<ConversationSummary>('POST', '/conversations', { body }),
  update: (id: number, body: UpdateConversationRequest) =>
    request<ConversationSummary>('PATCH', `/conversations/${id}`, { body }),
  addMembers: (id: number, userIds: number[]) =>
    request<ConversationDetail>('POST', `/conversations/${id}/members`, { body: { userIds } }),
  removeMember: (id: number, userId: number) =>
    request<void>('DELETE', `/conversations/${id}/members/${userId}`),
  messages: (
    id: number,
    q: { before?: number | null; after?: number; around?: number; limit?: number } = {},
  ) => {
    const params = new URLSearchParams();
    if (q.before != null) params.set('before', String(q.before));
    if (q.after != null) params.set('after', String(q.after));
    if (q.around != null) params.set('around', String(q.around));
    if (q.limit != null) params.set('limit', String(q.limit));
    const qs = params.toString();
    return request<ChatHistory>('GET', `/conversations/${id}/messages${qs ? `?${qs}` : ''}`);
  },
  people: () => request<UserRef[]>('GET', '/users'),
};
