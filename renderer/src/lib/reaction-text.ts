import type { ReactionSummary } from '@common/api';

/** "ana, ben and 3 others reacted with 👍" (the names the server sent; "you" for mine). */
export function whoReacted(r: ReactionSummary, myNickname: string): string {
  const names = r.who.map((n) => (n === myNickname ? 'you' : n));
  if (r.mine && !names.includes('you')) names.unshift('you');
  const shown = names.slice(0, Math.min(names.length, r.count));
  const others = r.count - shown.length;
  let list: string;
  if (others > 0) list = `${shown.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
  else if (shown.length <= 1) list = shown[0] ?? '';
  else list = `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  const capital = list.charAt(0).toUpperCase() + list.slice(1);
  return `${capital} reacted with ${r.emoji}`;
}
