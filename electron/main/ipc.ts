/**
 * The only file that touches ipcMain. Every handler declares who may call it (the forum
 * page at the open server's origin, or the bundled launcher) and a schema for its
 * arguments; the guard runs before the handler, on every call. GitHub Desktop once shipped
 * a `safeListener` with the check inverted, so the guard has tests for both outcomes.
 */
import type { z } from 'zod';
import type { ArgsOf, BridgeContract, CallKey, ResultOf } from '../ipc-contract';
import type { ArgSchemas } from './ipc-schemas';
import { isLauncherUrl, isTrustedUrl } from './trusted-url';

export type Audience = 'forum' | 'launcher';

/** The parts of Electron's IpcMainEvent / IpcMainInvokeEvent the guard reads. */
export interface IpcEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The parts of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void;
}

export interface TrustContext {
  /** Origin of the forum the window shows, or null when it shows the launcher. */
  forumOrigin(): string | null;
  /** The launcher page URL (file: in a build, the dev server under `electron-vite dev`). */
  launcherUrl: string;
  /** webContents id of the app window; calls from anything else are refused. */
  windowId(): number | null;
}

export type GuardResult = { ok: true } | { ok: false; why: string };

export function checkSender(
  event: IpcEventLike,
  audience: Audience,
  ctx: TrustContext,
): GuardResult {
  const frame = event.senderFrame;
  // A frame that navigated away or was destroyed mid-call has no trustworthy URL.
  if (!frame) return { ok: false, why: 'no sender frame' };
  if (frame.parent !== null) return { ok: false, why: 'sender is a subframe' };
  if (event.sender.id !== ctx.windowId()) return { ok: false, why: 'sender is not the app window' };
  if (audience === 'forum' && !isTrustedUrl(frame.url, ctx.forumOrigin())) {
    return { ok: false, why: `origin not trusted: ${safeOrigin(frame.url)}` };
  }
  if (audience === 'launcher' && !isLauncherUrl(frame.url, ctx.launcherUrl)) {
    return { ok: false, why: `not the launcher: ${safeOrigin(frame.url)}` };
  }
  return { ok: true };
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? 'file:' : u.origin;
  } catch {
    return 'invalid url';
  }
}

export class IpcRejected extends Error {
  override name = 'IpcRejected';
}

/**
 * Main's side of bridge B: one function per call, taking the arguments the bridge type
 * declares and returning what the page's promise resolves to (nothing for a send).
 */
export type BridgeHandlers<B> = {
  readonly [K in CallKey<B>]: (...args: ArgsOf<B, K>) => ResultOf<B, K> | Promise<ResultOf<B, K>>;
};

export interface Ipc {
  /** An invoke() call: the result (or a rejection) goes back to the page. */
  handle<S extends z.ZodType<readonly unknown[]>, R>(
    channel: string,
    audience: Audience,
    args: S,
    handler: (args: z.output<S>, event: IpcEventLike) => R | Promise<R>,
  ): void;
  /** A send() call: nothing goes back; a refused call is logged and dropped. */
  on<S extends z.ZodType<readonly unknown[]>>(
    channel: string,
    audience: Audience,
    args: S,
    handler: (args: z.output<S>, event: IpcEventLike) => unknown,
  ): void;
}

export function createIpc(
  ipcMain: IpcMainLike,
  ctx: TrustContext,
  log: (line: string) => void,
): Ipc {
  function admit<S extends z.ZodType<readonly unknown[]>>(
    channel: string,
    audience: Audience,
    schema: S,
    event: IpcEventLike,
    raw: unknown[],
  ): { ok: true; args: z.output<S> } | { ok: false; message: string } {
    const guard = checkSender(event, audience, ctx);
    if (!guard.ok) {
      log(`[ipc] refused ${channel}: ${guard.why}`);
      return { ok: false, message: `${channel}: not allowed from this page` };
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      log(`[ipc] refused ${channel}: invalid arguments`);
      return { ok: false, message: `${channel}: invalid arguments` };
    }
    return { ok: true, args: parsed.data };
  }

  return {
    handle(channel, audience, schema, handler) {
      ipcMain.handle(channel, (event: IpcEventLike, ...raw: unknown[]) => {
        const admitted = admit(channel, audience, schema, event, raw);
        if (!admitted.ok) throw new IpcRejected(admitted.message);
        return handler(admitted.args, event);
      });
    },
    on(channel, audience, schema, handler) {
      ipcMain.on(channel, (event: IpcEventLike, ...raw: unknown[]) => {
        const admitted = admit(channel, audience, schema, event, raw);
        if (!admitted.ok) return;
        // Nobody waits for a send: a failure is logged here rather than lost.
        const failed = (err: unknown) =>
          log(`[ipc] ${channel} failed: ${err instanceof Error ? err.message : String(err)}`);
        try {
          void Promise.resolve(handler(admitted.args, event)).catch(failed);
        } catch (err) {
          failed(err);
        }
      });
    },
  };
}

/**
 * Registers every call of bridge B for one audience: the contract gives each call's kind
 * and channel, the schemas its arguments, the handlers its behaviour. All three are keyed
 * by the bridge's methods, so none can be left out or disagree on a type.
 */
export function registerBridge<B>(
  ipc: Ipc,
  audience: Audience,
  contract: BridgeContract<B>,
  schemas: ArgSchemas<B>,
  handlers: BridgeHandlers<B>,
): void {
  for (const key of Object.keys(schemas) as Array<CallKey<B>>) {
    const entry = contract[key];
    const schema = schemas[key];
    // z.ZodType<ArgsOf<B, K>> parses to ArgsOf<B, K>; TypeScript cannot see that through
    // the generic key, hence the one assertion.
    const call = (args: z.output<typeof schema>) =>
      handlers[key](...(args as ArgsOf<B, typeof key>));
    if (entry.kind === 'invoke') ipc.handle(entry.channel, audience, schema, call);
    else if (entry.kind === 'send') ipc.on(entry.channel, audience, schema, call);
  }
}
