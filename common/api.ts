/**
 * The REST contract: request schemas (parsed at the server's edge from `unknown`) and the
 * response shapes both sides use. docs/api.md documents every route with examples.
 */
import { z } from 'zod';
import { FORUM_LIMITS } from './forum-limits';
import { GENDERS, LIMITS } from './limits';
import { FILE_LIMITS, type Attachment } from './files';
import { ROOM_LIMITS } from './room-limits';
import { MODERATION_LIMITS } from './moderation-limits';

export type { Attachment } from './files';
import type { ReactionCount } from './reactions';

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

/** Upload ids (`POST /api/uploads`) to attach to a new post, comment or chat message. */
export const attachmentIdsSchema = z
  .array(z.number().int().positive(), { error: 'Attachments must be a list of upload ids' })
  .max(FILE_LIMITS.attachmentsPerItem, {
    error: `At most ${FILE_LIMITS.attachmentsPerItem} attachments`,
  })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'An upload is attached once' });

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
  /** An invite link's code: with sign-up closed, the only way to sign up (issue 14). */
  invite: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/, { error: 'This invite link is not complete: copy it again' })
    .optional(),
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
  attachments: attachmentIdsSchema.optional(),
});
export type CreatePostRequest = z.infer<typeof createPostSchema>;

export const createCommentSchema = z.strictObject({
  body: trimmedText('Comment', LIMITS.commentBody.max),
  attachments: attachmentIdsSchema.optional(),
});
export type CreateCommentRequest = z.infer<typeof createCommentSchema>;

/**
 * `PATCH /api/posts/:id`: any of a new post's fields, at least one, checked as at creation.
 * `attachments` (issue 12) is the post's whole list of files after the edit: ones it has
 * stay, new uploads are attached, the ones left out are removed.
 */
export const updatePostSchema = createPostSchema
  .partial()
  .refine((p) => Object.keys(p).length > 0, {
    error: 'Change the title, the post or its categories',
  });
export type UpdatePostRequest = z.infer<typeof updatePostSchema>;

/** `PATCH /api/comments/:id`: the new text, checked as at creation (and, optionally, the
 * comment's whole list of files after the edit, as for posts). */
export const updateCommentSchema = createCommentSchema;
export type UpdateCommentRequest = z.infer<typeof updateCommentSchema>;

/** Why a moderator deleted someone's item (optional; shown in the moderation log). */
/** Moderation: the optional reason of a delete, pin, lock or suspension, and its limits. */
// Zod-free (the UI's suspend dialog uses it): moderation-limits.ts.
export { MODERATION_LIMITS };

const moderationReason = z
  .string({ error: 'Reason must be text' })
  .trim()
  .max(MODERATION_LIMITS.reason.max, {
    error: `Reason must be at most ${MODERATION_LIMITS.reason.max} characters`,
  })
  .refine((s) => s === '' || userTextFault(s) === null || userTextFault(s) === 'invisible', {
    error: 'Reason contains invalid or invisible control characters',
  })
  // An empty or blank reason is no reason.
  .transform((s) => (s === '' || !VISIBLE_CHAR.test(s) ? null : s));

/** The body of `DELETE /api/posts/:id` and `DELETE /api/comments/:id` (optional). */
export const deleteItemSchema = z.strictObject({ reason: moderationReason.optional() }).optional();
/** Or the reason in the query: `DELETE /api/posts/7?reason=spam`. */
export const deleteItemQuery = z.object({ reason: moderationReason.optional() });

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
  /** (issue 12) `mine=1`: only the reader's posts; `liked=1`: only those they gave 👍 or ❤️. */
  mine: z.enum(['1'], { error: 'mine must be 1' }).optional(),
  liked: z.enum(['1'], { error: 'liked must be 1' }).optional(),
});
export const listCommentsQuery = z.object({
  after: idParam.optional(),
  limit: limitParam(LIMITS.pageSize.default, LIMITS.pageSize.max),
});
export const chatHistoryQuery = z
  .object({
    before: idParam.optional(),
    /** (issue 13) The page right after a message id, oldest first: paging down toward the latest. */
    after: idParam.optional(),
    /** (issue 13) A window around a message id: a first unread one, or a notification's message. */
    around: idParam.optional(),
    limit: limitParam(LIMITS.chatPageSize.default, LIMITS.chatPageSize.max),
  })
  .refine((q) => [q.before, q.after, q.around].filter((v) => v !== undefined).length <= 1, {
    error: 'Must be only one of before, after and around',
    path: ['before'],
  });
