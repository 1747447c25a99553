import type { Migration } from '../migrate';
import { m001Initial } from './001-initial';
import { m002Live } from './002-live';
import { m003ForumMeta } from './003-forum-meta';
import { m004CategoryFollows } from './004-category-follows';
import { m005RolesAndCategories } from './005-roles-and-categories';
import { m006ModerationLog } from './006-moderation-log';
import { m007EditDelete } from './007-edit-delete';
import { m008Moderation } from './008-moderation';
import { m009Accounts } from './009-accounts';
import { m010Rooms } from './010-rooms';
import { m011Files } from './011-files';
import { m012Search } from './012-search';
import { m013Reactions } from './013-reactions';
import { m014Attention } from './014-attention';
import { m015Invites } from './015-invites';
import { m016Mentions } from './016-mentions';
import { m017ReactionNotifications } from './017-reaction-notifications';
import { m018MessageSearchReaders } from './018-message-search-readers';
import { m019MemberPeers } from './019-member-peers';

/**
 * Every migration, in order. Append only: a released migration never changes, because
 * databases in the field already ran it. To change the schema, add `00N-<what>.ts` here and
 * update db/schema.sql (db/schema.test.ts checks that they agree).
 */
export const MIGRATIONS: readonly Migration[] = [
  m001Initial,
  m002Live,
  m003ForumMeta,
  m004CategoryFollows,
  m005RolesAndCategories,
  m006ModerationLog,
  m007EditDelete,
  m008Moderation,
  m009Accounts,
  m010Rooms,
  m011Files,
  m012Search,
  m013Reactions,
  m014Attention,
  m015Invites,
  m016Mentions,
  m017ReactionNotifications,
  m018MessageSearchReaders,
  m019MemberPeers,
];
