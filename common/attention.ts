/**
 * Attention (issue 13): notification groups, per-post levels, per-post read state. Zod-free,
 * so the renderer imports it at runtime (the sentence of a group is built by the same code on
 * both sides: the server for a page, the client when a group grows live).
 */
import type { NotificationKind, PostSummary, UserRef } from './api';

export const POST_LEVELS = ['watching', 'normal', 'muted'] as const;
export type PostLevel = (typeof POST_LEVELS)[number];

/** The notification kind the mentions feature writes; the "Mentions" filter selects it. */
export const MENTION_KIND = 'mention';

export const NOTIFICATION_FILTERS = ['all', 'unread', 'mentions'] as const;
export type NotificationFilter = (typeof NOTIFICATION_FILTERS)[number];

/**
 * The notifications of one post and kind, newest first, as one row: "ana, ben and 3 others
 * commented on “Title”". While some are unread, the row speaks of the unread ones only (what
 * is new since you last read the post); once all are read, of all of them.
 */
export interface NotificationGroup {
  /** `<postId>:<kind>` (a notification without a post: `n<id>:<kind>`). */
  key: string;
  /** A kind of NOTIFICATION_KINDS, or one added later (`mention`). */
  kind: NotificationKind | typeof MENTION_KIND;
  postId: number | null;
  /** The post's title ('' without a post). */
  title: string;
  /** The newest actors first, at most GROUP_ACTORS_SHOWN of them. */
  actors: UserRef[];
  /** How many different people acted. */
  actorCount: number;
  /** How many notifications the row stands for. */
  count: number;
  unread: number;
  /** The newest notification's id: the list's order and cursor. */
  latestId: number;
  /** The comment the newest notification is about: where the row opens the post. */
  commentId: number | null;
  /** (mentions) The chat message the newest notification is about (a row without a post). */
  messageId?: number;
  /** (rooms) That message's group or room; absent for a private message. */
  conversationId?: number;
  /** The first line of that comment (or of the post), shortened. */
  excerpt: string;
  createdAt: string;
  /** The newest notification's own sentence (a new post's row shows it as it is). */
  text: string;
}

export interface NotificationGroupPage {
  items: NotificationGroup[];
  nextBefore: number | null;
}

/** `GET`/`PUT /api/posts/:id/level`: `explicit` is false while the default applies. */
export interface PostAttention {
  level: PostLevel;
  explicit: boolean;
}

export const GROUP_ACTORS_SHOWN = 2;
export const EXCERPT_CHARS = 140;

export const groupKey = (postId: number | null, kind: string, id: number): string =>
  `${postId ?? `n${id}`}:${kind}`;

/** The first non-empty line of a text, at most EXCERPT_CHARS characters (… when cut). */
export function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!line) return '';
  const chars = Array.from(line);
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS - 1).join('')}…` : line;
}

/** (issue 12) The reaction kinds: their rows group one item's reactions, not one post's. */
export const REACTION_KINDS = [
  'reaction_on_post',
  'reaction_on_comment',
  'reaction_on_message',
] as const;
export type ReactionNotificationKind = (typeof REACTION_KINDS)[number];
export const isReactionKind = (kind: string): kind is ReactionNotificationKind =>
  (REACTION_KINDS as readonly string[]).includes(kind);

/**
 * The group a notification joins: its post and kind (groupKey), except a reaction to a
 * comment or a message, which joins that comment's or message's row.
 */
export function notificationGroupKey(n: {
  id: number;
  kind: string;
  postId?: number | null | undefined;
  commentId?: number | null | undefined;
  messageId?: number | null | undefined;
}): string {
  if (n.kind === 'reaction_on_comment' && n.commentId != null) return `c${n.commentId}:${n.kind}`;
  if (n.kind === 'reaction_on_message' && n.messageId != null) return `m${n.messageId}:${n.kind}`;
  return groupKey(n.postId ?? null, n.kind, n.id);
}

/** What a row counts: "3 new comments", "2 posts", "4 reactions". */
export function groupCountNoun(kind: string, count: number): string {
  const noun = kind === 'post_in_category' ? 'post' : isReactionKind(kind) ? 'reaction' : 'comment';
  return count === 1 ? noun : `${noun}s`;
}

/** "ana", "ana and ben", "ana, ben and 3 others". */
export function actorsPhrase(actors: readonly UserRef[], actorCount: number): string {
  const names = actors.slice(0, GROUP_ACTORS_SHOWN).map((a) => a.nickname);
  const others = actorCount - names.length;
  if (others <= 0) return names.length === 2 ? `${names[0]} and ${names[1]}` : (names[0] ?? '');
  if (names.length === 1) return `${names[0]} and ${others} ${others === 1 ? 'other' : 'others'}`;
  return `${names.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
}

/** What the group's people did, after their names. */
export function groupVerb(kind: string): string {
  switch (kind) {
    case 'comment_on_post':
      return 'commented on your post';
    case 'comment_on_thread':
      return 'commented on';
    case 'post_in_category':
      return 'posted';
    case MENTION_KIND:
      return 'mentioned you in';
    case 'reaction_on_post':
      return 'reacted to your post';
    case 'reaction_on_comment':
      return 'reacted to your comment on';
    case 'reaction_on_message':
      return 'reacted to your message';
    default:
      return 'acted on';
  }
}

export const FEED_SORTS = ['activity', 'newest'] as const;
export type FeedSort = (typeof FEED_SORTS)[number];

/** What is new in one post for its reader; posts with nothing new are left out. */
export interface PostReadState {
  /** Never opened (and not the reader's own). */
  isNew: boolean;
  /** Comments by others since the reader last opened it. */
  newComments: number;
}

/**
 * `GET /api/feed`: a page of the feed (as `GET /api/posts`, pinned posts first on the first
 * page), in `sort` order, with the reader's read state per post id.
 */
export interface FeedPage {
  items: PostSummary[];
  /** Pass as `before` for the next page (with `since`); null at the end. */
  nextBefore: number | null;
  /**
   * Latest activity: the activity number when the first page was read. Pass it back with
   * each next page: posts that became active since then come back in `moved` (to show on
   * top), so paging while posts move never skips a post, and never repeats one in `items`.
   */
  since: number;
  moved: PostSummary[];
  readState: Record<string, PostReadState>;
}