export type ChatHistoryQuery = z.output<typeof chatHistoryQuery>;
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
  /** What this person may do (issue 10); the UI shows only what the role allows. */
  role: Role;
}

export interface Category {
  id: number;
  name: string;
}

/**
 * A category as `GET /api/categories` lists it (archived ones left out, in the admins' order):
 * `following` says whether the caller follows
 * it (`PUT`/`DELETE /api/categories/:id/follow`), i.e. gets a `post_in_category`
 * notification for each new post in it by someone else.
 */
export interface CategoryListItem extends Category {
  following: boolean;
  /** '#rrggbb', when an admin gave the category a colour (absent otherwise). */
  color?: string;
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
  /** Pinned by a moderator: first in the feed (and its categories' feeds), newest pin first. */
  pinned: boolean;
  /** Locked by a moderator: no new comments (POST …/comments answers 409 POST_LOCKED). */
  locked: boolean;
  /** When it was last edited (ISO-8601 UTC), null if never. */
  editedAt: string | null;
  /** (issue 12) Its reactions' counts, by emoji (the feed's; absent in older answers). */
  reactions?: ReactionCount[];
  /** (issue 12) How many files are attached (the feed's indicator); absent when none. */
  attachmentCount?: number;
  /** (issue 12) How many of those are pictures; present with `attachmentCount`. */
  imageCount?: number;
}

/** The whole post (`GET /api/posts/:id`, and `POST /api/posts`'s answer). */
export interface Post extends PostSummary {
  bodyTruncated: false;
  /**
   * Present (true) only when a moderator reads a deleted post (members get 404): its title
   * and body are empty; its last version is in `GET /api/posts/:id/revisions`.
   */
  deleted?: true;
  /** Pictures and files attached at creation (issue 12); absent when there are none. */
  attachments?: Attachment[];
}

export interface Comment {
  id: number;
  postId: number;
  /** Empty when `deleted`: a deleted comment stays as a placeholder so the thread reads. */
  body: string;
  author: UserRef;
  createdAt: string;
  /** When it was last edited, null if never. */
  editedAt: string | null;
  deleted: boolean;
  /** Pictures and files attached (issue 12); absent when there are none. */
  attachments?: Attachment[];
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
  /** Empty when `deleted` (the placeholder "Message deleted"). */
  body: string;
  createdAt: string;
  clientId?: string;
  /** When it was last edited, null if never. */
  editedAt: string | null;
  deleted: boolean;
  /**
   * (rooms) The group or room it was sent in; then `to` is 0. A private message has no
   * conversationId (its conversation is the pair `from`/`to`).
   */
  conversationId?: number;
  /** Pictures and files attached (issue 12); absent when there are none. */
  attachments?: Attachment[];
}

