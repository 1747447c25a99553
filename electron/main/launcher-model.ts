/**
 * The launcher's view model: what the launcher page shows (saved forums, hosting defaults,
 * the server's state, notices) and its actions (host, join, open, remove), plus the start
 * of the app, which reopens the last forum or shows the launcher.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type {
  ConnectionTestResult,
  HostRequest,
  HostResult,
  LauncherState,
  OpenResult,
} from '@common/desktop';
import { DEFAULT_PORT, type Hosting } from './hosting';
import { lanIps } from './ports';
import { testConnection } from './server-address';
import { normalizeServerAddress } from '@common/server-address';
import { diagnose, type DoctorFinding } from '@common/network-doctor';
import { testPinnedConnection } from './pinned-join';
import type { HostConfig, SavedServer, ServersStore } from './servers.store';
import type { SettingsStore } from './settings.store';
import type { WindowRouter } from './window-router';
import { addFirewallRule, type RunCommand } from './firewall';
import type { FirewallResult } from '@common/desktop';
import type { FoundForum } from '@common/lan';
import { mdnsSelfTest } from './lan-forums';

export interface LauncherModelDeps {
  version: string;
  defaultDataDir: string;
  servers: ServersStore;
  settings: SettingsStore;
  hosting: Hosting;
  router: WindowRouter;
  networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** For the network doctor (default: this machine's). */
  platform?: string;
  osRelease?: string;
  /**
   * Runs a program (no shell): the doctor reads the firewall's rules with it, and adds the
   * Windows rule on consent. Absent: neither is done (tests, and where nothing is spawned).
   */
  runCommand?: RunCommand;
  /** The Join list's forums now (the doctor checks our own announcement comes back). */
  foundForums?: () => FoundForum[];
}

/**
 * The host form's starting values from a saved forum: one saved before HTTPS existed keeps
 * plain HTTP (no silent switch of the scheme its people use).
 */
export function hostDefaultsOf(host: HostConfig): LauncherState['hostDefaults'] {
  return { ...host, https: host.https ?? false, httpPort: host.httpPort ?? null };
}

export class LauncherModel {
  private notices: string[] = [];

  constructor(private readonly deps: LauncherModelDeps) {
    this.notices.push(...deps.servers.warnings, ...deps.settings.warnings);
    deps.hosting.onStatus((status) => {
      deps.router.showHostStatus(status);
      // The hosted forum is gone for good: leave its dead page for the error screen.
      const hosted = deps.hosting.hostedId();
      if (status.state === 'failed' && hosted !== null && deps.router.shownServerId() === hosted) {
        void deps.router.showLauncher();
      }
    });
  }

  /** Reopens the last forum (if the setting says so), else shows the launcher. */
  startup(hidden: boolean): Promise<void> {
    return this.deps.router.startUp(hidden, async () => {
      const last = this.deps.servers.last();
      if (last && this.deps.settings.get().openLastOnStart) {
        const result = await this.openSaved(last);
        if (result.ok) return;
        this.notices.push(`Could not reopen "${last.name}": ${result.message}`);
      }
      await this.deps.router.showLauncher();
    });
  }

  /** Tells the user something: on the launcher now if it shows, else the next time it does. */
  notice(text: string): void {
    if (!this.deps.router.launcherNotice(text)) this.notices.push(text);
  }

  /** The host form's starting values: the last hosted forum's, or a new forum's. */
  private hostDefaults(): LauncherState['hostDefaults'] {
    const lastHosted = this.deps.servers.list().find((s) => s.kind === 'hosted');
    return lastHosted?.kind === 'hosted'
      ? hostDefaultsOf(lastHosted.host)
      : {
          forumName: 'Our forum',
          port: DEFAULT_PORT,
          dataDir: this.deps.defaultDataDir,
          lanVisible: null,
          // New forums: HTTPS (browsers get notifications, the app pins the certificate).
          https: true,
        };
  }

  state(): LauncherState {
    const servers = this.deps.servers.list();
    const state: LauncherState = {
      version: this.deps.version,
      servers: servers.map((s) => ({
        id: s.id,
        kind: s.kind,
        name: s.name,
        detail:
          s.kind === 'joined'
            ? s.url
            : `This computer · port ${s.host.port} · ${s.host.lanVisible ? 'everyone on the network' : 'only this computer'}`,
        lastUsedAt: s.lastUsedAt,
      })),
      hostDefaults: this.hostDefaults(),
      hostStatus: this.deps.hosting.status(),
      lanIps: lanIps(this.deps.networkInterfaces()),
      notices: [...this.notices],
      ...(this.platform() === 'win32' && this.deps.runCommand ? { canAddFirewallRule: true } : {}),
    };
    this.notices = [];
    return state;
  }

  async host(request: HostRequest): Promise<HostResult> {
    const { https, httpPort, ...rest } = request;
    const config: HostConfig = {
      ...rest,
      forumName: request.forumName.trim(),
      ...(https ? { https: true, httpPort: httpPort ?? null } : {}),
    };
    const result = await this.deps.hosting.start(config);
    if (!result.ok) return result;
    const saved = this.deps.servers.touch({ kind: 'hosted', name: config.forumName, host: config });
    // A new forum opens on its setup page, token included: "Host a forum" leads into setup.
    await this.deps.router.showForum(result.url, saved.id, this.deps.hosting.setupRoute());
    return result;
  }

