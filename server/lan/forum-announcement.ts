import type { Publisher } from '../events/outbox';
import type { Logger } from '../logging/logger';
import type { AdvertFacts } from './advert';
import { AdvertSchedule } from './advert-schedule';
import { startAdvertising } from './advertiser';

/** How often the announcer looks at the online count (it re-announces at most every 10 s). */
const ONLINE_CHECK_MS = 2000;

/** A running forum's LAN announcement (or none: `advertising` false). */
export interface ForumAnnouncement {
  readonly advertising: boolean;
  /** Withdraws the announcement. */
  stop(): Promise<void>;
}

/**
 * Announces the forum on the LAN (mDNS `_hearth._tcp`) while it runs. The announcement
 * follows the forum: a rename at once, the online count (when the forum shows it) at most
 * every 10 s (advert-schedule.ts), never with a restart.
 */
export function announceForum(
  enabled: boolean,
  facts: () => AdvertFacts,
  publisher: Publisher,
  log: Logger,
): ForumAnnouncement {
  if (!enabled) return { advertising: false, stop: async () => {} };
  const advertiser = startAdvertising(facts(), log);
  const schedule = new AdvertSchedule(facts(), (f) => advertiser.update(f));
  const unsubscribe = publisher.subscribe((c) => {
    if (c.events.some((e) => e.type === 'forum.updated' || e.type === 'discovery.updated')) {
      schedule.update(facts());
    }
  });
  // Presence changes are not commits: the count is looked at every 2 s.
  const onlineTimer = setInterval(() => schedule.update(facts()), ONLINE_CHECK_MS);
  onlineTimer.unref();
  return {
    advertising: true,
    stop: async () => {
      clearInterval(onlineTimer);
      unsubscribe();
      schedule.stop();
      await advertiser.stop();
    },
  };
}
