import type { IncomingMessage, Server } from 'node:http';
import { isIPv4 } from 'node:net';
import { ipv6Groups } from '../security/ip-address';
import type { ForwardedClient, TrustedProxies } from '../security/trusted-proxies';

export { ipv6Groups } from '../security/ip-address';

/**
 * What a per-address rate limit (sign-up, login) counts under. IPv4 addresses, and IPv4
 * addresses seen through a dual-stack socket (`::ffff:192.0.2.1`), count one by one. Other
 * IPv6 addresses count by their /64: one host usually holds a whole /64 and can pick any
 * address in it (SLAAC privacy addresses), so keying the full address would give it 2^64
 * buckets. The price: people sharing one /64 (one IPv6 LAN segment) share a bucket.
 */
export function rateLimitKey(address: string): string {
  if (isIPv4(address)) return address;
  const g = ipv6Groups(address);
  if (!g) return address;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const [hi = 0, lo = 0] = g.slice(6);
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

const clients = new WeakMap<IncomingMessage, ForwardedClient>();

/**
 * Resolves a request's client: the socket's peer, or, from a trusted reverse proxy, the
 * address and protocol it forwards (`--trust-proxy`). The live layer calls it first thing
 * in its `upgrade` handler (no `upgrade` listener here: while a server has one, Node hands
 * it every Upgrade request, and after the live layer closed nobody would answer them).
 */
export function resolveClient(req: IncomingMessage, proxies: TrustedProxies): void {
  clients.set(req, proxies.resolve(req));
}

/** Resolves each REST request's client once, as it arrives, before Express looks. */
export function resolveClients(server: Server, proxies: TrustedProxies): void {
  server.prependListener('request', (req: IncomingMessage) => resolveClient(req, proxies));
}

/** The client's address: the peer's own unless a trusted proxy forwarded the request. */
export function clientAddress(req: IncomingMessage): string {
  return clients.get(req)?.address ?? req.socket.remoteAddress ?? 'unknown';
}

/** Whether the client reached us over TLS (directly, or via a trusted proxy's https). */
export function isSecureRequest(req: IncomingMessage): boolean {
  return clients.get(req)?.secure ?? (req.socket as { encrypted?: boolean }).encrypted === true;
}

/**
 * The rate-limit key of a request's client (see rateLimitKey). Without `--trust-proxy` that
 * is the socket's own address: X-Forwarded-For from an untrusted peer is client-controlled
 * and ignored.
 */
export function clientRateKey(req: IncomingMessage): string {
  return rateLimitKey(clientAddress(req));
}
