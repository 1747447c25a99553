/**
 * Splits user text into plain text and http(s) links, so views can render links as <a> while
 * everything else stays text (never HTML). Other schemes (javascript:, data:, file:) stay text.
 */
export type TextSegment =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCT = /[.,;:!?'"]+$/;

/** Drops punctuation that ends a sentence, and a closing bracket that has no opening one in the URL. */
function trimUrl(raw: string): string {
  let url = raw.replace(TRAILING_PUNCT, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && count(url, close) > count(url, open)) {
      url = url.slice(0, -1).replace(TRAILING_PUNCT, '');
    }
  }
  return url;
}

const count = (s: string, ch: string): number => s.split(ch).length - 1;

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function linkify(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  const pushText = (t: string) => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev?.kind === 'text') prev.text += t;
    else out.push({ kind: 'text', text: t });
  };
  for (const match of text.matchAll(URL_RE)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    pushText(text.slice(last, start));
    if (href && url.length > 'https://'.length) {
      out.push({ kind: 'link', text: url, href });
    } else {
      pushText(url);
    }
    last = start + url.length;
  }
  pushText(text.slice(last));
  return out;
}

const TRAILING_PUNCTUATION = /[\s.,;:!?-]+$/;

/**
 * A one-line plain-text excerpt for cards and previews. `more`: `text` is only the start of
 * something longer (a feed item's capped body), so it ends with an ellipsis even when short.
 */
export function excerpt(text: string, max = 220, more = false): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return more ? `${flat.replace(TRAILING_PUNCTUATION, '')}…` : flat;
  let cut = flat.slice(0, max);
  // Never end on half a surrogate pair (an emoji would show as a broken glyph).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(TRAILING_PUNCTUATION, '')}…`;
}
