import type { Highlighted } from '@common/api';

/** Highlighted text → its runs, marked or not; bad or overlapping ranges are ignored. */
export function markedParts(h: Highlighted): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const [s, e] of [...h.marks].sort((a, b) => a[0] - b[0])) {
    if (s < at || e <= s || e > h.text.length) continue;
    if (s > at) parts.push({ text: h.text.slice(at, s), mark: false });
    parts.push({ text: h.text.slice(s, e), mark: true });
    at = e;
  }
  if (at < h.text.length) parts.push({ text: h.text.slice(at), mark: false });
  return parts;
}
