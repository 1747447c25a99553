import type { Db } from '../db/open-db';
import type { PasswordHasher } from './auth/password-hasher';
import { sessionCookieName } from './auth/session-cookie';
import { SessionService } from './auth/sessions.service';
import type { ServerConfig } from './config/server-config';
import type { ServerContext } from './context';
import { createEditServices } from './create-edit-services';
import { createOutbox } from './create-outbox';
import type { Logger } from './logging/logger';
import { createRateLimiters } from './security/rate-limiter';
import { AccountsService } from './services/accounts.service';
import { CategoriesService } from './services/categories.service';
import { ForumService } from './services/forum.service';
import { InvitesService, signupPolicyWithInvites } from './services/invites.service';
import { RolesService } from './services/roles.service';
import { SetupService } from './services/setup.service';
import { SetupToken } from './services/setup-token';
import { ChatService } from './services/chat.service';
import { ConversationsService } from './services/conversations.service';
import { CommentsService } from './services/comments.service';
import { FollowsService } from './services/follows.service';
import { NotificationsService } from './services/notifications.service';
import { AttentionService } from './services/attention.service';
import { FeedService } from './services/feed.service';
import { PostsService } from './services/posts.service';
import { ReactionsService } from './services/reactions.service';
import { ReactionNotifier } from './services/reaction-notifications';
import { SearchService } from './services/search.service';
import { createSearcher } from './search/searcher';
import { PasswordsService } from './services/passwords.service';
import { ProfilesService } from './services/profiles.service';
import { ModerationLogService } from './services/moderation-log.service';
import { PostModerationService } from './services/post-moderation.service';
import { SuspensionsService } from './services/suspensions.service';
import { MentionsNotifier } from './services/mentions.service';
import { createStores } from './store/index';
import { BlobStore } from './files/blob-store';
import { AvatarsService } from './services/avatars.service';
import { FilesService } from './services/files.service';

/**
 * Builds the ServerContext (context.ts) once per server: stores, the outbox, then the
 * services in the order they need each other. Called by createForumServer only.
 */
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
  const { publisher, live, feed, events, writer } = createOutbox(config, log, db, stores);
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
    ...createEditServices(stores, { roles, mentions, writer, clock, files, chat }),
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
