import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (a zone id is dropped), or null. */
export function ipv6Groups(address: string): number[] | null {
  const zone = address.indexOf('%');
  const addr = zone >= 0 ? address.slice(0, zone) : address;
  if (!isIPv6(addr)) return null;
  let text = addr;
  let tail: number[] = [];
  // A dotted IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
  const lastColon = addr.lastIndexOf(':');
  const last = addr.slice(lastColon + 1);
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    tail = [(a << 8) | b, (c << 8) | d];
    text = addr.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const gap = text.indexOf('::');
  let groups: number[];
  if (gap >= 0) {
    const head = parse(text.slice(0, gap));
    const rest = parse(text.slice(gap + 2));
    const zeros = 8 - tail.length - head.length - rest.length;
    groups = [...head, ...Array<number>(Math.max(0, zeros)).fill(0), ...rest];
  } else {
    groups = parse(text);
  }
  groups.push(...tail);
  return groups.length === 8 ? groups : null;
}

/**
 * An address as bytes: 4 for IPv4 (also when written IPv4-mapped, `::ffff:192.0.2.1`, as a
 * dual-stack socket reports it), 16 for IPv6; null if it is no address.
 */
export function addressBytes(address: string): number[] | null {
  if (isIPv4(address)) return address.split('.').map(Number);
  const g = ipv6Groups(address);
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const [hi = 0, lo = 0] = g.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  }
  return g.flatMap((x) => [x >> 8, x & 0xff]);
}
