/** List helpers for state that merges pages and live events: never twice the same id. */
interface WithId {
  id: number;
}

/** Items of `incoming` whose id is not in `list`, in their order. */
export function newItems<T extends WithId>(list: readonly WithId[], incoming: readonly T[]): T[] {
  const known = new Set(list.map((x) => x.id));
  return incoming.filter((x) => !known.has(x.id));
}

export const appendNew = <T extends WithId>(list: readonly T[], incoming: readonly T[]): T[] => [
  ...list,
  ...newItems(list, incoming),
];

export const prependNew = <T extends WithId>(list: readonly T[], incoming: readonly T[]): T[] => [
  ...newItems(list, incoming),
  ...list,
];
