import type { EventLog, DurableEvent } from '../events/event-log';
import type { ForumEvents } from '../events/forum-events';
import type { ForumJournal, JournaledEvent, Publish } from '../events/forum-journal';
import type { NotificationsService } from '../services/notifications.service';
import type { LiveSink } from './live-port';

/**
 * Writes the durable record of forum events inside the service's transaction: the event-log
 * rows (`user.joined`, `post.created`, `comment.created`, broadcast) and, for a comment, the
 * notifications it causes with one per-recipient `notification` event each. What it returns
 * delivers them, once committed.
 */
export class LiveJournal implements ForumJournal {
  constructor(
    private readonly events: EventLog,
    private readonly notifications: NotificationsService,
    private readonly sink: LiveSink,
  ) {}

  record<K extends JournaledEvent>(type: K, payload: ForumEvents[K]): Publish {
    const written: DurableEvent[] = [];
    const unread: number[] = [];
    // `type` narrows the payload only through these casts (TypeScript does not narrow a
    // generic parameter); each branch reads exactly the fields its event has.
    const kind = type as JournaledEvent;
    switch (kind) {
      case 'user.signedUp': {
        const { user } = payload as ForumEvents['user.signedUp'];
        written.push(this.events.append('user.joined', { user }, null));
        break;
      }
      case 'post.created': {
        const { post } = payload as ForumEvents['post.created'];
        written.push(this.events.append('post.created', { post }, null));
        break;
      }
      case 'comment.created': {
        const { comment, post } = payload as ForumEvents['comment.created'];
        written.push(this.events.append('comment.created', { comment }, null));
        for (const n of this.notifications.forComment(comment, post)) {
          written.push(this.events.append('notification', n.notification, [n.userId]));
          unread.push(n.userId);
        }
        break;
      }
    }
    return () => this.sink.publish(written, unread);
  }
}
