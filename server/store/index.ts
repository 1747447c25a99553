import type { Db } from '../../db/open-db';
import { createCategoriesStore } from './categories.store';
import { createChatStore } from './chat.store';
import { createCommentEditsStore } from './comment-edits.store';
import { createConversationsStore } from './conversations.store';
import { withAudienceCache } from './conversation-audience';
import { createCommentsStore } from './comments.store';
import { createEventsStore } from './events.store';
import { createUnreadStore } from './unread.store';
import { createContactsStore } from './contacts.store';
import { createFollowsStore } from './follows.store';
import { createModerationLogStore } from './moderation-log.store';
import { createForumMetaStore } from './forum-meta.store';
import { createForumSettingsStore } from './forum-settings.store';
import { createMessageAccessStore } from './message-access.store';
import { createMessageEditsStore } from './message-edits.store';
import { createNotificationsStore } from './notifications.store';
import { createPostEditsStore } from './post-edits.store';
import { createPostsStore } from './posts.store';
import { createRedactionStore } from './redaction.store';
import { createRevisionsStore } from './revisions.store';
import { createSessionsStore } from './sessions.store';
import { createUsersStore } from './users.store';
import { createPasswordResetsStore } from './password-resets.store';
import { createProfilesStore } from './profiles.store';
import { createUploadsStore } from './uploads.store';
import { createAvatarsStore } from './avatars.store';
import { createReactionOwnersStore } from './reaction-owners.store';
import { createReactionsStore } from './reactions.store';
import { createSearchStore } from './search.store';
import { createAttentionStore } from './attention.store';
import { createNotificationGroupsStore } from './notification-groups.store';
import { createInvitesStore } from './invites.store';
import { createFeedReadStateStore } from './feed-read-state.store';

/** Every prepared statement, compiled once at startup. */
export function createStores(db: Db) {
  return {
    users: createUsersStore(db),
    sessions: createSessionsStore(db),
    categories: createCategoriesStore(db),
    follows: createFollowsStore(db),
    posts: createPostsStore(db),
    comments: createCommentsStore(db),
    chat: createChatStore(db),
    notifications: createNotificationsStore(db),
    events: createEventsStore(db),
    forumMeta: createForumMetaStore(db),
    forumSettings: createForumSettingsStore(db),
    moderationLog: createModerationLogStore(db),
    // Accounts and profiles (issue 10).
    profiles: createProfilesStore(db),
    passwordResets: createPasswordResetsStore(db),
    postEdits: createPostEditsStore(db),
    commentEdits: createCommentEditsStore(db),
    messageEdits: createMessageEditsStore(db),
    // Who sees a message, for everything attached to one (one place; see the file).
    messageAccess: createMessageAccessStore(db),
    revisions: createRevisionsStore(db),
    redaction: createRedactionStore(db),
    // (rooms) Conversations, members and read pointers.
    conversations: withAudienceCache(createConversationsStore(db)),
    // Pictures and files (issue 12): uploads, attachments, avatars.
    uploads: createUploadsStore(db),
    avatars: createAvatarsStore(db),
    // Rich content (issue 12).
    search: createSearchStore(db),
    reactions: createReactionsStore(db),
    reactionOwners: createReactionOwnersStore(db),
    // Attention (issue 13).
    attention: createAttentionStore(db),
    notificationGroups: createNotificationGroupsStore(db),
    // Invite links (issue 14).
    invites: createInvitesStore(db),
    // The reader's state of a feed page (issue 13, its cost: h-feed).
    feedReadState: createFeedReadStateStore(db),
    // (issue 15) Many users' unread counts at once: a reconnect storm's greetings.
    unread: createUnreadStore(db),
    // (issue 15) Many users' chat contacts at once: a reconnect storm's presence snapshots.
    contacts: createContactsStore(db),
  };
}
export type Stores = ReturnType<typeof createStores>;
