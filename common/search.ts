/**
 * Search (issue 12): `GET /api/search?q=&kind=&before=`. Snippets come back as plain text
 * with the ranges that matched (never HTML): the UI marks them up as text nodes.
 */
import { z } from 'zod';
import type { UserRef } from './api';

export const SEARCH_KINDS = ['posts', 'comments', 'messages', 'people'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_LIMITS = {
  query: { max: 200 },
  /** Words of a query used (the rest are dropped: each word is one more index walk). */
  terms: 8,
  /** Hits per kind when all kinds are searched, and per page of one kind. */
  perKindAll: 5,
  perPage: 20,
} as const;

export const searchQuery = z.object({
  q: z.string({ error: 'Give q once' }).max(SEARCH_LIMITS.query.max, {
    error: `The search must be at most ${SEARCH_LIMITS.query.max} characters`,
  }),
  kind: z
    .string({ error: 'Give kind once' })
    .refine((s) => (SEARCH_KINDS as readonly string[]).includes(s), {
      error: 'kind must be posts, comments, messages or people',
    })
    .transform((s) => s as SearchKind)
    .optional(),
  before: z
    .string({ error: 'Give before once, as a whole number' })
    .regex(/^[1-9][0-9]{0,14}$/, { error: 'Must be a positive whole number' })
    .transform(Number)
    .optional(),
});

/** Text with the parts that matched: `marks` are [start, end) offsets (UTF-16 units). */
export interface Highlighted {
  text: string;
  marks: [number, number][];
}

export interface PostHit {
  id: number;
  title: Highlighted;
  /** A piece of the body around the match (empty when only the title matched). */
  snippet: Highlighted;
  author: UserRef;
  createdAt: string;
}

export interface CommentHit {
  id: number;
  postId: number;
  postTitle: string;
  snippet: Highlighted;
  author: UserRef;
  createdAt: string;
}

export interface MessageHit {
  id: number;
  from: UserRef;
  /**
   * A private message's other person, as the searcher sees it (opens #/chat/<nickname>);
   * absent for a group or room message.
   */
  peer?: UserRef;
  /** (rooms) The group or room it is in (opens #/room/<id>); absent for a private message. */
  conversation?: { id: number; name: string };
  snippet: Highlighted;
  createdAt: string;
}

export interface PersonHit {
  id: number;
  nickname: Highlighted;
  name: Highlighted;
}

export interface SearchGroup<T> {
  items: T[];
  /** Pass as `before` with `kind` for more of this kind; null at the end. */
  nextBefore: number | null;
}

/** Every kind when `kind` is absent (a few of each), else just that one (a page). */
export interface SearchResults {
  query: string;
  posts?: SearchGroup<PostHit>;
  comments?: SearchGroup<CommentHit>;
  messages?: SearchGroup<MessageHit>;
  people?: SearchGroup<PersonHit>;
}
