import type { Db } from '../db/open-db';
import type { ServerConfig } from './config/server-config';
import { EventLog } from './events/event-log';
import { changesFeed, Publisher, Writer } from './events/outbox';
import { FeedCache } from './http/feed-cache';
import { LivePort } from './live/live-port';
import type { Logger } from './logging/logger';
import type { Stores } from './store/index';

/**
 * The outbox, put together for one server: the writer, the event log it appends to, and
 * the publisher with its listeners in order (README "The outbox").
 */
export function createOutbox(config: ServerConfig, log: Logger, db: Db, stores: Stores) {
  const { clock } = config;
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
  return { publisher, live, feed, events, writer };
}
