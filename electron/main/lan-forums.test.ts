import { describe, expect, it } from 'vitest';
import type { FoundForum } from '@common/lan';
import { markSaved, mdnsSelfTest, pinsForHost, SELF_TEST_GRACE_MS } from './lan-forums';
import type { SavedServer } from './servers.store';

const FP1 = 'a'.repeat(64);
const FP2 = 'b'.repeat(64);
const saved: SavedServer[] = [
  {
    kind: 'joined',
    id: 'joined:https://192.168.1.20:4000',
    name: 'Garden club',
    url: 'https://192.168.1.20:4000',
    lastUsedAt: '2026-01-01T00:00:00Z',
    fingerprint: FP1,
  },
  {
    kind: 'joined',
    id: 'joined:https://192.168.1.20:4100',
    name: 'Chess',
    url: 'https://192.168.1.20:4100',
    lastUsedAt: '2026-01-01T00:00:00Z',
    fingerprint: FP2,
  },
  {
    kind: 'joined',
    id: 'joined:http://10.0.0.5:4000',
    name: 'Old',
    url: 'http://10.0.0.5:4000',
    lastUsedAt: '2026-01-01T00:00:00Z',
  },
];
const found = (url: string): FoundForum => ({
  key: url,
  name: 'x',
  forumId: '0a1b2c3d4e5f',
  version: '0.1.0',
  url,
  https: url.startsWith('https'),
});

describe('the Join list and pins', () => {
  it('marks forums already saved (same address), others not', () => {
    expect(
      markSaved(
        [found('https://192.168.1.20:4000'), found('https://192.168.1.30:4000')],
        saved,
      ).map((f) => f.savedId),
    ).toEqual(['joined:https://192.168.1.20:4000', null]);
  });

  it('collects every pin of a host name (forums on several ports), none for unpinned hosts', () => {
    expect(pinsForHost(saved, '192.168.1.20')).toEqual([FP1, FP2]);
    expect(pinsForHost(saved, '10.0.0.5')).toEqual([]);
    expect(pinsForHost(saved, 'example.org')).toEqual([]);
  });
});

describe('the doctor’s multicast check: our own announcement comes back', () => {
  const own = {
    key: 'k',
    name: 'Home',
    forumId: '0a1b2c3d4e5f',
    version: '0.1.0',
    url: 'https://192.168.1.20:4000',
    https: true,
    online: 1,
  };
  it('seen when this machine’s browser found it; not seen after the grace period otherwise', () => {
    expect(mdnsSelfTest([own], ['192.168.1.20'], 4000, 20_000)).toBe('seen');
    expect(mdnsSelfTest([], ['192.168.1.20'], 4000, 20_000)).toBe('not-seen');
    // Another forum on this machine (another port), or one elsewhere, is not ours.
    expect(mdnsSelfTest([own], ['192.168.1.20'], 4100, 20_000)).toBe('not-seen');
    expect(mdnsSelfTest([own], ['10.0.0.7'], 4000, 20_000)).toBe('not-seen');
    // Too soon to tell.
    expect(mdnsSelfTest([], ['192.168.1.20'], 4000, SELF_TEST_GRACE_MS - 1)).toBeNull();
  });
});
