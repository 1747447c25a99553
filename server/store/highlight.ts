import type { Highlighted } from '../../common/api';

/**
 * FTS5's highlight() and snippet() wrap each match in these two private-use characters
 * (SQL `char(57344)`, `char(57345)`), which this turns into plain text and [start, end)
 * ranges. The UI draws the ranges as text, so no markup from the server reaches the page.
 */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';
/** The same, as SQL arguments for highlight(tbl, col, open, close). */
export const MARKS_SQL = 'char(57344), char(57345)';

export function parseMarked(marked: string | null): Highlighted {
  if (marked === null) return { text: '', marks: [] };
  let text = '';
  const marks: [number, number][] = [];
  let open = -1;
  for (const part of marked.split(/([\uE000\uE001])/u)) {
    if (part === MARK_OPEN) open = text.length;
    else if (part === MARK_CLOSE) {
      if (open >= 0 && text.length > open) marks.push([open, text.length]);
      open = -1;
    } else text += part;
  }
  return { text, marks };
}

/** Two highlighted pieces as one ("first last"), the second's ranges moved along. */
export function joinMarked(a: Highlighted, b: Highlighted, sep = ' '): Highlighted {
  if (a.text === '') return b;
  if (b.text === '') return a;
  const shift = a.text.length + sep.length;
  return {
    text: a.text + sep + b.text,
    marks: [...a.marks, ...b.marks.map(([s, e]): [number, number] => [s + shift, e + shift])],
  };
}
