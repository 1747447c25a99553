/**
 * Chat roster order: the most recent conversation first (message sent or received), then
 * people never messaged, alphabetically and case-insensitively. Ties break on nickname, then
 * id, so the order is total and the list never flickers between renders.
 */
export interface RosterSortable {
  id: number;
  nickname: string;
  lastMessageAt: string | null;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export function compareRoster(a: RosterSortable, b: RosterSortable): number {
  const ta = a.lastMessageAt ? Date.parse(a.lastMessageAt) : Number.NaN;
  const tb = b.lastMessageAt ? Date.parse(b.lastMessageAt) : Number.NaN;
  const hasA = !Number.isNaN(ta);
  const hasB = !Number.isNaN(tb);
  if (hasA !== hasB) return hasA ? -1 : 1;
  if (hasA && hasB && ta !== tb) return tb - ta;
  const byName = collator.compare(a.nickname, b.nickname);
  if (byName !== 0) return byName;
  const lower = a.nickname.toLowerCase().localeCompare(b.nickname.toLowerCase());
  return lower !== 0 ? lower : a.id - b.id;
}

export function sortRoster<T extends RosterSortable>(entries: readonly T[]): T[] {
  return [...entries].sort(compareRoster);
}
