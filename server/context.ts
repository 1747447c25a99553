import type { Db } from '../db/open-db';
import type { PasswordHasher } from './auth/password-hasher';
import { sessionCookieName } from './auth/session-cookie';
import { SessionService } from './auth/sessions.service';
import type { ServerConfig } from './config/server-config';
import { EventLog } from './events/event-log';
import { changesFeed, Publisher, Writer } from './events/outbox';
import { FeedCache } from './http/feed-cache';
import { LivePort } from './live/live-port';
import type { Logger } from './logging/logger';
import { createRateLimiters, type RateLimiters } from './security/rate-limiter';
import { AccountsService } from './services/accounts.service';
import { CategoriesService } from './services/categories.service';
import { ForumService } from './services/forum.service';
import { InvitesService, signupPolicyWithInvites } from './services/invites.service';
import { RolesService } from './services/roles.service';
import { SetupService } from './services/setup.service';
import { SetupToken } from './services/setup-token';
import { ChatEditsService } from './services/chat-edits.service';
import { ChatService } from './services/chat.service';
import { ConversationsService } from './services/conversations.service';
import { CommentEditsService } from './services/comment-edits.service';
import { PostEditsService } from './services/post-edits.service';
import { CommentsService } from './services/comments.service';
import { FollowsService } from './services/follows.service';
import { NotificationsService } from './services/notifications.service';
import { AttentionService } from './services/attention.service';
import { FeedService } from './services/feed.service';
import { PostsService } from './services/posts.service';
import { ReactionsService } from './services/reactions.service';
import { ReactionNotifier } from './services/reaction-notifications';
import { SearchService } from './services/search.service';
import { createSearcher, type Searcher } from './search/searcher';
import { PasswordsService } from './services/passwords.service';
import { ProfilesService } from './services/profiles.service';
import { ModerationLogService } from './services/moderation-log.service';
import { PostModerationService } from './services/post-moderation.service';
import { SuspensionsService } from './services/suspensions.service';
import { MentionsNotifier } from './services/mentions.service';
import { createStores, type Stores } from './store/index';
import { BlobStore } from './files/blob-store';
import { AvatarsService } from './services/avatars.service';
import { FilesService } from './services/files.service';

/** Everything a request handler (or the live layer) may use, built once per server. */
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

