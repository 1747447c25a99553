/**
 * The launcher's Join list: forums announced on the LAN (server/lan/discovery.ts), each
 * marked with the saved forum it is. Pure marking; main pushes the list on every change.
 */
import type { FoundForumView } from '@common/desktop';
import type { FoundForum } from '@common/lan';
import type { SavedServer } from './servers.store';

/** Pins for a host name: every saved forum on that host (several may share one, by port). */
export function pinsForHost(saved: readonly SavedServer[], hostname: string): string[] {
  const pins: string[] = [];
  for (const s of saved) {
    if (s.kind !== 'joined' || !s.fingerprint) continue;
    if (new URL(s.url).hostname.replace(/^\[|\]$/g, '') === hostname) pins.push(s.fingerprint);
  }
  return pins;
}

export function markSaved(
  found: readonly FoundForum[],
  saved: readonly SavedServer[],
): FoundForumView[] {
  return found.map((f) => {
    const match = saved.find((s) => s.kind === 'joined' && new URL(s.url).origin === f.url);
    return { ...f, savedId: match ? match.id : null };
  });
}
