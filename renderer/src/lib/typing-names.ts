/**
 * (rooms) Who is typing in a room, as one line: "ana is typing", "ana and ben are typing",
 * "several people are typing"; empty when nobody is.
 */
export function typingLine(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing`;
  return 'several people are typing';
}

/** The sidebar's name for a conversation: a room's with '#', a group's as it is. */
export function conversationLabel(c: { kind: string; name: string | null }): string {
  if (c.kind === 'room') return `# ${c.name ?? ''}`;
  return c.name ?? '';
}
