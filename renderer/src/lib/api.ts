/**
 * The one REST client. Same-origin fetch with the HttpOnly session cookie; every failure becomes
 * an ApiError carrying the server's error code (the contract) and message (for people).
 */
import type {
  AssignableRole,
  CategoryAdminItem,
  CategoryInfo,
  CategoryListItem,
  ChatHistory,
  Comment,
  CommentPage,
  CreateCommentRequest,
  CreatePostRequest,
  CreateCategoryRequest,
  ForumSettings,
  ForumSettingsPatch,
  ForumState,
  LoginRequest,
  MarkNotificationsReadRequest,
  Me,
  NotificationPage,
  Post,
  PostPage,
  RosterEntry,
  ServerInfo,
  SetupRequest,
  SignupRequest,
  UpdateCategoryRequest,
  OwnershipTransfer,
  UserRef,
  UserWithRole,
} from '@common/api';
import { isApiErrorBody, type ErrorCode } from '@common/errors';

/** Server codes plus the two failures only a client sees. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly field?: string,
    /** Seconds, from Retry-After on 429. */
    readonly retryAfter?: number,
    /** SUSPENDED only: the suspension's end (ISO), null when indefinite. */
    readonly suspendedUntil?: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** A message fit for a toast, whatever was thrown. The server's message already says when to retry. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Something went wrong. Please try again.';
}

let unauthenticatedHandler: () => void = () => {};
/** Called when a private route answers 401: the session expired or was ended elsewhere. */
export function onUnauthenticated(handler: () => void): void {
  unauthenticatedHandler = handler;
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** 401 is an expected answer (e.g. `me` at start), not a lost session. */
  expect401?: boolean;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        opts.body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError('NETWORK', 'Cannot reach the forum. Check your connection.', 0);
  }
  if (res.status === 204) return undefined as T;
  let data: unknown = undefined;
  try {
    data = await res.json();
  } catch {
    // handled below: a non-JSON body is a BAD_RESPONSE or an error without details
  }
  if (!res.ok) {
    const retryAfterHeader = Number(res.headers.get('retry-after'));
    const retryAfter =
      Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : undefined;
    if (isApiErrorBody(data)) {
      const { code, message, field, suspendedUntil } = data.error;
      if (code === 'UNAUTHENTICATED' && !opts.expect401) unauthenticatedHandler();
      throw new ApiError(code, message, res.status, field, retryAfter, suspendedUntil);
    }
    if (res.status === 429) {
      const wait = retryAfter ? ` Try again in ${retryAfter} s.` : '';
      throw new ApiError('RATE_LIMITED', `Too many requests.${wait}`, 429, undefined, retryAfter);
    }
    throw new ApiError('INTERNAL', `The forum answered with an error (${res.status}).`, res.status);
  }
  if (data === undefined)
    throw new ApiError('BAD_RESPONSE', 'The forum sent an unreadable answer.', res.status);
  return data as T;
}

const qs = (params: Record<string, string | number | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const api = {
  info: () => request<ServerInfo>('GET', '/info', { expect401: true }),
  me: () => request<Me>('GET', '/auth/me', { expect401: true }),
  login: (body: LoginRequest) => request<Me>('POST', '/auth/login', { body, expect401: true }),
  signup: (body: SignupRequest) => request<Me>('POST', '/auth/signup', { body }),
  logout: () => request<void>('POST', '/auth/logout', { expect401: true }),

  categories: () => request<CategoryListItem[]>('GET', '/categories'),
  /** Follow (or stop following) a category: its new posts then notify me. Idempotent. */
  followCategory: (id: number, follow: boolean) =>
    request<void>(follow ? 'PUT' : 'DELETE', `/categories/${id}/follow`),
  posts: (
    q: {
      category?: number | null;
      before?: number | null;
      limit?: number;
      mine?: 1;
      liked?: 1;
    } = {},
  ) => request<PostPage>('GET', `/posts${qs(q)}`),
  post: (id: number, signal?: AbortSignal) => request<Post>('GET', `/posts/${id}`, { signal }),
  createPost: (body: CreatePostRequest) => request<Post>('POST', '/posts', { body }),
  comments: (
    postId: number,
    q: { after?: number | null; limit?: number } = {},
    signal?: AbortSignal,
  ) => request<CommentPage>('GET', `/posts/${postId}/comments${qs(q)}`, { signal }),
  createComment: (postId: number, body: CreateCommentRequest) =>
    request<Comment>('POST', `/posts/${postId}/comments`, { body }),

  users: () => request<UserRef[]>('GET', '/users'),
  roster: () => request<RosterEntry[]>('GET', '/chat/roster'),
  chatHistory: (
    userId: number,
    q: { before?: number | null; after?: number; around?: number; limit?: number } = {},
  ) => request<ChatHistory>('GET', `/chat/${userId}/messages${qs(q)}`),

  notifications: (q: { before?: number | null; limit?: number } = {}) =>
    request<NotificationPage>('GET', `/notifications${qs(q)}`),
  markNotificationsRead: (body: MarkNotificationsReadRequest) =>
    request<void>('POST', '/notifications/read', { body }),

  // The forum: setup, settings, roles and categories (docs/api.md "The forum").
  forum: () => request<ForumState>('GET', '/forum', { expect401: true }),
  setup: (body: SetupRequest) => request<Me>('POST', '/forum/setup', { body }),
  updateForum: (body: ForumSettingsPatch) => request<ForumSettings>('PATCH', '/forum', { body }),
  staff: () => request<UserWithRole[]>('GET', '/forum/staff'),
  setRole: (userId: number, role: AssignableRole) =>
    request<UserWithRole>('PUT', `/users/${userId}/role`, { body: { role } }),
  transferOwnership: (userId: number) =>
    request<OwnershipTransfer>('POST', '/forum/transfer', { body: { userId } }),
  addUser: (body: SignupRequest) => request<Me>('POST', '/users', { body }),
  adminCategories: () => request<CategoryAdminItem[]>('GET', '/forum/categories'),
  createCategory: (body: CreateCategoryRequest) =>
    request<CategoryInfo>('POST', '/categories', { body }),
  updateCategory: (id: number, body: UpdateCategoryRequest) =>
    request<CategoryInfo>('PATCH', `/categories/${id}`, { body }),
  reorderCategories: (ids: number[]) =>
    request<CategoryAdminItem[]>('PUT', '/categories/order', { body: { ids } }),
  deleteCategory: (id: number) => request<void>('DELETE', `/categories/${id}`),
};
export type Api = typeof api;
