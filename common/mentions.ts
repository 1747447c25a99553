import { LIMITS } from './limits';

/**
 * @mentions in user text: the one rule the server (who to notify) and the UI (what to
 * highlight) both apply. A mention is `@` + a nickname, not glued to a word before it (so an
 * e-mail address is not one), outside code (a `code span` or a fenced block shows the text as
 * written, so it mentions nobody). Nicknames are case-blind; a sentence's last dot or dash is
 * not part of the name.
 */
export const MENTION_PATTERN = /(?<![\p{L}\p{N}_.@-])@([A-Za-z0-9_.-]+)/gu;

/** At most this many people are notified by one item (a pasted list notifies the first ones). */
export const MAX_MENTIONS_PER_ITEM = 20;

const FENCED = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

/** The text with code replaced by blanks of the same length (offsets stay valid). */
export function withoutCode(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text.replace(FENCED, blank).replace(INLINE_CODE, blank);
}

/** A matched name without a trailing sentence dot or dash; null when too short or long. */
function nameOf(raw: string): string | null {
  const name = raw.replace(/[.-]+$/, '');
  const { min, max } = LIMITS.nickname;
  return name.length >= min && name.length <= max ? name : null;
}

/** Each mention in `text`: where it starts (the `@`), its length, and the name (as typed). */
export function mentionSpans(text: string): { start: number; length: number; name: string }[] {
  const out: { start: number; length: number; name: string }[] = [];
  for (const m of withoutCode(text).matchAll(MENTION_PATTERN)) {
    const name = nameOf(m[1] ?? '');
    if (name !== null) out.push({ start: m.index, length: name.length + 1, name });
  }
  return out;
}

/** The nicknames mentioned in `text`, lower-cased, each once, in order, at most MAX_MENTIONS_PER_ITEM. */
export function findMentions(text: string): string[] {
  const names = new Set<string>();
  for (const { name } of mentionSpans(text)) {
    names.add(name.toLowerCase());
    if (names.size === MAX_MENTIONS_PER_ITEM) break;
  }
  return [...names];
}

/** The names `after` mentions that `before` did not (an edit notifies only those). */
export function addedMentions(before: string | null, after: string): string[] {
  const old = new Set(before === null ? [] : findMentions(before));
  return findMentions(after).filter((n) => !old.has(n));
}
