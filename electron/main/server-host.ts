/**
 * Runs the embedded forum server in a child (an Electron utilityProcess in the app, a Node
 * child process in tests: the fork function is injected). Ready handshake with a timeout;
 * a crash restarts it with backoff; too many crashes in a minute give up with the log
 * path; stop() asks for a graceful close (WAL checkpoint) and kills only as a last resort.
 */
import {
  childMessageSchema,
  type ChildMessage,
  type HostStartConfig,
  type ParentMessage,
} from '@common/host-protocol';

/** The part of a utilityProcess / ChildProcess the host uses. */
export interface HostChild {
  postMessage(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** Starts the server entry; `log` receives the child's stdout/stderr lines. */
export type ForkHost = (log: (line: string) => void) => HostChild;

export type HostState =
  | { state: 'stopped' }
  | { state: 'starting' }
  | {
      state: 'running';
      url: string;
      port: number;
      online: number | null;
      /** While the forum needs setup: its setup address with the one-time token. */
      setupUrl?: string;
      /** Over HTTPS: the certificate's SHA-256, pinned by the app's own window. */
      fingerprint?: string;
      /** The plain-HTTP port beside HTTPS ("also serve HTTP for old devices"). */
      plainPort?: number;
    }
  | { state: 'restarting'; attempt: number; inMs: number; lastError: string }
  | { state: 'failed'; message: string; logPath: string }
  | { state: 'stopping' };

export type StartResult =
  | { ok: true; url: string; port: number; setupUrl?: string }
  | { ok: false; code: ChildStartFailure | 'FAILED'; message: string };
type ChildStartFailure = Extract<ChildMessage, { type: 'start-failed' }>['code'];

export interface ServerHostOptions {
  fork: ForkHost;
  logPath: string;
  /** Appends one line to the host log (timestamps are added here). */
  appendLog: (line: string) => void;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** Delay before restart attempt n (1-based). */
  backoffMs?: (attempt: number) => number;
  maxCrashes?: number;
  crashWindowMs?: number;
  now?: () => number;
}

export interface ServerHost {
  start(config: HostStartConfig): Promise<StartResult>;
  stop(): Promise<void>;
  state(): HostState;
  config(): HostStartConfig | null;
  onState(listener: (state: HostState) => void): () => void;
}

export const defaultBackoff = (attempt: number): number =>
  Math.min(30_000, 1000 * 2 ** (attempt - 1));

export function createServerHost(options: ServerHostOptions): ServerHost {
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const backoff = options.backoffMs ?? defaultBackoff;
  const maxCrashes = options.maxCrashes ?? 3;
  const crashWindowMs = options.crashWindowMs ?? 60_000;
  const now = options.now ?? Date.now;

  let current: HostState = { state: 'stopped' };
  let config: HostStartConfig | null = null;
  let child: HostChild | null = null;
  let childExited: Promise<void> = Promise.resolve();
  let crashes: number[] = [];
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on every start/stop, so callbacks of an older child are ignored. */
  let generation = 0;
  let pendingStart: ((result: StartResult) => void) | null = null;
  const listeners = new Set<(state: HostState) => void>();

  const log = (line: string) => options.appendLog(`${new Date(now()).toISOString()} ${line}`);

  function setState(next: HostState): void {
    current = next;
    for (const listener of listeners) listener(next);
  }

  function settleStart(result: StartResult): void {
    const resolve = pendingStart;
    pendingStart = null;
    resolve?.(result);
  }

  function spawn(gen: number): void {
    if (!config) return;
    const startConfig = config;
    setState({ state: 'starting' });
    log(`[main] starting the server on ${startConfig.host}:${startConfig.port}`);
    const proc = options.fork((line) => options.appendLog(line));
    child = proc;
    let ready = false;
    let exitedResolve: () => void = () => {};
    childExited = new Promise((r) => (exitedResolve = r));

    const readyTimer = setTimeout(() => {
      if (gen !== generation || ready) return;
      log(`[main] no ready signal within ${readyTimeoutMs} ms; killing the server`);
      crashed(gen, `did not start within ${Math.round(readyTimeoutMs / 1000)} s`);
      proc.kill();
    }, readyTimeoutMs);

    proc.onMessage((raw) => {
      if (gen !== generation) return;
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) {
        log('[main] ignored a malformed message from the server');
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'hello':
          proc.postMessage({ type: 'start', config: startConfig });
          return;
        case 'ready':
          ready = true;
          clearTimeout(readyTimer);
          // A restart must come back where the window and the LAN expect it, even when
          // the first start asked for any free port.
          if (config && config.port === 0) config = { ...config, port: message.port };
          // The setup address carries the token: it is never logged.
          log(`[main] server ready at ${message.url}${message.setupUrl ? ' (needs setup)' : ''}`);
          {
            const setup = message.setupUrl ? { setupUrl: message.setupUrl } : {};
            setState({
              state: 'running',
              url: message.url,
              port: message.port,
              online: null,
              ...setup,
              ...(message.fingerprint ? { fingerprint: message.fingerprint } : {}),
              ...(message.plainPort ? { plainPort: message.plainPort } : {}),
            });
            settleStart({ ok: true, url: message.url, port: message.port, ...setup });
          }
          return;
        case 'start-failed':
          // A configuration problem (port busy, folder unusable): restarting would not help.
          clearTimeout(readyTimer);
          log(`[main] server could not start: ${message.code} ${message.message}`);
          generation++;
          config = null;
          setState({ state: 'stopped' });
          settleStart({ ok: false, code: message.code, message: message.message });
          return;
        case 'stats':
          if (current.state === 'running') setState({ ...current, online: message.online });
          return;
        case 'stopped':
          return;
      }
    });

    proc.onExit((code) => {
      clearTimeout(readyTimer);
      exitedResolve();
      if (child === proc) child = null;
      if (gen !== generation) return;
      crashed(gen, `exited with code ${code ?? 'null'}`);
    });
  }

  function crashed(gen: number, why: string): void {
    if (gen !== generation) return;
    // The old child is done for: ignore anything it still says.
    generation++;
    const nextGen = generation;
    const t = now();
    crashes = [...crashes.filter((c) => t - c < crashWindowMs), t];
    log(`[main] server crashed (${why}); ${crashes.length} crash(es) in the last minute`);
    if (crashes.length >= maxCrashes) {
      const message = `The forum server stopped ${crashes.length} times in a minute (last: ${why}). Hearth gave up restarting it.`;
      log(`[main] giving up: ${message}`);
      setState({ state: 'failed', message, logPath: options.logPath });
      settleStart({
        ok: false,
        code: 'FAILED',
        message: `${message} See the log: ${options.logPath}`,
      });
      return;
    }
    const attempt = crashes.length;
    const inMs = backoff(attempt);
    setState({ state: 'restarting', attempt, inMs, lastError: why });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (nextGen === generation) spawn(nextGen);
    }, inMs);
  }

  async function stop(): Promise<void> {
    generation++;
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = null;
    settleStart({ ok: false, code: 'FAILED', message: 'Stopped before the server was ready.' });
    const proc = child;
    config = null;
    if (!proc) {
      setState({ state: 'stopped' });
      return;
    }
    setState({ state: 'stopping' });
    log('[main] stopping the server');
    const exited = childExited;
    try {
      proc.postMessage({ type: 'stop' });
    } catch {
      proc.kill();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), stopTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      log(`[main] the server did not stop within ${stopTimeoutMs} ms; killing it`);
      proc.kill();
      await exited;
    }
    child = null;
    log('[main] server stopped');
    setState({ state: 'stopped' });
  }

  return {
    async start(next) {
      if (child || restartTimer) await stop();
      generation++;
      crashes = [];
      config = next;
      const result = new Promise<StartResult>((resolve) => (pendingStart = resolve));
      spawn(generation);
      return result;
    },
    stop,
    state: () => current,
    config: () => config,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
