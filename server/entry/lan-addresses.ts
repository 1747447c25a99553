import type { NetworkInterfaceInfo } from 'node:os';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const ANY = new Set(['0.0.0.0', '::']);

/** What the host banner says about reaching the forum from other machines. */
export type LanReach =
  { kind: 'urls'; urls: string[] } | { kind: 'local-only' } | { kind: 'no-network' };

/** Every non-internal IPv4 address when listening on all interfaces (pure: tests pass `interfaces`). */
export function lanReach(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  host: string,
  port: number,
  scheme: 'http' | 'https' = 'http',
): LanReach {
  if (LOOPBACK.has(host) || host.startsWith('127.')) return { kind: 'local-only' };
  if (!ANY.has(host)) {
    return {
      kind: 'urls',
      urls: [`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`],
    };
  }
  const urls = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => `${scheme}://${i.address}:${port}`);
  return urls.length > 0 ? { kind: 'urls', urls: [...new Set(urls)] } : { kind: 'no-network' };
}
