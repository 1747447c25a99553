/** Request schemas of the attention routes (issue 13); the shapes are in common/attention.ts. */
import { z } from 'zod';
import { LIMITS } from './limits';
import { queryParams } from './api';
import { FEED_SORTS, NOTIFICATION_FILTERS, POST_LEVELS } from './attention';

const LEVEL_HOW = 'level must be one of: watching, normal, muted';

export const setPostLevelSchema = z.strictObject({
  level: z.enum(POST_LEVELS, { error: LEVEL_HOW }),
});

export const listNotificationGroupsQuery = z.object({
  before: queryParams.id.optional(),
  limit: queryParams.limit(LIMITS.pageSize.default, LIMITS.pageSize.max),
  filter: z
    .enum(NOTIFICATION_FILTERS, { error: 'filter must be one of: all, unread, mentions' })
    .default('all'),
});
export type ListNotificationGroupsQuery = z.infer<typeof listNotificationGroupsQuery>;

/** `GET /api/feed`: the feed with the reader's own read state (issue 13). */
export const feedQuery = z.object({
  sort: z.enum(FEED_SORTS, { error: 'sort must be one of: activity, newest' }).default('activity'),
  category: queryParams.id.optional(),
  /** The cursor: a post id (newest) or an activity number (activity), from `nextBefore`. */
  before: queryParams.id.optional(),
  /** The `since` of the first page: posts active after it come back in `moved`. */
  since: queryParams.id.optional(),
  limit: queryParams.limit(LIMITS.pageSize.default, LIMITS.pageSize.max),
});
export type FeedQuery = z.infer<typeof feedQuery>;
