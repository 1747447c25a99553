import type { Highlighted, MessageHit } from '../../common/api';
import type { Db } from '../../db/open-db';
import { MARKS_SQL, parseMarked } from './highlight';
import {
  createNarrowProbe,
  keepMarks,
  narrowedPage,
  snippetOf,
  type Narrow,
} from './prefix-narrow';
import { checkedScan, checkRow, narrowWalked, splitCommon, wordCount } from './message-checked';
import { createFtsProbe, type FtsProbe } from './fts-probe';
import { oneRow, plainText, type Plain } from './search.store';
import {
  asciiNarrowed,
  asciiSnippet,
  asciiTokens,
  NOT_ASCII,
  termsOf,
  type QueryTerm,
} from './ascii-snippet';

/** A hit's people and conversation, and the membership join (canRead's rule). */
const HIT_COLUMNS = `s.id AS from_id, s.nickname AS from_nickname,
     o.id AS peer_id, o.nickname AS peer_nickname,
     CASE WHEN c.kind != 'direct' THEN c.id END AS room_id, c.name AS room_name`;
const READER_JOINS = `JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = +:userId
   JOIN conversations c ON c.id = m.conversation_id
   JOIN users s ON s.id = m.sender_id
   LEFT JOIN users o ON c.kind = 'direct'
     AND o.id = CASE WHEN c.user_lo = +:userId THEN c.user_hi ELSE c.user_lo END`;

/**
 * (issue 12) Message search, behind stores.messageAccess (the one place that says who reads a
 * message). The index knows a private message's two people and a group or room message's
 * conversation (db migration 018), so FTS5 walks only what the searcher can read; the join on
 * the conversation's members, the same rule as canRead, has the last word.
 */
export const MESSAGE_SEARCH_SQL = `SELECT m.id, m.created_at,
     snippet(messages_fts, 0, ${MARKS_SQL}, '…', 16) AS snippet,
     ${HIT_COLUMNS}
   FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
   ${READER_JOINS}
   WHERE messages_fts MATCH :readable AND messages_fts.rowid < CAST(:before AS INTEGER) AND m.deleted_at IS NULL
   ORDER BY messages_fts.rowid DESC LIMIT +:limit`;

/**
 * The candidates of a narrowed or checked page (prefix-narrow.ts, message-checked.ts): each
 * message's id and text only, newest first, since most are dropped by the check in JS; the
 * rest of a kept one, and the membership join that has the last word, is read for it alone
 * (MESSAGE_HIT_SQL): four lookups a kept row instead of a dropped one.
 */
export const MESSAGE_CANDIDATES_SQL = `SELECT m.id, m.body
   FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
   WHERE messages_fts MATCH :readable AND messages_fts.rowid < CAST(:before AS INTEGER) AND m.deleted_at IS NULL
   ORDER BY messages_fts.rowid DESC`;

/** A kept candidate's hit, if `userId` may read it (no row if not). */
export const MESSAGE_HIT_SQL = `SELECT m.id, m.created_at, ${HIT_COLUMNS}
   FROM messages m ${READER_JOINS}
   WHERE m.id = +:id`;

/**
 * The group and room conversations a user is in now: walks the few shared conversations
 * (the partial index conversations_shared, db migration 018; the planner picks it, so a
 * schema without it is slower, not broken) rather than the searcher's many private ones.
 */
export const SHARED_CONVERSATIONS_SQL = `SELECT c.id FROM conversations c
   WHERE c.kind != 'direct' AND EXISTS (SELECT 1 FROM conversation_members cm
     WHERE cm.conversation_id = c.id AND cm.user_id = +?)`;

/**
 * Past this many group and room conversations the searcher's filter would cost FTS5 more
 * than it saves (each is one more doclist to merge): the words alone, and the join decides.
 */
export const MAX_SEARCH_CONVERSATIONS = 64;

/**
 * The FTS5 query for the messages `userId` may read that hold `match`: the words in the
 * text, in their private conversations (`u<id>`) or their groups and rooms (`c<id>`). Only a
 * narrowing: the membership join in MESSAGE_SEARCH_SQL has the last word.
 */
