import type { Db } from '../db/open-db';
import type { PasswordHasher } from './auth/password-hasher';
import { sessionCookieName } from './auth/session-cookie';
import { SessionService } from './auth/sessions.service';
import type { ServerConfig } from './config/server-config';
import { EventBus } from './events/event-bus';
import { EventLog } from './events/event-log';
import type { ForumEventBus, ForumEvents } from './events/forum-events';
import { LiveJournal } from './live/journal';
import { LivePort } from './live/live-port';
import type { Logger } from './logging/logger';
import { createRateLimiters, type RateLimiters } from './security/rate-limiter';
import { AccountsService } from './services/accounts.service';
import { ChatService } from './services/chat.service';
import { CommentsService } from './services/comments.service';
import { FollowsService } from './services/follows.service';
import { NotificationsService } from './services/notifications.service';
import { PostsService } from './services/posts.service';
import { createStores, type Stores } from './store/index';

/** Everything a request handler (or the live layer) may use, built once per server. */
export interface ServerContext {
  config: ServerConfig;
  log: Logger;
  db: Db;
  stores: Stores;
  bus: ForumEventBus;
  hasher: PasswordHasher;
  sessions: SessionService;
  accounts: AccountsService;
  posts: PostsService;
  comments: CommentsService;
  /** Who follows which category (GET /api/categories, PUT/DELETE …/follow). */
  follows: FollowsService;
  limiters: RateLimiters;
  /** The durable event log the live layer replays from. */
  events: EventLog;
  chat: ChatService;
  notifications: NotificationsService;
  /** The WebSocket hub, once attached (forum-server.ts): presence, delivery, unread pushes. */
  live: LivePort;
}

export function createContext(
  config: ServerConfig,
  log: Logger,
  db: Db,
  hasher: PasswordHasher,
): ServerContext {
  const stores = createStores(db);
  const bus: ForumEventBus = new EventBus<ForumEvents>(log.scoped('events'));
  const { clock } = config;
  const forumId = stores.forumMeta.ensureForumId();
  if (forumId.status === 'replaced') {
    log.warn('the stored forum id was malformed: made a new one (everyone must sign in again)');
  }
  const sessions = new SessionService(
    stores.sessions,
    bus,
    {
      cookieName: sessionCookieName(forumId.id),
      ttlMs: config.sessionTtlMs,
      renewAfterMs: config.sessionRenewAfterMs,
      clock,
    },
    log.scoped('sessions'),
  );
  const events = new EventLog(stores.events, clock);
  const notifications = new NotificationsService(stores.notifications);
  const live = new LivePort();
  // Services record durable events inside their own transactions (see ForumJournal).
  const journal = new LiveJournal(events, notifications, live);
  return {
    config,
    log,
    db,
    stores,
    bus,
    hasher,
    sessions,
    accounts: new AccountsService(
      db,
      stores.users,
      hasher,
      sessions,
      bus,
      clock,
      log.scoped('accounts'),
      journal,
    ),
    posts: new PostsService(db, stores.posts, stores.categories, bus, clock, journal),
    comments: new CommentsService(db, stores.comments, stores.posts, bus, clock, journal),
    follows: new FollowsService(stores.follows, stores.categories),
    limiters: createRateLimiters(config.rateLimit, clock),
    events,
    chat: new ChatService(db, stores.chat, events, clock, log.scoped('chat')),
    notifications,
    live,
  };
}