  async join(address: string): Promise<ConnectionTestResult> {
    const target = normalizeServerAddress(address);
    // HTTPS: the saved forum's pin decides; none yet means the trust prompt (TOFU).
    const pinned = target.ok
      ? this.deps.servers.list().find((s) => s.id === `joined:${new URL(target.url).origin}`)
      : undefined;
    const result =
      target.ok && target.url.startsWith('https:')
        ? await testPinnedConnection(
            target.url,
            pinned?.kind === 'joined' && pinned.fingerprint ? [pinned.fingerprint] : [],
            pinned?.name,
          )
        : await testConnection(address);
    if (!result.ok) return result;
    const saved = this.deps.servers.touch({
      kind: 'joined',
      name: result.info.name,
      url: result.url,
    });
    await this.deps.router.showForum(result.url, saved.id);
    return result;
  }

  /**
   * The trust prompt's "Trust", or an invite that carried the fingerprint: joins only if the
   * forum presents exactly that certificate, and pins it for next time.
   */
  async trustAndJoin(url: string, fingerprint: string): Promise<ConnectionTestResult> {
    const result = await testPinnedConnection(url, [fingerprint]);
    if (!result.ok) return result;
    const saved = this.deps.servers.touch({
      kind: 'joined',
      name: result.info.name,
      url: result.url,
      fingerprint,
    });
    await this.deps.router.showForum(result.url, saved.id);
    return result;
  }

  /** The network doctor for the forum hosted here (or the last host settings). */
  async diagnose(): Promise<DoctorFinding[]> {
    const status = this.deps.hosting.status();
    const defaults = this.hostDefaults();
    const lanVisible =
      status.state === 'running' ? status.lanVisible : (defaults.lanVisible ?? true);
    const port = status.state === 'running' ? Number(new URL(status.url).port) : defaults.port;
    const portFree =
      status.state === 'running'
        ? null
        : (await this.deps.hosting.checkPort(port, lanVisible)).free;
    return diagnose({
      platform: this.platform(),
      osRelease: this.deps.osRelease ?? '',
      interfaces: this.deps.networkInterfaces() as Record<string, NetworkInterfaceInfo[]>,
      port,
      ports: this.forumPorts(),
      lanVisible,
      portFree,
      ...(await this.firewallFacts()),
      mdnsSelfTest:
        status.state === 'running' && status.lanVisible && this.deps.foundForums
          ? mdnsSelfTest(
              this.deps.foundForums(),
              lanIps(this.deps.networkInterfaces()),
              port,
              this.deps.hosting.runningForMs(),
            )
          : null,
    });
  }

  private platform(): string {
    return this.deps.platform ?? process.platform;
  }

  /** What the OS firewall says, for the doctor (Windows: its inbound rules; Linux: ufw). */
  private async firewallFacts(): Promise<{
    windowsFirewallRules?: string | null;
    ufwStatus?: string | null;
  }> {
    const run = this.deps.runCommand;
    if (!run) return {};
    const read = async (file: string, args: string[]) => {
      const r = await run(file, args);
      return r.code === 0 ? r.stdout : null;
    };
    if (this.platform() === 'win32') {
      return {
        windowsFirewallRules: await read('netsh', [
          'advfirewall',
          'firewall',
          'show',
          'rule',
          'name=all',
          'dir=in',
        ]),
      };
    }
    // Without root ufw only says so (exit 1): then nothing is concluded.
    if (this.platform() === 'linux') return { ufwStatus: await read('ufw', ['status']) };
    return {};
  }

  /** The doctor's "Add the rule": the hosted forum's ports (HTTPS and plain), elevated. */
  async addFirewallRule(): Promise<FirewallResult> {
    const run = this.deps.runCommand;
    if (!run) return { kind: 'unsupported' };
    return addFirewallRule(this.platform(), this.forumPorts(), run);
  }

  /** The ports people connect to: the running forum's, else the host form's. */
  private forumPorts(): number[] {
    const served = this.deps.hosting.servedPorts();
    if (served.length > 0) return served;
    const defaults = this.hostDefaults();
    return defaults.https && defaults.httpPort
      ? [defaults.port, defaults.httpPort]
      : [defaults.port];
  }

  async open(id: string): Promise<OpenResult> {
    const saved = this.deps.servers.list().find((s) => s.id === id);
    if (!saved) return { ok: false, message: 'That forum is no longer in the list.' };
    return this.openSaved(saved);
  }

  private async openSaved(saved: SavedServer): Promise<OpenResult> {
    const result =
      saved.kind === 'hosted' ? await this.host(saved.host) : await this.join(saved.url);
    return result.ok ? { ok: true } : { ok: false, message: result.message };
  }

  remove(id: string): void {
    this.deps.servers.remove(id);
  }

  /** Tray "Stop hosting": the server stops, and a window showing it goes to the launcher. */
  async stopHosting(): Promise<void> {
    const hosted = this.deps.hosting.hostedId();
    const wasShowingHosted = hosted !== null && this.deps.router.shownServerId() === hosted;
    await this.deps.hosting.stop();
    if (wasShowingHosted) await this.deps.router.showLauncher();
  }
}
