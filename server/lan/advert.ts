import { isIPv4 } from 'node:net';
import type { FoundForum } from '../../common/lan';

/** The DNS-SD service type: `_hearth._tcp.local`. */
export const HEARTH_SERVICE_TYPE = 'hearth';
/** The TXT record's layout; a discoverer ignores records of another. */
export const TXT_FORMAT = '1';

export interface AdvertFacts {
  name: string;
  forumId: string;
  version: string;
  port: number;
  https: boolean;
  /** People online now, when the forum shows it (a forum setting, default on); else null. */
  online: number | null;
}

/** The TXT record a host announces (each value far below DNS-SD's 255 bytes a string). */
export function advertTxt(f: AdvertFacts): Record<string, string> {
  return {
    txtvers: TXT_FORMAT,
    name: f.name.slice(0, 80),
    id: f.forumId,
    ver: f.version.slice(0, 32),
    port: String(f.port),
    tls: f.https ? '1' : '0',
    // Left out, not "0", when the host hides it: the Join list then shows nothing.
    ...(f.online === null ? {} : { online: String(Math.max(0, Math.floor(f.online))) }),
  };
}

/**
 * The DNS-SD instance name: what generic browsers (avahi-browse, Discovery.app) show. Must
 * be unique on the link and at most 63 bytes: the forum's name, shortened, plus its id.
 */
export function instanceName(name: string, forumId: string): string {
  const suffix = ` (${forumId})`;
  // Dots would split the DNS label; control characters are dropped.
  let base =
    [...name]
      .map((ch) => (ch === '.' || ch.charCodeAt(0) < 0x20 ? ' ' : ch))
      .join('')
      .trim() || 'Hearth forum';
  while (Buffer.byteLength(base + suffix) > 63) base = base.slice(0, -1);
  return base + suffix;
}

const FORUM_ID = /^[0-9a-f]{12}$/;

/** What an mDNS browser reports of one service (bonjour-service's Service, loosely). */
export interface SeenService {
  name?: unknown;
  port?: unknown;
  addresses?: unknown;
  txt?: unknown;
  referer?: { address?: unknown } | undefined;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return null;
}

/**
 * A found forum from what the network said, or null when the announcement is not a
 * usable Hearth one. Everything here is untrusted (anyone on the LAN can announce), so
 * every field is checked; an impostor can still claim a name, which is why joining asks to
 * trust the certificate (TOFU) and pins it.
 */
export function parseAdvert(s: SeenService): FoundForum | null {
  if (typeof s.txt !== 'object' || s.txt === null) return null;
  const txt = s.txt as Record<string, unknown>;
  const format = text(txt.txtvers);
  const name = text(txt.name)?.trim();
  const forumId = text(txt.id);
  const version = text(txt.ver) ?? '';
  if (format !== TXT_FORMAT || !name || !forumId || !FORUM_ID.test(forumId)) return null;
  const port = typeof s.port === 'number' ? s.port : Number(text(txt.port));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const announced = Array.isArray(s.addresses)
    ? s.addresses.filter((a) => typeof a === 'string')
    : [];
  // The A record the host sent, else the address the answer came from.
  const address =
    announced.find((a) => isIPv4(a) && !a.startsWith('169.254.')) ??
    (typeof s.referer?.address === 'string' && isIPv4(s.referer.address)
      ? s.referer.address
      : null);
  if (!address) return null;
  const https = text(txt.tls) === '1';
  const onlineText = text(txt.online);
  const online = onlineText !== null && /^\d{1,7}$/.test(onlineText) ? Number(onlineText) : null;
  return {
    key: typeof s.name === 'string' ? s.name : `${forumId}@${address}:${port}`,
    name: name.slice(0, 80),
    forumId,
    version: version.slice(0, 32),
    url: `${https ? 'https' : 'http'}://${address}:${port}`,
    https,
    online,
  };
}
