import type { Writer } from './events/outbox';
import { ChatEditsService } from './services/chat-edits.service';
import type { ChatService } from './services/chat.service';
import { CommentEditsService } from './services/comment-edits.service';
import type { FilesService } from './services/files.service';
import type { MentionsNotifier } from './services/mentions.service';
import { PostEditsService } from './services/post-edits.service';
import type { RolesService } from './services/roles.service';
import type { Stores } from './store/index';

/**
 * Edit, delete, restore and earlier versions of posts, comments and messages (for
 * createContext): the three services share their revisions, redaction and moderation log.
 */
export function createEditServices(
  stores: Stores,
  d: {
    roles: RolesService;
    mentions: MentionsNotifier;
    writer: Writer;
    clock: () => number;
    files: FilesService;
    chat: ChatService;
  },
) {
  const edits = {
    revisions: stores.revisions,
    redaction: stores.redaction,
    moderationLog: stores.moderationLog,
    roles: d.roles,
    mentions: d.mentions,
    writer: d.writer,
    clock: d.clock,
    files: d.files,
  };
  return {
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
      chat: d.chat,
    }),
  };
}
