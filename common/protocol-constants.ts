/**
 * The protocol's runtime constants, with no dependencies: the renderer imports them from here
 * (importing common/protocol.ts at runtime would bundle zod into the UI). protocol.ts re-exports.
 */

/** Close codes the server uses besides the standard ones. */
export const WS_CLOSE = {
  /** The session ended (logout or expiry): log in again, do not reconnect. */
  SESSION_ENDED: 4401,
  /** A moderator suspended the account: show why, do not reconnect (login explains the end). */
  SUSPENDED: 4003,
  /** Too slow to keep up: reconnect and resume. */
  BACKPRESSURE: 4408,
  /** Policy violation, e.g. a sustained flood. */
  POLICY: 1008,
  TOO_BIG: 1009,
} as const;

/** Ends an exhaustive `switch` over a union: adding a case fails the build until handled. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
