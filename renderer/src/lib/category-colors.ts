/** The palette admins pick category colours from (the templates use the same ones). */
export const CATEGORY_COLORS: { value: string; name: string }[] = [
  { value: '#dc2626', name: 'Red' },
  { value: '#ea580c', name: 'Orange' },
  { value: '#ca8a04', name: 'Amber' },
  { value: '#16a34a', name: 'Green' },
  { value: '#0891b2', name: 'Teal' },
  { value: '#2563eb', name: 'Blue' },
  { value: '#7c3aed', name: 'Violet' },
  { value: '#db2777', name: 'Pink' },
  { value: '#6b7280', name: 'Grey' },
];

export const colorName = (value: string | null): string =>
  value === null
    ? 'No colour'
    : (CATEGORY_COLORS.find((c) => c.value === value.toLowerCase())?.name ?? value);

/**
 * The whole order after moving one active category up or down among the active ones; archived
 * categories keep their relative order at the end. Null when it cannot move that way.
 */
export function moveAmongActive(
  all: readonly { id: number; archived: boolean }[],
  id: number,
  by: -1 | 1,
): number[] | null {
  const active = all.filter((c) => !c.archived).map((c) => c.id);
  const i = active.indexOf(id);
  const j = i + by;
  if (i === -1 || j < 0 || j >= active.length) return null;
  [active[i], active[j]] = [active[j]!, active[i]!];
  return [...active, ...all.filter((c) => c.archived).map((c) => c.id)];
}