export interface ChatHistory {
  /** Oldest → newest. */
  items: ChatMessage[];
  /** Older messages exist (before the first item). */
  hasMore: boolean;
  /** (issue 13) Newer messages exist (after the last item): only an `after` or `around` page. */
  hasNewer: boolean;
  /** (issue 13) The reader's read pointer here: messages with a higher id are unread (0: none read). */
  lastReadId: number;
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
  // (issue 12) Someone @mentioned you in a post, a comment (postId, commentId) or a message (messageId).
  'mention',
  // (issue 12) Someone reacted to your post, comment or message (grouped per item).
  'reaction_on_post',
  'reaction_on_comment',
  'reaction_on_message',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  id: number;
  kind: NotificationKind;
  actor: UserRef;
  postId?: number;
  /** The comment it is about (comment notifications since 007): gone when it is deleted. */
  commentId?: number;
  /** The chat message a `mention` is in: gone when it is deleted. */
  messageId?: number;
  /** (rooms) The group or room that message is in; absent for a private message. */
  conversationId?: number;
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
  /**
   * (issue 13) What the bell shows: the unread rows of the grouped notifications list (one per
   * post and kind), present only when some are unread (absent: 0).
   */
  notificationGroups?: number;
  /** Unread direct messages per other user id. Users with 0 are omitted. */
  chats: Record<string, number>;
  /**
   * (rooms) Unread messages per group or room conversation id; conversations with 0 are
   * omitted, and the whole field when there are none.
   */
  conversations?: Record<string, number>;
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

// ---- Forum setup, settings, roles and categories (issue 10) ----

/** Exactly one owner; admins run the forum; moderators keep order; members take part. */
export const ROLES = ['owner', 'admin', 'moderator', 'member'] as const;
export type Role = (typeof ROLES)[number];
/** The roles the owner can give (ownership moves only by a transfer). */
export const ASSIGNABLE_ROLES = ['admin', 'moderator', 'member'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** The category sets a new forum can start from (`general`: Hearth's usual eight). */
export const CATEGORY_TEMPLATES = [
  'general',
  'club',
  'office',
  'classroom',
  'lan-party',
  'empty',
] as const;
export type CategoryTemplate = (typeof CATEGORY_TEMPLATES)[number];

export { FORUM_LIMITS } from './forum-limits';

const forumName = trimmedText('Forum name', FORUM_LIMITS.name.max);
const forumDescription = z
  .string({ error: 'Description must be text' })
  .trim()
  .max(FORUM_LIMITS.description.max, {
    error: `Description must be at most ${FORUM_LIMITS.description.max} characters`,
  })
  .refine((s) => s === '' || userTextFault(s) !== 'malformed', {
    error: 'Description contains invalid characters',
  })
  .refine((s) => s === '' || userTextFault(s) !== 'control', {
    error: 'Description contains invisible control characters. Delete them and try again.',
  });
const minAge = z
  .number({ error: 'Minimum age must be a number' })
  .int({ error: 'Minimum age must be a whole number' })
  .min(LIMITS.age.min, { error: `Minimum age must be at least ${LIMITS.age.min}` })
  .max(LIMITS.age.max, { error: `Minimum age must be at most ${LIMITS.age.max}` });

/** `POST /api/forum/setup`: once, with the token the host printed, on a forum without owner. */
export const setupSchema = z.strictObject({
  token: z.string({ error: 'The setup token is required' }).min(1, {
    error: 'The setup token is required',
  }),
  forum: z.strictObject(
    { name: forumName, description: forumDescription.default('') },
    { error: 'forum must be { name, description }' },
  ),
  template: z.enum(CATEGORY_TEMPLATES, {
    error: `Template must be one of: ${CATEGORY_TEMPLATES.join(', ')}`,
  }),
  owner: signupSchema,
  /** (rooms) The default room's name, which every member joins; absent: "General". */
  room: userText('Room name', ROOM_LIMITS.name).optional(),
});
export type SetupRequest = z.infer<typeof setupSchema>;

/** `PATCH /api/forum` (owner, admins): any of the settings, at least one. */
export const forumSettingsPatchSchema = z
  .strictObject({
    name: forumName.optional(),
    description: forumDescription.optional(),
    signupOpen: z.boolean({ error: 'signupOpen must be true or false' }).optional(),
    minAge: minAge.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { error: 'Change at least one setting' });
export type ForumSettingsPatch = z.infer<typeof forumSettingsPatchSchema>;

const CATEGORY_COLOR = /^#[0-9a-f]{6}$/;
const categoryColor = z
  .string({ error: 'Colour must be like #3b82f6' })
  .transform((s) => s.toLowerCase())
  .pipe(z.string().regex(CATEGORY_COLOR, { error: 'Colour must be like #3b82f6' }));
const categoryName = trimmedText('Category name', FORUM_LIMITS.categoryName.max);

export const createCategorySchema = z.strictObject({
  name: categoryName,
  color: categoryColor.nullable().optional(),
});
export type CreateCategoryRequest = z.infer<typeof createCategorySchema>;

/** `PATCH /api/categories/:id`: rename, recolour (null: none), archive or bring back. */
export const updateCategorySchema = z
  .strictObject({
    name: categoryName.optional(),
    color: categoryColor.nullable().optional(),
    archived: z.boolean({ error: 'archived must be true or false' }).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { error: 'Change at least one field' });
export type UpdateCategoryRequest = z.infer<typeof updateCategorySchema>;

/** `PUT /api/categories/order`: every category id, once, in the new order. */
export const reorderCategoriesSchema = z.strictObject({
  ids: z
    .array(z.number().int().positive(), { error: 'ids must list every category id' })
    .min(1, { error: 'ids must list every category id' })
    .max(FORUM_LIMITS.categories.max * 10, { error: 'Too many ids' })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'ids must not repeat' }),
});

export const setRoleSchema = z.strictObject({
  role: z.enum(ASSIGNABLE_ROLES, {
    error: `Role must be one of: ${ASSIGNABLE_ROLES.join(', ')} (ownership moves by a transfer)`,
  }),
});
export const transferOwnershipSchema = z.strictObject({
  userId: z
    .number({ error: 'userId must be a user id' })
    .int({ error: 'userId must be a user id' })
    .positive({ error: 'userId must be a user id' }),
});

export interface ForumSettings {
  name: string;
  description: string;
  /** False: only people an admin adds (`POST /api/users`) get an account. */
  signupOpen: boolean;
  /** Sign-up refuses a younger age (at least 13). */
  minAge: number;
}

/** `GET /api/forum`: public, so the UI knows whether to show setup, sign-up or login. */
export interface ForumState extends ForumSettings {
  setupRequired: boolean;
  /** The caller's role, when the request carries a valid session. */
  role?: Role;
}

/** A user with their role: `GET /api/forum/staff`, role changes, the `user.updated` event. */
export interface UserWithRole extends UserRef {
  role: Role;
}

/** A category as admins manage it, and as the `category.*` events carry it. */
export interface CategoryInfo extends Category {
  color: string | null;
  position: number;
  archived: boolean;
}

/** `GET /api/forum/categories` (admins): every category, archived too, with its post count. */
export interface CategoryAdminItem extends CategoryInfo {
  postCount: number;
}

/** `POST /api/forum/transfer`: the new owner and the old one (now an admin). */
export interface OwnershipTransfer {
  owner: UserWithRole;
  previousOwner: UserWithRole;
}

/** What a moderation log entry was done to. */
export type ModerationTargetType = 'post' | 'comment' | 'message' | 'user' | 'category' | 'forum';

/**
 * One moderation log entry (issue 10): append only, never edited. `action` names what was
 * done, e.g. `post.delete`, `post.restore`, `post.pin`, `post.lock`, `user.suspend`,
 * `user.role`; `detail` is a small object the action adds (never a deleted item's text).
 */
export interface ModerationLogEntry {
  id: number;
  /** ISO-8601 UTC. */
  at: string;
  actor: { id: number; nickname: string };
  action: string;
  targetType: ModerationTargetType;
  targetId: number;
  /** Whose item it was (or who it was done to); null when it was nobody's (a category). */
  targetUser: { id: number; nickname: string } | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

// ---- Moderation: pin, lock, suspend, the log (issue 10) ----

/** `PUT/DELETE /api/posts/:id/pin` and `…/lock`: the body is optional. */
export const moderationReasonSchema = z.strictObject({
  reason: moderationReason.nullable().optional(),
});
export type ModerationReasonRequest = z.infer<typeof moderationReasonSchema>;

/** `PUT /api/users/:id/suspension`: until an instant (ISO-8601) or, with null, indefinitely. */
export const suspendSchema = z.strictObject({
  until: z
    .string({ error: 'until must be an ISO date-time, or null for indefinitely' })
    .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)), {
      error: 'until must be an ISO date-time like 2026-12-12T14:00:00Z, or null for indefinitely',
    })
    .nullable(),
  reason: moderationReason.nullable().optional(),
});
export type SuspendRequest = z.infer<typeof suspendSchema>;

export const moderationLogQuery = z.object({
  before: idParam.optional(),
  limit: limitParam(LIMITS.pageSize.default, LIMITS.pageSize.max),
  /** Only what was done to this person. */
  user: idParam.optional(),
});

/** A person's suspension as staff see it (`GET`/`PUT /api/users/:id/suspension`). */
export interface Suspension {
  userId: number;
  suspended: boolean;
  /** ISO-8601 UTC; null while not suspended or when suspended indefinitely. */
  suspendedUntil: string | null;
}

/** `user.updated` as staff get it after a suspension changes. */
export interface UserWithSuspension extends UserWithRole {
  suspended: boolean;
  suspendedUntil: string | null;
}

/** `GET /api/moderation/log`: newest first. */
export interface ModerationLogPage {
  items: ModerationLogEntry[];
  /** Pass as `before` for older entries; null at the end. */
  nextBefore: number | null;
}

// ---- Edit and delete (issue 10) ----

export type RevisionItemType = 'post' | 'comment' | 'message';

/**
 * An earlier version of a post or comment (`GET /api/posts/:id/revisions`,
 * `GET /api/comments/:id/revisions`; moderators, admins, the owner). `reason` says what
 * replaced it: an edit, or the delete (then it is the last version, kept 30 days).
 */
export interface Revision {
  id: number;
  itemType: RevisionItemType;
  itemId: number;
  /** A post's title and categories at the time (absent for comments). */
  title?: string;
  categoryIds?: number[];
  body: string;
  /** When this version was written (the item's creation or the edit before). */
  writtenAt: string;
  /** When it was replaced, by whom, and how. */
  replacedAt: string;
  replacedBy: UserRef;
  reason: 'edit' | 'delete';
}

export interface RevisionList {
  /** Oldest first. */
  items: Revision[];
}

// ---- Rich content (issue 12): reactions and search, in their own files ----

export * from './reactions';
export * from './search';
/** The query-string parsers, for contracts kept in their own files (common/attention-api.ts). */
export const queryParams = { id: idParam, limit: limitParam };
// ---- Invites (issue 14) ----

/** `POST /api/invites` (owner, admins): a link that expires and has a use limit. */
export const inviteCreateSchema = z.strictObject({
  /** Hours until it expires; null never (still revocable). */
  expiresInHours: z
    .number({ error: 'Expiry must be a number of hours' })
    .int({ error: 'Expiry must be a whole number of hours' })
    .min(1, { error: 'Expiry must be at least 1 hour' })
    .max(24 * 90, { error: 'Expiry must be at most 90 days' })
    .nullable(),
  /** How many people may sign up with it; null any number. */
  maxUses: z
    .number({ error: 'Use limit must be a number' })
    .int({ error: 'Use limit must be a whole number' })
    .min(1, { error: 'Use limit must be at least 1' })
    .max(1000, { error: 'Use limit must be at most 1000' })
    .nullable(),
});
export type InviteCreateRequest = z.infer<typeof inviteCreateSchema>;

export interface Invite {
  id: number;
  /** 22 base64url characters; the link is `<address>/#/invite/<code>`. */
  code: string;
  createdBy: UserRef;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  /** `active` while it lets people in. */
  state: 'active' | 'expired' | 'used-up' | 'revoked';
}

/** `GET /api/invites/share` (signed in): what "Invite people" shows. */
export interface InviteShare {
  forumName: string;
  /** This forum's addresses on the LAN, e.g. `https://192.168.1.20:4000` (first: best guess). */
  urls: string[];
  /** SHA-256 of the forum's certificate (64 hex), null over plain HTTP. */
  fingerprint: string | null;
  forumId: string;
  signupOpen: boolean;
  /** Whether the viewer may make invite links (owner, admins). */
  canCreate: boolean;
}

/** `GET /api/invites/check/:code` (public): whether an invite still lets someone in. */
export type InviteCheck =
  | { valid: true; forumName: string; expiresAt: string | null }
  | { valid: false; reason: 'unknown' | 'expired' | 'used-up' | 'revoked' };

/**
 * `GET`/`PUT /api/invites/discovery` (owner, admins): what the forum's LAN announcement
 * (mDNS) tells people browsing the network besides its name. Default: show the count.
 */
export const discoverySettingsSchema = z.strictObject({
  showOnline: z.boolean({ error: 'showOnline must be true or false' }),
});
export type DiscoverySettings = z.infer<typeof discoverySettingsSchema>;