export function createContext(
  config: ServerConfig,
  log: Logger,
  db: Db,
  hasher: PasswordHasher,
): ServerContext {
  const stores = createStores(db);
  const { clock } = config;
  const forumId = stores.forumMeta.ensureForumId();
  if (forumId.status === 'replaced') {
    log.warn('the stored forum id was malformed: made a new one (everyone must sign in again)');
  }
  // The one path out of a commit: the live layer first (as the writer's own client may be
  // waiting for its echo), then the feed cache; both before the writer gets its response.
  const publisher = new Publisher(log.scoped('events'));
  const live = new LivePort();
  publisher.subscribe((c) => live.deliver(c));
  const feed = new FeedCache({ maxBytes: 8 * 1024 * 1024, ttlMs: 2000, clock });
  publisher.subscribe((c) => {
    // Posts name their categories: a rename must show in the next page.
    if (c.events.some((e) => e.type === 'category.updated')) stores.posts.reloadCategoryNames();
    if (changesFeed(c)) feed.invalidate();
  });
  const events = new EventLog(stores.events, clock, stores.conversations);
  const writer = new Writer(db, events, publisher, config.live);
  const sessions = new SessionService(
    stores.sessions,
    publisher,
    {
      cookieName: sessionCookieName(forumId.id),
      ttlMs: config.sessionTtlMs,
      renewAfterMs: config.sessionRenewAfterMs,
      clock,
    },
    log.scoped('sessions'),
  );
  const notifications = new NotificationsService(stores.notifications, writer, stores.attention);
  const modLog = { store: stores.moderationLog, clock };
  const roles = new RolesService(stores.users, writer, modLog);
  const forum = new ForumService(stores.users, stores.forumSettings, roles, writer, {
    mode: config.setup,
    defaultName: config.forumName,
  });
  const invites = new InvitesService(stores.invites, roles, writer, clock);
  const accounts = new AccountsService(
    stores.users,
    hasher,
    sessions,
    writer,
    clock,
    log.scoped('accounts'),
    signupPolicyWithInvites(forum, invites),
    (tx, user) => conversations.joinDefaultRoom(tx, user.id, user.createdAt),
  );
  const setupToken = new SetupToken();
  // The data folder's files/ beside hearth.db (made here: createContext runs at start only).
  const blobs = new BlobStore(config.dataDir);
  const files = new FilesService(
    stores.uploads,
    stores.messageAccess,
    blobs,
    writer,
    publisher,
    config.uploads,
    clock,
    log.scoped('files'),
  );
  // @mentions (issue 12): one notifier for posts, comments and messages, created and edited.
  const mentions = new MentionsNotifier(
    stores.users,
    stores.notifications,
    stores.messageAccess,
    stores.posts,
  );
  const chat = new ChatService(
    db,
    stores.chat,
    writer,
    clock,
    log.scoped('chat'),
    live,
    stores.conversations,
    mentions,
    files,
  );
  const conversations = new ConversationsService(
    stores.conversations,
    chat,
    writer,
    clock,
    live,
    (id) => stores.chat.nicknameOf(id),
  );
  const postsService = new PostsService(
    stores.posts,
    stores.categories,
    notifications,
    writer,
    clock,
    mentions,
    files,
  );
  const edits = {
    revisions: stores.revisions,
    redaction: stores.redaction,
    moderationLog: stores.moderationLog,
    roles,
    mentions,
    writer,
    clock,
    files,
  };
  return {
    config,
    log,
    db,
    stores,
    hasher,
    sessions,
    accounts,
    forum,
    invites,
    roles,
    categories: new CategoriesService(stores.categories, roles, writer, modLog),
    setup: new SetupService(
      forum,
      accounts,
      stores.categories,
      stores.forumSettings,
      setupToken,
      log.scoped('setup'),
      stores.conversations,
    ),
    setupToken,
    posts: postsService,
    comments: new CommentsService(
      stores.comments,
      stores.posts,
      notifications,
      writer,
      clock,
      mentions,
      files,
    ),
    follows: new FollowsService(stores.follows, stores.categories, writer),
    limiters: createRateLimiters(config.rateLimit, clock),
    events,
    writer,
    publisher,
    feed,
    chat,
    conversations,
    postEdits: new PostEditsService({
      ...edits,
      posts: stores.posts,
      postEdits: stores.postEdits,
      categories: stores.categories,
    }),
    commentEdits: new CommentEditsService({ ...edits, commentEdits: stores.commentEdits }),
    chatEdits: new ChatEditsService({
      ...edits,
      messageEdits: stores.messageEdits,
      messageAccess: stores.messageAccess,
      conversations: stores.conversations,
      chat,
    }),
    notifications,
    attention: new AttentionService(
      stores.attention,
      stores.notificationGroups,
      stores.posts,
      writer,
      clock,
    ),
    feedPages: new FeedService(
      stores.posts,
      postsService,
      stores.categories,
      stores.feedReadState,
      feed,
    ),
    live,
    profiles: new ProfilesService(stores.profiles, stores.users, stores.posts, writer, live),
    passwords: new PasswordsService(
      stores,
      hasher,
      sessions,
      writer,
      clock,
      log.scoped('passwords'),
    ),
    postModeration: new PostModerationService(
      stores.posts,
      stores.moderationLog,
      roles,
      writer,
      clock,
    ),
    suspensions: new SuspensionsService(
      stores.users,
      sessions,
      stores.moderationLog,
      roles,
      writer,
      clock,
    ),
    moderationLog: new ModerationLogService(stores.moderationLog, roles),
    files,
    avatars: new AvatarsService(stores.avatars, blobs, writer, clock),
    search: createSearcher({
      threads: config.searchThreads,
      db,
      nativeBinding: config.sqliteNativeBinding,
      log: log.scoped('search'),
      inProcess: new SearchService(stores.search, stores.messageAccess),
    }),
    reactions: new ReactionsService({
      reactions: stores.reactions,
      messageAccess: stores.messageAccess,
      writer,
      clock,
      notifier: new ReactionNotifier(
        stores.reactionOwners,
        stores.notifications,
        stores.attention,
        stores.messageAccess,
      ),
    }),
  };
}
