import type { Db } from '../db/open-db';
import type { PasswordHasher } from './auth/password-hasher';
import type { SessionService } from './auth/sessions.service';
import type { ServerConfig } from './config/server-config';
import type { EventLog } from './events/event-log';
import type { Publisher, Writer } from './events/outbox';
import type { FeedCache } from './http/feed-cache';
import type { LivePort } from './live/live-port';
import type { Logger } from './logging/logger';
import type { RateLimiters } from './security/rate-limiter';
import type { AccountsService } from './services/accounts.service';
import type { CategoriesService } from './services/categories.service';
import type { ForumService } from './services/forum.service';
import type { InvitesService } from './services/invites.service';
import type { RolesService } from './services/roles.service';
import type { SetupService } from './services/setup.service';
import type { SetupToken } from './services/setup-token';
import type { ChatEditsService } from './services/chat-edits.service';
import type { ChatService } from './services/chat.service';
import type { ConversationsService } from './services/conversations.service';
import type { CommentEditsService } from './services/comment-edits.service';
import type { PostEditsService } from './services/post-edits.service';
import type { CommentsService } from './services/comments.service';
import type { FollowsService } from './services/follows.service';
import type { NotificationsService } from './services/notifications.service';
import type { AttentionService } from './services/attention.service';
import type { FeedService } from './services/feed.service';
import type { PostsService } from './services/posts.service';
import type { ReactionsService } from './services/reactions.service';
import type { Searcher } from './search/searcher';
import type { PasswordsService } from './services/passwords.service';
import type { ProfilesService } from './services/profiles.service';
import type { ModerationLogService } from './services/moderation-log.service';
import type { PostModerationService } from './services/post-moderation.service';
import type { SuspensionsService } from './services/suspensions.service';
import type { Stores } from './store/index';
import type { AvatarsService } from './services/avatars.service';
import type { FilesService } from './services/files.service';

/**
 * Everything a request handler (or the live layer) may use, built once per server by
 * createContext (create-context.ts).
 */
export interface ServerContext {
  config: ServerConfig;
  log: Logger;
  db: Db;
  stores: Stores;
  hasher: PasswordHasher;
  sessions: SessionService;
  accounts: AccountsService;
  posts: PostsService;
  /** (issue 12) Search over posts, comments, messages and people (in threads: search/); reactions. */
  search: Searcher;
  reactions: ReactionsService;
  comments: CommentsService;
  /** Who follows which category (GET /api/categories, PUT/DELETE …/follow). */
  follows: FollowsService;
  /** Settings, whether setup is needed, who may sign up (GET/PATCH /api/forum). */
  forum: ForumService;
  /** Invite links (issue 14); sign-up asks them through the policy given to accounts. */
  invites: InvitesService;
  /** Role checks, role changes, ownership transfer. */
  roles: RolesService;
  /** Admins shaping categories (POST/PATCH/DELETE /api/categories…). */
  categories: CategoriesService;
  /** POST /api/forum/setup, with `setupToken` (made at start while setup is needed). */
  setup: SetupService;
  setupToken: SetupToken;
  limiters: RateLimiters;
  /** The durable event log the live layer replays from. */
  events: EventLog;
  /** Runs write transactions and publishes what they committed (events/outbox.ts). */
  writer: Writer;
  /** Hears every committed transaction: the live layer, the feed cache (a bus, later). */
  publisher: Publisher;
  /** Serialized feed pages (GET /api/posts), dropped when a post or comment commits. */
  feed: FeedCache;
  chat: ChatService;
  /** (rooms) Groups and rooms: REST side. */
  conversations: ConversationsService;
  /** Edit, delete, restore and earlier versions of posts, comments and messages. */
  postEdits: PostEditsService;
  commentEdits: CommentEditsService;
  chatEdits: ChatEditsService;
  notifications: NotificationsService;
  attention: AttentionService;
  feedPages: FeedService;
  /** The WebSocket hub, once attached (forum-server.ts): presence and delivery. */
  live: LivePort;
  /** Profile pages and editing one's own (GET /api/users/:id/profile, PATCH /api/auth/me). */
  profiles: ProfilesService;
  /** Password changes and one-time reset links. */
  passwords: PasswordsService;
  /** Pin and lock posts (moderators, admins, the owner). */
  postModeration: PostModerationService;
  /** Suspend and unsuspend people. */
  suspensions: SuspensionsService;
  /** GET /api/moderation/log. */
  moderationLog: ModerationLogService;
  /** Pictures and files: uploads, attachments, who may read them (issue 12). */
  files: FilesService;
  /** Avatars (PUT/DELETE /api/auth/me/avatar, GET /api/users/:id/avatar/:size). */
  avatars: AvatarsService;
}
