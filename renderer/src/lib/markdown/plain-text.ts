/**
 * Markdown as plain text, for the feed's excerpts and notification previews: what a reader
 * sees, without the markers (`**`, `_`, `~~`, backticks, `#`, `>`, list bullets, link
 * syntax). Small and synchronous on purpose: the feed must not wait for the lazily loaded
 * parser, and an excerpt needs the words, not exact CommonMark.
 */

const BLOCK_MARKERS: [RegExp, string][] = [
  [/^ {0,3}(`{3,}|~{3,}).*$/gm, ''], // code fences (their content stays)
  [/^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/gm, '$1'], // headings
  [/^ {0,3}(> ?)+/gm, ''], // quotes
  [/^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+/gm, ''], // list bullets and numbers
];

const INLINE_MARKERS: [RegExp, string][] = [
  [/!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g, '$1'], // [text](url) → text
  [/<((?:https?|mailto):[^>\s]+)>/g, '$1'], // <autolinks>
  [/(`+)([^`\n]+?)\1/g, '$2'], // code spans
  [/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2'], // bold
  [/~~(?=\S)([^\n]*?\S)~~/g, '$1'], // strikethrough
  [/(?<![\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1'], // *italic*
  [/(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1'], // _italic_
];

// Backslash escapes are set aside (as private-use characters) before the markers go, so an
// escaped `*` is never read as one, then put back as the character itself.
const ESCAPED = /\\([\\`*_{}[\]()#+\-.!~>])/g;
const PRIVATE = 0xe000;
const SET_ASIDE = /[\ue000-\ue0ff]/g;

/** Paragraphs separated by one blank line, each with its white space collapsed. */
export function markdownToPlain(text: string): string {
  let out = text
    .replace(/\r\n?/g, '\n')
    .replace(ESCAPED, (_, ch: string) => String.fromCharCode(PRIVATE + ch.charCodeAt(0)));
  for (const [re, to] of BLOCK_MARKERS) out = out.replace(re, to);
  for (const [re, to] of INLINE_MARKERS) out = out.replace(re, to);
  out = out.replace(SET_ASIDE, (ch) => String.fromCharCode(ch.charCodeAt(0) - PRIVATE));
  return out
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '')
    .join('\n\n');
}

const TRAILING = /[\s.,;:!?-]+$/;

/**
 * A feed excerpt: the post's plain text, its paragraph breaks kept (as one newline each, for
 * `white-space: pre-line`), at most `max` characters cut at a word. `more`: `text` is only
 * the start of the body (a capped feed item), so it ends with an ellipsis even when short.
 */
export function plainExcerpt(text: string, max = 220, more = false): string {
  const plain = markdownToPlain(text).replace(/\n\n/g, '\n');
  if (plain.length <= max) return more ? `${plain.replace(TRAILING, '')}…` : plain;
  let cut = plain.slice(0, max);
  // Never end on half a surrogate pair (an emoji would show as a broken glyph).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('\n'));
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(TRAILING, '')}…`;
}
