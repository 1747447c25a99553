/**
 * The REST contract: request schemas (parsed at the server's edge from `unknown`) and the
 * response shapes both sides use. docs/api.md documents every route with examples.
 */
import { z } from 'zod';
import { GENDERS, LIMITS } from './limits';

const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;

/** A UTF-16 half pair on its own: SQLite would store it as invalid UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
/** C0 controls and DEL, except tab and line breaks (NUL truncates text in sqlite3 and OS notifications). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Something a reader can see: not only white space or zero-width characters. */
const VISIBLE_CHAR = /[^\s\u200B-\u200D\u2060\uFEFF]/u;

/**
 * What is wrong with a piece of trimmed, non-empty user text, if anything: nothing visible,
 * a lone surrogate, or a control character. Shared by the REST schemas and chat messages.
 */
export function userTextFault(s: string): 'invisible' | 'malformed' | 'control' | null {
  if (!VISIBLE_CHAR.test(s)) return 'invisible';
  if (LONE_SURROGATE.test(s)) return 'malformed';
  if (CONTROL_CHAR.test(s)) return 'control';
  return null;
}

/** Text a person typed: trimmed, well-formed, no control characters, something visible. */
export const userText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine((s) => VISIBLE_CHAR.test(s), { error: `${label} is required` })
    .refine((s) => !LONE_SURROGATE.test(s), { error: `${label} contains invalid characters` })
    // The character is invisible or drawn as a box (▯): say what to do about it.
    .refine((s) => !CONTROL_CHAR.test(s), {
      error: `${label} contains invisible control characters (they may show as ▯). Delete them and try again.`,
    });
const trimmedText = userText;

export const nicknameSchema = z
  .string({ error: 'Nickname is required' })
  .min(LIMITS.nickname.min, {
    error: `Nickname must be at least ${LIMITS.nickname.min} characters`,
  })
  .max(LIMITS.nickname.max, { error: `Nickname must be at most ${LIMITS.nickname.max} characters` })
  .regex(LIMITS.nickname.pattern, {
    error: 'Nickname may only use letters, digits, dot, dash and underscore',
  });

export const passwordSchema = z
  .string({ error: 'Password is required' })
  // Empty is "required", like every other field, not "too short".
  .min(1, { error: 'Password is required', abort: true })
  .refine((p) => utf8Bytes(p) >= LIMITS.passwordBytes.min, {
    error: `Password must be at least ${LIMITS.passwordBytes.min} characters`,
  })
  .refine((p) => utf8Bytes(p) <= LIMITS.passwordBytes.max, {
    error: `Password must be at most ${LIMITS.passwordBytes.max} bytes`,
  });

export const signupSchema = z.strictObject({
  nickname: nicknameSchema,
  email: z
    .string({ error: 'E-mail is required' })
    .trim()
    .max(LIMITS.email.max, { error: 'E-mail is too long' })
    .pipe(z.email({ error: 'Enter a valid e-mail address' })),
  password: passwordSchema,
  firstName: trimmedText('First name', LIMITS.name.max),
  lastName: trimmedText('Last name', LIMITS.name.max),
  age: z
    // Missing (or an empty box, which a form sends as null) is "required", like every other field.
    .number({ error: (iss) => (iss.input == null ? 'Age is required' : 'Age must be a number') })
    .int({ error: 'Age must be a whole number' })
    .min(LIMITS.age.min, { error: `You must be at least ${LIMITS.age.min}` })
    .max(LIMITS.age.max, { error: `Age must be at most ${LIMITS.age.max}` }),
  gender: z.enum(GENDERS, { error: `Gender must be one of: ${GENDERS.join(', ')}` }),
});
export type SignupRequest = z.infer<typeof signupSchema>;

export const loginSchema = z.strictObject({
  login: z
    .string({ error: 'Nickname or e-mail is required' })
    .trim()
    .min(1, { error: 'Nickname or e-mail is required' })
    .max(LIMITS.email.max, { error: 'Nickname or e-mail is too long' }),
  password: z
    .string({ error: 'Password is required' })
    .min(1, { error: 'Password is required' })
    // bcrypt ignores bytes past 72: a longer password must not log in as its prefix.
    .refine((p) => utf8Bytes(p) <= LIMITS.passwordBytes.max, {
      error: `Password must be at most ${LIMITS.passwordBytes.max} bytes`,
    }),
});
export type LoginRequest = z.infer<typeof loginSchema>;

export const createPostSchema = z.strictObject({
  title: trimmedText('Title', LIMITS.postTitle.max),
  // Named as the form labels the field ("Post"), since the message is shown under it.
  body: trimmedText('Post', LIMITS.postBody.max),
  categoryIds: z
    .array(z.number().int().positive(), { error: 'Pick at least one category' })
    .min(LIMITS.categoriesPerPost.min, { error: 'Pick at least one category' })
    .max(LIMITS.categoriesPerPost.max, {
      error: `Pick at most ${LIMITS.categoriesPerPost.max} categories`,
    }),
});
export type CreatePostRequest = z.infer<typeof createPostSchema>;

export const createCommentSchema = z.strictObject({
  body: trimmedText('Comment', LIMITS.commentBody.max),
});
export type CreateCommentRequest = z.infer<typeof createCommentSchema>;

/** Query strings arrive as strings; cursors are ids. */
// Plain decimal only: no `0x10`, `1e3`, `+5`, `1.0` or padding sneaking through Number().
/** A query or path value: a string, once (`?limit=1&limit=2` arrives as an array). */
const queryValue = () => z.string({ error: 'Give it once, as a whole number' });
const idParam = queryValue()
  .regex(/^[1-9][0-9]{0,14}$/, { error: 'Must be a positive whole number' })
  .transform(Number);
