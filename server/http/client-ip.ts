import type { IncomingMessage } from 'node:http';

/**
 * The peer address. Hearth serves a LAN directly, with no proxy in front, so forwarded
 * headers are client-controlled and ignored.
 */
export function clientIp(req: IncomingMessage): string {
  const addr = req.socket.remoteAddress ?? 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}
