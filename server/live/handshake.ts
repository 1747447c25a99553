import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiErrorBody, ErrorCode } from '../../common/errors';

/** The live endpoint; the query string is ignored. */
export const LIVE_PATH = '/ws';

export function isLivePath(url: string | undefined): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)) === LIVE_PATH;
}

/**
 * Refuses a WebSocket handshake with a plain HTTP answer written on the raw socket, before
 * any upgrade: the same JSON error envelope as the REST API, then the connection closes.
 * `retryAfterSec` adds Retry-After (429, 503).
 */
export function rejectHandshake(
  socket: Duplex,
  status: number,
  code: ErrorCode,
  message: string,
  retryAfterSec?: number,
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } } satisfies ApiErrorBody);
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      'Cache-Control: no-store\r\n' +
      (retryAfterSec === undefined ? '' : `Retry-After: ${retryAfterSec}\r\n`) +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
