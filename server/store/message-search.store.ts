import type { MessageHit } from '../../common/api';
import type { Db } from '../../db/open-db';
import { MARKS_SQL, parseMarked } from './highlight';
import {
  createNarrowProbe,
  keepMarks,
  narrowedPage,
  snippetOf,
  type Narrow,
} from './prefix-narrow';
import { wholeText } from './search.store';
import {
  bodyText,
  checkedScan,
  checkRow,
  narrowWalked,
  splitCommon,
  wordCount,
} from './message-checked';
import { createFtsProbe } from './fts-probe';
import { asciiNarrowed, asciiSnippet, termsOf } from './ascii-snippet';

/**
 * (issue 12) Message search, behind stores.messageAccess (the one place that says who reads a
 * message). The index knows a private message's two people and a group or room message's
 * conversation (db migration 018), so FTS5 walks only what the searcher can read; the join on
 * the conversation's members, the same rule as canRead, has the last word.
 */
export const MESSAGE_SEARCH_SQL = `SELECT m.id, m.created_at,
     snippet(messages_fts, 0, ${MARKS_SQL}, '…', 16) AS snippet,
     s.id AS from_id, s.nickname AS from_nickname,
     o.id AS peer_id, o.nickname AS peer_nickname,
     CASE WHEN c.kind != 'direct' THEN c.id END AS room_id, c.name AS room_name
   FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
   JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = +:userId
   JOIN conversations c ON c.id = m.conversation_id
   JOIN users s ON s.id = m.sender_id
   LEFT JOIN users o ON c.kind = 'direct'
     AND o.id = CASE WHEN c.user_lo = +:userId THEN c.user_hi ELSE c.user_lo END
   WHERE messages_fts MATCH :readable AND messages_fts.rowid < CAST(:before AS INTEGER) AND m.deleted_at IS NULL
   ORDER BY messages_fts.rowid DESC LIMIT +:limit`;

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

interface MessageSearchRow {
  id: number;
  created_at: string;
  snippet: string | null;
  from_id: number;
  from_nickname: string;
  peer_id: number | null;
  peer_nickname: string | null;
  room_id: number | null;
  room_name: string | null;
}
type Params = { userId: number; readable: string; before: number; limit: number };

/**
 * `narrow` (tests): whether to take the narrowed plan, instead of asking the probe; `common`
 * (tests): how many messages hold a word, instead of asking the index (message-checked.ts).
 */
export function createMessageSearch(
  db: Db,
  narrow?: (n: Narrow, limit: number) => boolean,
  common?: (word: string) => { count: number; of: number },
) {
  const sharedConversations = db.prepare<[number], number>(SHARED_CONVERSATIONS_SQL).pluck();
  const search = db.prepare<Params, MessageSearchRow>(MESSAGE_SEARCH_SQL);
  // The exact query's merge is over everyone's messages; the probe looks at them all too.
  const probe = createFtsProbe(
    db,
    'messages_fts',
    'messages',
    '{body} : ',
    'SELECT body FROM messages WHERE id = f.rowid',
  );
  const narrowPays = narrow ?? createNarrowProbe(probe, 60);
  const searchWhole = db.prepare<Params, MessageSearchRow>(wholeText(MESSAGE_SEARCH_SQL));
  // The common words checked on the rows (message-checked.ts): the text, not a snippet.
  const searchBody = db.prepare<Params, MessageSearchRow>(bodyText(MESSAGE_SEARCH_SQL));
  const countOf = common ?? wordCount(probe);
  const hit = (r: MessageSearchRow, snippet = parseMarked(r.snippet)): MessageHit => ({
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
    const exact = (before: number, limit: number) =>
      search
        .all({ userId, readable: readableMatch(userId, q.match, shared), before, limit })
        .map((r) => hit(r));
    const candidates = (statement: typeof search) => (match: string, before: number) =>
      statement.iterate({
        userId,
        readable: readableMatch(userId, match, shared),
        before,
        limit: -1,
      });
    const terms = termsOf(q.match);
    const split = splitCommon(terms, countOf);
    if (split) {
      const { match, checked } = narrowWalked(terms, split, (n) => narrowPays(n, q.limit));
      return narrowedPage(
        { match },
        q,
        candidates(searchBody),
        (r) => {
          const snippet = checkRow(r.snippet ?? '', terms, checked);
          return snippet ? hit(r, snippet) : snippet;
        },
        exact,
        checkedScan(q.limit),
      );
    }
    const narrow = q.narrow;
    if (!narrow || !narrowPays(narrow, q.limit)) return exact(q.before, q.limit);
    return narrowedPage(
      narrow,
      q,
      candidates(searchWhole),
      (r) => {
        const whole = parseMarked(r.snippet);
        const ascii = asciiNarrowed([whole.text], terms);
        if (ascii)
          return ascii.prefixed ? hit(r, asciiSnippet(whole.text, ascii.tokens[0]!)) : null;
        const body = keepMarks(whole, narrow);
        if (body === null) return undefined;
        return body.prefixed ? hit(r, snippetOf(body.kept)) : null;
      },
      exact,
    );
  };
}
