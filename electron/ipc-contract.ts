/**
 * The IPC contract: one map per bridge, from each method of the bridge type in
 * common/desktop.ts to how it crosses (invoke, send, or a main → page event) and on which
 * channel. The preload builds the bridge from this map (preload/bridge.ts), main registers
 * its handlers from it (main/ipc.ts `registerBridge`), and the argument schemas sit in
 * main/ipc-schemas.ts, keyed by the same methods. This file must stay free of zod and of
 * anything with side effects: it is bundled into the sandboxed preload.
 */
import type { DesktopBridge, LauncherBridge } from '@common/desktop';

/** A method that subscribes to a main → page event and returns an unsubscribe function. */
type Subscribe<P> = (callback: (payload: P) => void) => () => void;

/** Any entry of a contract. */
export interface ContractEntry {
  readonly kind: 'invoke' | 'send' | 'event';
  readonly channel: string;
}

/** How one bridge method crosses, decided by its type so a wrong kind fails the build. */
export type EntryFor<M> =
  NonNullable<M> extends Subscribe<infer _P>
    ? { readonly kind: 'event'; readonly channel: string }
    : NonNullable<M> extends (...args: never[]) => Promise<unknown>
      ? { readonly kind: 'invoke'; readonly channel: string }
      : { readonly kind: 'send'; readonly channel: string };

/** Every method of bridge B, each with its entry: a missing or extra method fails the build. */
export type BridgeContract<B> = { readonly [K in keyof B]-?: EntryFor<B[K]> };

/** Methods the page calls (invoke or send), as opposed to event subscriptions. */
export type CallKey<B> = {
  [K in keyof B]-?: NonNullable<B[K]> extends Subscribe<infer _P> ? never : K;
}[keyof B];
/** Methods that subscribe to a main → page event. */
export type EventKey<B> = Exclude<keyof B, CallKey<B>>;

type Method<B, K extends keyof B> =
  NonNullable<B[K]> extends (...args: infer A) => infer R ? (...args: A) => R : never;
/** The arguments of a call, as the bridge type declares them. */
export type ArgsOf<B, K extends keyof B> = Parameters<Method<B, K>>;
/** What main's handler returns for a call (a send's result is dropped). */
export type ResultOf<B, K extends keyof B> = Awaited<ReturnType<Method<B, K>>>;
/** What main sends with an event. */
export type PayloadOf<B, K extends keyof B> =
  NonNullable<B[K]> extends Subscribe<infer P> ? P : never;

export const DESKTOP_BRIDGE = {
  notify: { kind: 'send', channel: 'desktop:notify' },
  setUnreadCount: { kind: 'send', channel: 'desktop:set-unread-count' },
  /** main → forum page: open a route after a notification click. */
  onNavigate: { kind: 'event', channel: 'desktop:navigate' },
  /** main → forum page: show this in the page's own toast (OS notifications failed). */
  onToast: { kind: 'event', channel: 'desktop:toast' },
  getInfo: { kind: 'invoke', channel: 'desktop:get-info' },
  switchForum: { kind: 'send', channel: 'desktop:switch-forum' },
} as const satisfies BridgeContract<DesktopBridge>;

export const LAUNCHER_BRIDGE = {
  getState: { kind: 'invoke', channel: 'launcher:get-state' },
  checkPort: { kind: 'invoke', channel: 'launcher:check-port' },
  chooseDataDir: { kind: 'invoke', channel: 'launcher:choose-data-dir' },
  host: { kind: 'invoke', channel: 'launcher:host' },
  testConnection: { kind: 'invoke', channel: 'launcher:test-connection' },
  join: { kind: 'invoke', channel: 'launcher:join' },
  open: { kind: 'invoke', channel: 'launcher:open' },
  remove: { kind: 'invoke', channel: 'launcher:remove' },
  showLog: { kind: 'send', channel: 'launcher:show-log' },
  copyText: { kind: 'send', channel: 'launcher:copy-text' },
  /** main → launcher page: the embedded server's state changed. */
  onHostStatus: { kind: 'event', channel: 'launcher:host-status' },
  /** main → launcher page: something the user should know now (as LauncherState.notices). */
  onNotice: { kind: 'event', channel: 'launcher:notice' },
  /** main → launcher page: forums announced on the LAN (issue 14). */
  onForumsFound: { kind: 'event', channel: 'launcher:forums-found' },
  trustAndJoin: { kind: 'invoke', channel: 'launcher:trust-and-join' },
  diagnose: { kind: 'invoke', channel: 'launcher:diagnose' },
  addFirewallRule: { kind: 'invoke', channel: 'launcher:add-firewall-rule' },
} as const satisfies BridgeContract<LauncherBridge>;

/** The part of webContents that main uses to push an event to a page. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
}

/** Sends a forum-page event with the payload its subscriber expects. */
export function sendToForum<K extends EventKey<DesktopBridge>>(
  target: EventTarget,
  key: K,
  payload: PayloadOf<DesktopBridge, K>,
): void {
  target.send(DESKTOP_BRIDGE[key].channel, payload);
}

/** Sends a launcher-page event with the payload its subscriber expects. */
export function sendToLauncher<K extends EventKey<LauncherBridge>>(
  target: EventTarget,
  key: K,
  payload: PayloadOf<LauncherBridge, K>,
): void {
  target.send(LAUNCHER_BRIDGE[key].channel, payload);
}

/** Passed to the preload so it knows which bridge the page gets (`--hearth-launcher=<url>`). */
export const LAUNCHER_URL_ARG = '--hearth-launcher=';
