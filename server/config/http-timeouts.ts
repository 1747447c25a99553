import { z } from 'zod';

/**
 * How long the forum server waits on a client's HTTP connection. Node's own defaults (60 s
 * for the head, 5 min for the whole request, timeouts checked every 30 s) let a few slow
 * clients that send a request byte by byte hold sockets for minutes; a LAN client sends a
 * whole request in milliseconds, so these are seconds.
 */
export interface HttpTimeouts {
  /** The request line and headers must arrive within this (else 408, connection closed). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (else 408). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (Node adds up to a second). */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

const ms = z.number().int().min(10).max(3_600_000);

/** The `http` server option: any subset of HttpTimeouts. */
export const httpTimeoutsSchema = z.strictObject({
  headersTimeoutMs: ms.optional(),
  requestTimeoutMs: ms.optional(),
  keepAliveTimeoutMs: ms.optional(),
});

/**
 * The options for `http.createServer`. Node only looks for expired requests every
 * `connectionsCheckingInterval` (30 s by default), so that is tied to the shortest timeout:
 * a slow request is cut within about a quarter of its limit of the deadline.
 */
export function httpServerTimeouts(t: HttpTimeouts): {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: t.headersTimeoutMs,
    requestTimeout: t.requestTimeoutMs,
    keepAliveTimeout: t.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(
      10,
      Math.min(1000, Math.floor(Math.min(t.headersTimeoutMs, t.requestTimeoutMs) / 4)),
    ),
  };
}
