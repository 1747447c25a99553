/**
 * The argument schema of every call in ../ipc-contract.ts, keyed by the same bridge
 * methods. Main only: zod stays out of the sandboxed preload bundle. Each schema's output
 * must be the method's parameter tuple from common/desktop.ts, so a schema that drifts
 * from the bridge type (or a call with no schema) fails the build.
 *
 * Objects are parsed with `z.object`, which drops unknown keys instead of refusing the
 * call: the preload passes the page's objects through as they are, and only the declared
 * fields ever reach a handler.
 */
import { z } from 'zod';
import type { DesktopBridge, LauncherBridge } from '@common/desktop';
import type { ArgsOf, CallKey } from '../ipc-contract';

/** One tuple schema per call of bridge B, whose output is exactly what the bridge declares. */
export type ArgSchemas<B> = { readonly [K in CallKey<B>]: z.ZodType<ArgsOf<B, K>> };

const port = z.number().int().min(1).max(65535);
const notification = z.object({
  title: z.string().max(1000),
  body: z.string().max(20_000),
  route: z.string().max(512),
  tag: z.string().min(1).max(200),
});
const hostRequest = z.object({
  forumName: z.string().trim().min(1, 'Give the forum a name').max(80),
  port,
  dataDir: z.string().min(1).max(4096),
  lanVisible: z.boolean(),
  https: z.boolean().optional(),
  httpPort: port.nullable().optional(),
});
const address = z.string().max(2048);
const id = z.string().min(1).max(5000);

export const DESKTOP_ARGS: ArgSchemas<DesktopBridge> = {
  notify: z.tuple([notification]),
  setUnreadCount: z.tuple([z.number().int().min(0).max(1e9)]),
  getInfo: z.tuple([]),
  switchForum: z.tuple([]),
};

export const LAUNCHER_ARGS: ArgSchemas<LauncherBridge> = {
  getState: z.tuple([]),
  checkPort: z.tuple([port, z.boolean()]),
  chooseDataDir: z.tuple([z.string().max(4096)]),
  host: z.tuple([hostRequest]),
  testConnection: z.tuple([address]),
  join: z.tuple([address]),
  open: z.tuple([id]),
  remove: z.tuple([id]),
  showLog: z.tuple([]),
  copyText: z.tuple([z.string().max(2048)]),
  trustAndJoin: z.tuple([
    z.url({ protocol: /^https$/ }).max(2048),
    z.string().regex(/^[0-9a-f]{64}$/),
  ]),
  diagnose: z.tuple([]),
  addFirewallRule: z.tuple([]),
};