export function readableMatch(userId: number, match: string, shared: readonly number[]): string {
  if (shared.length > MAX_SEARCH_CONVERSATIONS) return `{body} : (${match})`;
  const readers = [`u${userId}`, ...shared.map((id) => `c${id}`)].join(' OR ');
  return `{body} : (${match}) AND {people} : (${readers})`;
}

/**
 * Whether walking only the rarest word with the searcher's readers filter reads few enough
 * candidates (about: the word's share of all messages times the searcher's messages, from
 * the probes; at most a checked scan: measured on the bench's queries, half of one or one
 * and a half gave slower searches) that every other word is checked on them. A prefix counts
 * as its 3-character prefix, an upper bound (a longer one has no index, and counting it would
 * merge every word it starts).
 */
export function fewCandidates(db: Db, words: FtsProbe): FewCandidates {
  const wordsCount = wordCount(words);
  const readers = wordCount(createFtsProbe(db, 'messages_fts', 'messages', '{people} : '));
  return (userId, shared, limit) => (rarest, counted) => {
    if (shared.length > MAX_SEARCH_CONVERSATIONS || counted.of === 0) return false;
    const walked = rarest.prefix ? wordsCount(rarest.word.slice(0, 3), true).count : counted.count;
    let mine = readers(`u${userId}`).count;
    for (const id of shared) mine += readers(`c${id}`).count;
    return (walked * mine) / counted.of <= checkedScan(limit);
  };
}

/** A hit's row (MESSAGE_HIT_SQL; the exact plan's adds the text, `body`). */
interface MessageHitRow {
  id: number;
  created_at: string;
  from_id: number;
  from_nickname: string;
  peer_id: number | null;
  peer_nickname: string | null;
  room_id: number | null;
  room_name: string | null;
}
/** A narrowed or checked page's candidate (MESSAGE_CANDIDATES_SQL). */
interface Candidate {
  id: number;
  body: string;
}
type Params = { userId: number; readable: string; before: number; limit: number };

/** A searcher's readers filter and the rarest word's count (message-checked.ts splitCommon). */
export type FewCandidates = (
  userId: number,
  shared: readonly number[],
  limit: number,
) => (rarest: QueryTerm, counted: { count: number; of: number }) => boolean;

/** Tests and benches: each decision given instead of asked of the index. */
export interface MessagePlanHooks {
  /** Whether to take the narrowed plan, instead of asking the probe. */
  narrow?: (n: Narrow, limit: number) => boolean;
  /** How many messages hold a word, instead of asking the index (message-checked.ts). */
  common?: (word: string) => { count: number; of: number };
  /**
   * Whether the rarest word leaves few enough of the searcher's messages to check every
   * other word on them, instead of asking the index (off when `common` is given).
   */
  few?: FewCandidates;
}

