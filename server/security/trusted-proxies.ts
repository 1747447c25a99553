import type { IncomingMessage } from 'node:http';
import { addressBytes } from './ip-address';

interface Range {
  bytes: number[];
  prefixBits: number;
}

/** One `--trust-proxy` entry (`192.0.2.1`, `10.0.0.0/8`, `fd00::/8`) as a range, or null. */
function parseRange(entry: string): Range | null {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const bytes = addressBytes(address);
  if (!bytes || /%/.test(address)) return null;
  const maxBits = bytes.length * 8;
  if (slash < 0) return { bytes, prefixBits: maxBits };
  const prefix = entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return null;
  // A mapped IPv4 range (::ffff:10.0.0.0/104) counts its prefix within the IPv4 part.
  const mapped = bytes.length === 4 && address.includes(':');
  const prefixBits = Number(prefix) - (mapped ? 96 : 0);
  return prefixBits >= 0 && prefixBits <= maxBits ? { bytes, prefixBits } : null;
}

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefixBits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Who a request is from, as far as the trusted proxies in front of Hearth vouch for it. */
export interface ForwardedClient {
  /** The client's address: the socket's peer, or what trusted proxies forwarded. */
  address: string;
  /** Over TLS: to Hearth itself, or (X-Forwarded-Proto https) to a trusted proxy. */
  secure: boolean;
}

/**
 * The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto Hearth believes
 * (`--trust-proxy`, `HEARTH_TRUST_PROXY`). From anyone else those headers are ignored: a
 * client could otherwise pick its own address for rate limits, or claim https.
 */
export class TrustedProxies {
  private readonly ranges: Range[];

  /** `entries` must be valid (see `invalidProxyEntry`); the config checks them first. */
  constructor(readonly entries: readonly string[]) {
    this.ranges = entries.flatMap((e) => parseRange(e) ?? []);
  }

  get none(): boolean {
    return this.ranges.length === 0;
  }

  trusts(address: string | undefined): boolean {
    // Express asks this for every req.secure / req.protocol (several times a request): with
    // no proxy configured (the usual LAN host) there is nothing to parse the address for.
    if (this.ranges.length === 0) return false;
    const bytes = address === undefined ? null : addressBytes(address);
    return bytes !== null && this.ranges.some((r) => inRange(bytes, r));
  }

  /**
   * The same walk as Express's `trust proxy` (proxy-addr): from the socket's peer leftwards
   * through X-Forwarded-For, past every trusted hop; the first untrusted one is the client.
   * A malformed entry stops the walk at the hop that sent it. The protocol is the leftmost
   * X-Forwarded-Proto, believed only from a trusted peer, as Express's `req.protocol` does.
   */
  resolve(req: IncomingMessage): ForwardedClient {
    const peer = req.socket.remoteAddress ?? 'unknown';
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    if (this.none || !this.trusts(peer)) return { address: peer, secure: encrypted };
    const proto = headerValue(req.headers['x-forwarded-proto']).split(',')[0]?.trim();
    const secure = proto ? proto.toLowerCase() === 'https' : encrypted;
    const hops = headerValue(req.headers['x-forwarded-for'])
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '')
      .reverse();
    let address = peer;
    for (const hop of hops) {
      if (addressBytes(hop) === null) break;
      address = hop;
      if (!this.trusts(hop)) break;
    }
    return { address, secure };
  }
}

/** A header Node may give as a list (repeated lines) as one comma-separated string. */
function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** Null when `entry` is an address or CIDR range; else why not, for a person. */
export function invalidProxyEntry(entry: string): string | null {
  return parseRange(entry.trim()) === null
    ? `"${entry.slice(0, 100)}" is not an IP address or CIDR range (such as 127.0.0.1 or 10.0.0.0/8)`
    : null;
}
