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

/**
 * The doctor's multicast check for the forum hosted here: did this machine's own browser see
 * its announcement (an address of this machine, its port)? Null while it may simply not have
 * come round yet (the first announcement and a requery take a few seconds).
 */
export function mdnsSelfTest(
  found: readonly FoundForum[],
  ownIps: readonly string[],
  port: number,
  runningForMs: number,
): 'seen' | 'not-seen' | null {
  if (runningForMs < SELF_TEST_GRACE_MS) return null;
  const seen = found.some((f) => {
    const url = new URL(f.url);
    return Number(url.port) === port && ownIps.includes(url.hostname);
  });
  return seen ? 'seen' : 'not-seen';
}

/** Longer than the browser's 10 s requery, so a lost first announcement is not blamed. */
export const SELF_TEST_GRACE_MS = 15_000;

export function markSaved(
  found: readonly FoundForum[],
  saved: readonly SavedServer[],
): FoundForumView[] {
  return found.map((f) => {
    const match = saved.find((s) => s.kind === 'joined' && new URL(s.url).origin === f.url);
    return { ...f, savedId: match ? match.id : null };
  });
}