export function createMessageSearch(db: Db, { narrow, common, few }: MessagePlanHooks = {}) {
  const sharedConversations = db.prepare<[number], number>(SHARED_CONVERSATIONS_SQL).pluck();
  // A page of the exact plan with each message's text: its snippet is made in JS when the
  // text is ASCII (snippet() would read the row again through the messages_search view).
  const search = db.prepare<Params, Plain<MessageHitRow>>(
    plainText(MESSAGE_SEARCH_SQL, 'messages_fts', ['m.body']),
  );
  const snippetOne = db
    .prepare<{ match: string; id: number }, string | null>(
      oneRow('messages_fts', `snippet(messages_fts, 0, ${MARKS_SQL}, '…', 16)`),
    )
    .pluck();
  // The exact query's merge is over everyone's messages; the probe looks at them all too.
  const probe = createFtsProbe(
    db,
    'messages_fts',
    'messages',
    '{body} : ',
    'SELECT body FROM messages WHERE id = f.rowid',
  );
  const narrowPays = narrow ?? createNarrowProbe(probe, 60);
  // The common words checked on the rows (message-checked.ts), and a narrowed prefix's
  // candidates: the text, not a snippet or FTS5's marks (a highlight() reads the row again
  // through the messages_search view, ~10 µs a candidate, for text that ASCII checks in JS).
  const candidateRows = db.prepare<{ readable: string; before: number }, Candidate>(
    MESSAGE_CANDIDATES_SQL,
  );
  const hitRow = db.prepare<{ userId: number; id: number }, MessageHitRow>(MESSAGE_HIT_SQL);
  // A candidate with letters past ASCII: FTS5's own marks decide, for that row alone.
  const markedOne = db
    .prepare<{ match: string; id: number }, string | null>(
      oneRow('messages_fts', `highlight(messages_fts, 0, ${MARKS_SQL})`),
    )
    .pluck();
  const countOf = common ?? wordCount(probe);
  const fewOf = few ?? (common ? () => () => false : fewCandidates(db, probe));
  const hit = (r: MessageHitRow, snippet: Highlighted): MessageHit => ({
    id: r.id,
    from: { id: r.from_id, nickname: r.from_nickname },
    ...(r.peer_id !== null && r.peer_nickname !== null
      ? { peer: { id: r.peer_id, nickname: r.peer_nickname } }
      : {}),
    ...(r.room_id !== null ? { conversation: { id: r.room_id, name: r.room_name ?? '' } } : {}),
    snippet,
    createdAt: r.created_at,
  });
  return (
    userId: number,
    q: { match: string; before: number; limit: number; narrow?: Narrow | undefined },
  ): MessageHit[] => {
    const shared = sharedConversations.all(userId);
    const terms = termsOf(q.match);
    const exact = (before: number, limit: number) => {
      const readable = readableMatch(userId, q.match, shared);
      return search.all({ userId, readable, before, limit }).map((r) => {
        const text = r.body;
        return NOT_ASCII.test(text)
          ? hit(r, parseMarked(snippetOne.get({ match: readable, id: r.id }) ?? null))
          : hit(r, asciiSnippet(text, asciiTokens(text, terms)));
      });
    };
    const candidates = (match: string, before: number) =>
      candidateRows.iterate({ readable: readableMatch(userId, match, shared), before });
    // A kept candidate as a hit, or null when the searcher may not read it (a room left).
    const kept = (c: Candidate, snippet: Highlighted): MessageHit | null => {
      const r = hitRow.get({ userId, id: c.id });
      return r ? hit(r, snippet) : null;
    };
    const split = splitCommon(terms, countOf, fewOf(userId, shared, q.limit));
    if (split) {
      const { match, checked } = narrowWalked(terms, split, (n) => narrowPays(n, q.limit));
      return narrowedPage(
        { match },
        q,
        candidates,
        (c) => {
          const snippet = checkRow(c.body, terms, checked);
          return snippet ? kept(c, snippet) : snippet;
        },
        exact,
        checkedScan(q.limit),
      );
    }
    const narrow = q.narrow;
    if (!narrow || !narrowPays(narrow, q.limit)) return exact(q.before, q.limit);
    const readable = readableMatch(userId, narrow.match, shared);
    const exactReadable = readableMatch(userId, q.match, shared);
    return narrowedPage(
      narrow,
      q,
      candidates,
      (c) => {
        const ascii = asciiNarrowed([c.body], terms);
        if (ascii) return ascii.prefixed ? kept(c, asciiSnippet(c.body, ascii.tokens[0]!)) : null;
        const body = keepMarks(
          parseMarked(markedOne.get({ match: readable, id: c.id }) ?? null),
          narrow,
        );
        if (body === null) return undefined;
        if (!body.prefixed) return null;
        // A match of the whole query: FTS5's own snippet for it, as the exact plan gives.
        const snippet = snippetOne.get({ match: exactReadable, id: c.id });
        return kept(c, snippet ? parseMarked(snippet) : snippetOf(body.kept));
      },
      exact,
    );
  };
}
