/**
 * The roster from REST, merged with what live events already did to the one on screen. The
 * list is read after the socket's hello, but events can land while it is on its way: they are
 * newer than the list, so someone who just joined stays, and a later last message wins.
 */
export interface MergeableEntry {
  id: number;
  lastMessageAt: string | null;
  lastMessageId: number | null;
  lastMessagePreview: string | null;
}

export function mergeRoster<T extends MergeableEntry>(fresh: T[], current: readonly T[]): T[] {
  const now = new Map(current.map((e) => [e.id, e]));
  const merged = fresh.map((e) => {
    const live = now.get(e.id);
    const newer =
      live?.lastMessageAt &&
      (!e.lastMessageAt || Date.parse(live.lastMessageAt) > Date.parse(e.lastMessageAt));
    return newer
      ? {
          ...e,
          lastMessageAt: live.lastMessageAt,
          lastMessageId: live.lastMessageId,
          lastMessagePreview: live.lastMessagePreview,
        }
      : e;
  });
  const inList = new Set(fresh.map((e) => e.id));
  return [...merged, ...current.filter((e) => !inList.has(e.id))];
}
