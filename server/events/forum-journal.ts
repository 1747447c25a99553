import type { ForumEvents } from './forum-events';

/** The forum events that also go to the durable event log (and may create notifications). */
export type JournaledEvent = 'user.signedUp' | 'post.created' | 'comment.created';

/** Runs after the transaction committed: hands the recorded events to the live layer. */
export type Publish = () => void;

/**
 * The durable half of the forum events. A service calls `record` INSIDE its write
 * transaction, so the event-log rows (and the notifications a comment causes) commit or roll
 * back together with the user, post or comment they describe: a crash can never leave a post
 * without its event, or an event without its post. `record` returns what to run once the
 * transaction has committed (live delivery), so nothing is delivered that is not stored.
 * The bus (`ForumEvents`) still announces the same facts right after, for in-process caches.
 */
export interface ForumJournal {
  record<K extends JournaledEvent>(type: K, payload: ForumEvents[K]): Publish;
}

const nothing: Publish = () => undefined;

/** For services used without a live layer (a few unit tests). */
export const NO_JOURNAL: ForumJournal = { record: () => nothing };
