/**
 * The chat roster's order, the one rule both sides follow: the most recent conversation first
 * (message sent or received; at the same instant, the later message), then people never messaged, alphabetically. The server sorts its
 * `GET /api/chat/roster` answer by it and the UI re-sorts live with it, so the list never jumps
 * when the roster is refetched. Pure and dependency-free: the browser bundle imports it.
 */
export interface RosterSortable {
  id: number;
  nickname: string;
  /** ISO time of the last message exchanged with this person; null if none. */
  lastMessageAt: string | null;
  /**
   * The id of that last message, where known: message ids follow commit order, so two
   * conversations whose last messages carry the same instant (one group commit stamps a whole
   * batch) are still ordered by which came last.
   */
  lastMessageId?: number | null;
}

/**
 * Alphabetical as people read it: case and accents ignored ("alice" beside "Alice", "Élodie"
 * beside "Eli…") and digits by value ("user2" before "user10"). The locale is fixed, not the
 * runtime's, so the server and every browser sort alike.
 */
const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
/** Names equal to `byName` ("user2" and "user02") still need one order, the same everywhere. */
const byNameExactly = new Intl.Collator('en');

/** Milliseconds since the epoch, or null for "never messaged" (or a time that does not parse). */
function messagedAt(entry: RosterSortable): number | null {
  if (entry.lastMessageAt === null) return null;
  const t = Date.parse(entry.lastMessageAt);
  return Number.isNaN(t) ? null : t;
}

/** A total order (ties end on the user id), so a sort is stable across renders and sides. */
export function compareRoster(a: RosterSortable, b: RosterSortable): number {
  const ta = messagedAt(a);
  const tb = messagedAt(b);
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    return tb - ta;
  }
  // Unknown ids sort as the oldest, so the order stays transitive when some are missing.
  const ia = a.lastMessageId ?? -1;
  const ib = b.lastMessageId ?? -1;
  if (ia !== ib) return ib - ia;
  return (
    byName.compare(a.nickname, b.nickname) ||
    byNameExactly.compare(a.nickname.toLowerCase(), b.nickname.toLowerCase()) ||
    a.id - b.id
  );
}

/** A sorted copy; the input is left as it was. */
export function sortRoster<T extends RosterSortable>(entries: readonly T[]): T[] {
  return [...entries].sort(compareRoster);
}
