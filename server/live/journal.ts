import {
  fanOutDurable,
  type DurableEvent,
  type EventLog,
  type FanOutEvent,
} from '../events/event-log';
import type { ForumEvents } from '../events/forum-events';
import type { ForumJournal, JournaledEvent, Publish } from '../events/forum-journal';
import type { NotificationsService } from '../services/notifications.service';
import type { LiveSink } from './live-port';

/**
 * Writes the durable record of forum events inside the service's transaction: the event-log
 * rows (`user.joined`, `post.created`, `comment.created`, broadcast) and the notifications
 * they cause with one per-recipient `notification` event each (a comment: the post's author
 * and thread; a post: the followers of its categories, written in bulk). What it returns
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
    let fanOut: FanOutEvent[] = [];
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
        const batch = this.notifications.forPost(post);
        if (batch) fanOut = this.events.appendNotificationFanOut(batch.afterId, batch.shared);
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
    return () => {
      // A category may have thousands of followers, mostly offline: frames are built for the
      // ones connected now; the others get theirs from the log when they resume or connect.
      for (const e of fanOut) {
        if (!this.sink.isOnline(e.userId)) continue;
        written.push(fanOutDurable(e));
        unread.push(e.userId);
      }
      this.sink.publish(written, unread);
    };
  }
}