const limitParam = (def: number, max: number) =>
  queryValue()
    .regex(/^[1-9][0-9]{0,5}$/, { error: `Must be a whole number from 1 to ${max}` })
    .transform(Number)
    .pipe(z.number().max(max, { error: `Must be a whole number from 1 to ${max}` }))
    .default(def);

export const listPostsQuery = z.object({
  category: idParam.optional(),
  before: idParam.optional(),
  limit: limitParam(LIMITS.pageSize.default, LIMITS.pageSize.max),
});
export const listCommentsQuery = z.object({
  after: idParam.optional(),
  limit: limitParam(LIMITS.pageSize.default, LIMITS.pageSize.max),
});
export const chatHistoryQuery = z.object({
  before: idParam.optional(),
  limit: limitParam(LIMITS.chatPageSize.default, LIMITS.chatPageSize.max),
});
export const listNotificationsQuery = z.object({
  before: idParam.optional(),
  limit: limitParam(LIMITS.pageSize.default, LIMITS.pageSize.max),
});
export const MARK_READ_HOW = 'Send {"all": true}, or {"ids": [...]} with 1 to 500 notification ids';
const notificationId = z
  .number({ error: 'Notification ids are positive whole numbers' })
  .int({ error: 'Notification ids are positive whole numbers' })
  .positive({ error: 'Notification ids are positive whole numbers' });
export const markNotificationsReadSchema = z.union(
  [
    z.strictObject({ all: z.literal(true, { error: MARK_READ_HOW }) }),
    z.strictObject({
      ids: z
        .array(notificationId, { error: MARK_READ_HOW })
        .min(1, { error: MARK_READ_HOW })
        .max(500, { error: MARK_READ_HOW }),
    }),
  ],
  { error: MARK_READ_HOW },
);
export type MarkNotificationsReadRequest = z.infer<typeof markNotificationsReadSchema>;
export const idPathParam = idParam;

// ---- Response shapes (ISO-8601 UTC timestamps, integer ids) ----

export interface UserRef {
  id: number;
  nickname: string;
}

/** The signed-in user (`GET /api/auth/me`, signup, login). */
export interface Me extends UserRef {
  email: string;
  firstName: string;
  lastName: string;
  age: number;
  gender: (typeof GENDERS)[number];
  createdAt: string;
}

export interface Category {
  id: number;
  name: string;
}

/**
 * A category as `GET /api/categories` lists it: `following` says whether the caller follows
 * it (`PUT`/`DELETE /api/categories/:id/follow`), i.e. gets a `post_in_category`
 * notification for each new post in it by someone else.
 */
export interface CategoryListItem extends Category {
  following: boolean;
}

/**
 * How much of a post's body a feed item carries: about this many characters (UTF-16 code
 * units, as every other text limit), cut back to the last white space before the limit.
 */
export const FEED_BODY_CHARS = 600;

/**
 * A post as the feed shows it: the items of `GET /api/posts` and the live `post.created`
 * event. `body` is the start of the post, at most FEED_BODY_CHARS characters ending on a word
 * (a 20,000-character post would make a page of 100 weigh 2 MB); `bodyTruncated` says whether
 * the post goes on. The whole body comes from `GET /api/posts/:id`.
 */
export interface PostSummary {
  id: number;
  title: string;
  body: string;
  bodyTruncated: boolean;
  author: UserRef;
  categories: Category[];
  createdAt: string;
  commentCount: number;
}

/** The whole post (`GET /api/posts/:id`, and `POST /api/posts`'s answer). */
export interface Post extends PostSummary {
  bodyTruncated: false;
}

export interface Comment {
  id: number;
  postId: number;
  body: string;
  author: UserRef;
  createdAt: string;
}

export interface PostPage {
  items: PostSummary[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

export interface CommentPage {
  items: Comment[];
  /** Pass as `after` for the next (newer) page; null when there is nothing newer yet. */
  nextAfter: number | null;
}

export interface ChatMessage {
  id: number;
  from: number;
  to: number;
  body: string;
  createdAt: string;
  clientId?: string;
}

export interface ChatHistory {
  /** Oldest → newest. */
  items: ChatMessage[];
  hasMore: boolean;
}

export interface RosterEntry extends UserRef {
  online: boolean;
  lastMessageAt: string | null;
  /** The id of that last message: orders conversations whose last messages share an instant. */
  lastMessageId: number | null;
  lastMessagePreview: string | null;
  unread: number;
}

export const NOTIFICATION_KINDS = [
  'comment_on_post',
  'comment_on_thread',
  'post_in_category',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: number;
  kind: NotificationKind;
  actor: UserRef;
  postId?: number;
  text: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  items: Notification[];
  nextBefore: number | null;
}

export interface UnreadCounts {
  notifications: number;
  /** Unread direct messages per other user id. Users with 0 are omitted. */
  chats: Record<string, number>;
}

/** `GET /api/info`: public, used by the launcher's "Test connection". */
export interface ServerInfo {
  app: 'hearth';
  name: string;
  version: string;
  apiVersion: number;
  /**
   * This forum's session cookie name, `hearth_<forum id>`: fixed for its data folder and
   * different for every forum, so forums sharing a host keep separate sessions. Optional:
   * servers from before it was added (same apiVersion) leave it out.
   */
  sessionCookie?: string;
}
