/**
 * Messages between the desktop main process and the forum server it hosts in a
 * utilityProcess (server/entry/utility.ts). The child says `hello`, the parent answers
 * `start`, the child answers `ready` or `start-failed`; `stop` closes the server
 * gracefully (sockets closed, WAL checkpointed, database closed) and the child exits 0.
 */
import { z } from 'zod';

export const hostStartConfigSchema = z.strictObject({
  dataDir: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  forumName: z.string().min(1).max(80),
  /** Path to a better-sqlite3 binary built for this runtime's ABI (Electron's), if not the default. */
  nativeBinding: z.string().min(1).optional(),
  /** Announce the forum on the LAN (mDNS): "Everyone on my network" (issue 14). */
  advertise: z.boolean().optional(),
  /** HTTPS with the forum's own certificate (issue 14; absent: plain HTTP, as before). */
  https: z.boolean().optional(),
  /** With https: also plain HTTP on this port, for old devices. */
  httpPort: z.number().int().min(0).max(65535).nullable().optional(),
});
export type HostStartConfig = z.infer<typeof hostStartConfigSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), config: hostStartConfigSchema }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

export const START_FAILURES = ['PORT_IN_USE', 'ACCESS_DENIED', 'DATA_DIR', 'UNKNOWN'] as const;

export const childMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), pid: z.number().int() }),
  z.strictObject({
    type: z.literal('ready'),
    url: z.string(),
    port: z.number().int(),
    /**
     * While the forum needs setup: the setup address with its one-time token, for the desktop
     * app to open in its own window (never shown to anyone else).
     */
    setupUrl: z.string().optional(),
    /** Over HTTPS: the certificate's SHA-256 (hex), which the app's window pins. */
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    /** The plain-HTTP port beside HTTPS, when there is one. */
    plainPort: z.number().int().optional(),
  }),
  z.strictObject({
    type: z.literal('start-failed'),
    code: z.enum(START_FAILURES),
    message: z.string(),
  }),
  z.strictObject({ type: z.literal('stats'), online: z.number().int().nonnegative() }),
  z.strictObject({ type: z.literal('stopped') }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
