import { FEED_BODY_CHARS, type Post, type PostSummary } from '../../common/api';

export interface CappedBody {
  body: string;
  bodyTruncated: boolean;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The last grapheme boundary at or before `end`: never inside a surrogate pair, nor between
 * a letter and its combining marks, nor inside an emoji sequence or a flag. Only a window
 * around `end` is segmented (a grapheme is short; this runs once per capped post).
 */
function graphemeStart(text: string, end: number): number {
  const from = Math.max(0, end - 32);
  let boundary = from;
  for (const { index } of graphemes.segment(text.slice(from, end + 32))) {
    if (from + index > end) break;
    boundary = from + index;
  }
  return boundary;
}

/**
 * The start of a post's body for the feed: `text` itself when it has at most `max`
 * characters, otherwise cut at the last white space at or before `max` (and trimmed), so no
 * word is cut in half. A run without white space over half the limit (a long link, or a
 * script written without spaces) is cut at `max`, stepping back to a grapheme boundary, so the
 * cut never splits a surrogate pair, nor a letter from its accents, nor an emoji.
 *
 * `text` may be only the start of the body, as long as it has more than `max` characters
 * whenever the body does (the feed query reads `max + 1` characters, see post-rows.ts), and
 * a grapheme's worth more, so the cut sees what follows it.
 */
export function capBody(text: string, max = FEED_BODY_CHARS): CappedBody {
  if (text.length <= max) return { body: text, bodyTruncated: false };
  let end = max;
  if (!isSpace(text[end])) {
    const floor = Math.floor(max / 2);
    let space = end - 1;
    while (space > floor && !isSpace(text[space])) space--;
    end = space > floor ? space : graphemeStart(text, end);
  }
  const body = text.slice(0, end).trimEnd();
  // Only white space before the cut (a body edited by hand): keep the hard cut.
  return { body: body.length > 0 ? body : text.slice(0, end), bodyTruncated: true };
}

/** A whole post as a feed item: the same fields, the body capped as a feed page has it. */
export function summarize(post: Post): PostSummary {
  return { ...post, ...capBody(post.body) };
}
