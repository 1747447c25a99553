/**
 * The @mention being typed at the caret, and the people it could mean. Pure, for the
 * composers' mention menu (ui/MentionMenu.svelte).
 */
import { LIMITS } from '@common/limits';

export interface MentionQuery {
  /** Where the `@` is. */
  start: number;
  /** What follows it up to the caret (may be empty: the menu opens on `@` alone). */
  text: string;
}

const NAME_CHARS = /^[A-Za-z0-9_.-]*$/;
// What may stand before the `@`: nothing, white space or punctuation, as common/mentions.ts reads it.
const GLUED = /[\p{L}\p{N}_.@-]/u;

export function mentionAt(value: string, caret: number): MentionQuery | null {
  const at = value.lastIndexOf('@', caret - 1);
  if (at < 0) return null;
  const text = value.slice(at + 1, caret);
  if (text.length > LIMITS.nickname.max || !NAME_CHARS.test(text)) return null;
  if (at > 0 && GLUED.test(value[at - 1] ?? '')) return null;
  return { start: at, text };
}

/**
 * People whose nickname starts with the query (case-blind), then those who have it elsewhere
 * in it, each group in the source's order (the roster: recent conversations first).
 */
export function mentionMatches<P extends { nickname: string }>(
  people: readonly P[],
  query: string,
  max = 6,
): P[] {
  const q = query.toLowerCase();
  const starts: P[] = [];
  const contains: P[] = [];
  for (const p of people) {
    const name = p.nickname.toLowerCase();
    if (name.startsWith(q)) starts.push(p);
    else if (q !== '' && name.includes(q)) contains.push(p);
    if (starts.length >= max) break;
  }
  return [...starts, ...contains].slice(0, max);
}
