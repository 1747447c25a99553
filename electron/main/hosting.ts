/**
 * Hosting a forum from this app: start the embedded server on a checked port, stop it,
 * and report its state as the launcher, the tray and the forum page show it. The server
 * process itself is server-host.ts; this file holds the decisions around it.
 */
import { mkdirSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import type { DesktopInfo, HostResult, HostStatus, PortCheck } from '@common/desktop';
import { findFreePort, isPortFree, LAN_HOST, LOCAL_HOST, shareAddresses } from './ports';
import type { HostState, ServerHost } from './server-host';
import { serverId, type HostConfig } from './servers.store';
import type { TrayMenuState } from './tray-menu';

export const DEFAULT_PORT = 4000;

export function hostStatusOf(
  state: HostState,
  config: HostConfig | null,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): HostStatus {
  switch (state.state) {
    case 'running': {
      const lanVisible = config?.lanVisible ?? false;
      const https = state.fingerprint !== undefined;
      return {
        state: 'running',
        url: `${https ? 'https' : 'http'}://${LOCAL_HOST}:${state.port}`,
        addresses: shareAddresses(lanVisible, state.port, interfaces, https ? 'https' : 'http'),
        lanVisible,
        online: state.online,
        ...(https ? { https: true as const } : {}),
        ...(state.plainPort === undefined
          ? {}
          : { plainAddresses: shareAddresses(lanVisible, state.plainPort, interfaces) }),
      };
    }
    case 'restarting':
      return {
        state: 'restarting',
        attempt: state.attempt,
        inMs: state.inMs,
        lastError: state.lastError,
      };
    case 'failed':
      return { state: 'failed', message: state.message, logPath: state.logPath };
    case 'starting':
    case 'stopping':
    case 'stopped':
      return { state: state.state };
  }
}

/**
 * The route of a new forum's setup page (`#/setup?token=…`) from the setup address its server
 * reported, for the app to open in its own window; null when there is none or it looks wrong
 * (the window only ever loads a route that matches exactly this shape).
 */
export function setupRoute(setupUrl: string | undefined): string | null {
  if (!setupUrl) return null;
  let hash: string;
  try {
    hash = new URL(setupUrl).hash;
  } catch {
    return null;
  }
  return /^#\/setup\?token=[A-Za-z0-9_-]{16,128}$/.test(hash) ? hash : null;
}

/** The hosting line of the tray menu for a host status. */
export function trayHosting(status: HostStatus): TrayMenuState['hosting'] {
  switch (status.state) {
    case 'running':
      return {
        state: 'running',
        address: status.addresses[0] ?? status.url,
        online: status.online,
      };
    case 'starting':
    case 'restarting':
    case 'failed':
      return { state: status.state };
    case 'stopping':
    case 'stopped':
      return null;
  }
}

/** What the forum page learns from `desktop.getInfo()`. */
export function desktopInfo(version: string, status: HostStatus): DesktopInfo {
  return {
    version,
    hosting:
      status.state === 'running'
        ? { addresses: status.addresses, lanVisible: status.lanVisible }
        : null,
  };
}

export interface HostingDeps {
  host: ServerHost;
  networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** better-sqlite3 binary for Electron's ABI when running from a dev checkout. */
  nativeBinding: string | undefined;
  clockMs?: () => number;
}

export class Hosting {
  private hosted: { id: string; config: HostConfig } | null = null;

  private runningSince: number | null = null;

  constructor(private readonly deps: HostingDeps) {
    deps.host.onState((s) => {
      if (s.state === 'running') this.runningSince ??= (deps.clockMs ?? Date.now)();
      else this.runningSince = null;
    });
  }

  /** How long the server has been up (0 when it is not running). */
  runningForMs(): number {
    return this.runningSince === null ? 0 : (this.deps.clockMs ?? Date.now)() - this.runningSince;
  }

  status(): HostStatus {
    return hostStatusOf(
      this.deps.host.state(),
      this.hosted?.config ?? null,
      this.deps.networkInterfaces(),
    );
  }

  /** While the hosted forum needs setup: the route of its setup page (with the token). */
  setupRoute(): string | null {
    const state = this.deps.host.state();
    return state.state === 'running' ? setupRoute(state.setupUrl) : null;
  }

  /**
   * The certificate pins of the forum hosted here, for its own window (it is reached at
   * 127.0.0.1 and localhost): the fingerprint its server reported, nothing over HTTP.
   */
  pinsFor(hostname: string): string[] {
    const state = this.deps.host.state();
    if (state.state !== 'running' || state.fingerprint === undefined) return [];
    return hostname === LOCAL_HOST || hostname === 'localhost' ? [state.fingerprint] : [];
  }

  /** The ports the running forum listens on (HTTPS or HTTP, and the plain one beside it). */
  servedPorts(): number[] {
    const state = this.deps.host.state();
    if (state.state !== 'running') return [];
    return state.plainPort === undefined ? [state.port] : [state.port, state.plainPort];
  }

  /** The saved-server id of the forum this app hosts, or null. */
  hostedId(): string | null {
    return this.hosted?.id ?? null;
  }

  /** Every state change of the server, with the status it shows as. */
  onStatus(listener: (status: HostStatus) => void): () => void {
    return this.deps.host.onState(() => listener(this.status()));
  }

  async checkPort(port: number, lanVisible: boolean): Promise<PortCheck> {
    // Our own running server holds its port: that port is "free" for restarting it.
    if (this.hosted?.config.port === port && this.deps.host.state().state === 'running') {
      return { free: true };
    }
    const bindHost = lanVisible ? LAN_HOST : LOCAL_HOST;
    if (await isPortFree(bindHost, port)) return { free: true };
    return { free: false, suggestion: await findFreePort(bindHost, port + 1) };
  }

  /**
   * Serves `config`: restarts the server only when something changed, so opening the
   * forum that already runs is instant.
   */
  async start(config: HostConfig): Promise<HostResult> {
    const running = this.deps.host.state().state === 'running';
    const same = this.hosted && JSON.stringify(this.hosted.config) === JSON.stringify(config);
    if (running && same) return { ok: true, url: localUrl(config) };
    if (running || this.deps.host.config()) await this.deps.host.stop();
    const port = await this.checkPort(config.port, config.lanVisible);
    if (!port.free) {
      return {
        ok: false,
        code: 'PORT_IN_USE',
        message: `Port ${config.port} is already in use on this computer.`,
        suggestion: port.suggestion,
      };
    }
    const plainPort = plainPortOf(config);
    if (plainPort !== null) {
      const plain = await this.checkPort(plainPort, config.lanVisible);
      if (!plain.free) {
        return {
          ok: false,
          code: 'INVALID',
          message: `Port ${plainPort} (plain HTTP for old devices) is already in use on this computer${plain.suggestion ? `: try ${plain.suggestion}` : ''}.`,
        };
      }
    }
    try {
      mkdirSync(config.dataDir, { recursive: true });
    } catch (err) {
      return {
        ok: false,
        code: 'INVALID',
        message: `Cannot use the folder ${config.dataDir}: ${(err as Error).message}`,
      };
    }
    this.hosted = {
      id: serverId({ kind: 'hosted', name: config.forumName, host: config }),
      config,
    };
    const bindHost = config.lanVisible ? LAN_HOST : LOCAL_HOST;
    const result = await this.deps.host.start({
      dataDir: config.dataDir,
      host: bindHost,
      port: config.port,
      forumName: config.forumName,
      // Only when chosen: a plain-HTTP forum starts exactly as before HTTPS existed.
      ...(config.https ? { https: true } : {}),
      ...(plainPort !== null ? { httpPort: plainPort } : {}),
      ...(this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {}),
    });
    if (result.ok) return { ok: true, url: localUrl(config) };
    this.hosted = null;
    if (result.code === 'PORT_IN_USE') {
      const suggestion = await findFreePort(bindHost, config.port + 1);
      return { ok: false, code: 'PORT_IN_USE', message: result.message, suggestion };
    }
    return {
      ok: false,
      code: result.code === 'FAILED' ? 'FAILED' : 'INVALID',
      message: result.message,
    };
  }

  /** Stops the server gracefully; resolves when it is down. */
  async stop(): Promise<void> {
    this.hosted = null;
    await this.deps.host.stop();
  }
}

function localUrl(config: HostConfig): string {
  return `${config.https ? 'https' : 'http'}://${LOCAL_HOST}:${config.port}`;
}

/** The plain-HTTP port beside HTTPS, or null (never without HTTPS). */
export function plainPortOf(config: HostConfig): number | null {
  return config.https ? (config.httpPort ?? null) : null;
}
