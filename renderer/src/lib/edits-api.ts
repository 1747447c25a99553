/**
 * Edit, delete, restore and earlier versions of posts and comments (docs/api.md, "Edit and
 * delete"). Messages are edited over the socket (`chat.edit`, `chat.delete`).
 */
import type {
  Comment,
  Post,
  RevisionList,
  UpdateCommentRequest,
  UpdatePostRequest,
} from '@common/api';
import { request } from './api';

const reasonBody = (reason?: string) => (reason ? { body: { reason } } : {});

export const editsApi = {
  editPost: (id: number, body: UpdatePostRequest) =>
    request<Post>('PATCH', `/posts/${id}`, { body }),
  deletePost: (id: number, reason?: string) =>
    request<void>('DELETE', `/posts/${id}`, reasonBody(reason)),
  restorePost: (id: number) => request<Post>('POST', `/posts/${id}/restore`),
  postRevisions: (id: number) => request<RevisionList>('GET', `/posts/${id}/revisions`),
  editComment: (id: number, body: UpdateCommentRequest) =>
    request<Comment>('PATCH', `/comments/${id}`, { body }),
  deleteComment: (id: number, reason?: string) =>
    request<void>('DELETE', `/comments/${id}`, reasonBody(reason)),
  restoreComment: (id: number) => request<Comment>('POST', `/comments/${id}/restore`),
  commentRevisions: (id: number) => request<RevisionList>('GET', `/comments/${id}/revisions`),
};
