/**
 * `window.desktop`: the narrow bridge the preload exposes in the desktop app only.
 * In a browser it is undefined and the UI falls back to Web Notifications.
 */
import type { ServerInfo } from './api';
import type { FoundForum } from './lan';
import type { DoctorFinding } from './network-doctor';

export interface DesktopNotification {
  title: string;
  body: string;
  /** Hash route to open on click, e.g. `#/chat/alice` or `#/post/42`. */
  route: string;
  /** One notification per conversation or post: a new one with the same tag replaces it. */
  tag: string;
}

export interface DesktopInfo {
  version: string;
  hosting: null | {
    /** Addresses to share, e.g. `http://192.168.1.20:4000`. */
    addresses: string[];
    lanVisible: boolean;
  };
}

/**
 * Something for the forum page to show in its own toast: a notification the OS could not
 * show (macOS refuses them from an unsigned app), or a one-time note saying why.
 */
export interface DesktopToast {
  title: string;
  body: string;
  /** Route for the toast's "Open" action, when it stands for an event. */
  route?: string;
  /** Same meaning as DesktopNotification.tag: a newer toast with the tag replaces it. */
  tag?: string;
}

/**
 * Each method's kind (invoke, send, event) and channel are in electron/ipc-contract.ts; a
 * method added here fails the build until it is added there and in main/ipc-schemas.ts.
 */
export interface DesktopBridge {
  notify(notification: DesktopNotification): void;
  setUnreadCount(count: number): void;
  /** Called when the user clicks an OS notification; returns an unsubscribe function. */
  onNavigate(callback: (route: string) => void): () => void;
  /**
   * In-page toasts from the app (see DesktopToast). Optional: an older app build has no
   * such event, and pages built before it do not subscribe.
   */
  onToast?(callback: (toast: DesktopToast) => void): () => void;
  getInfo(): Promise<DesktopInfo>;
  switchForum(): void;
}

declare global {
  interface Window {
    desktop?: DesktopBridge;
  }
}

// ---- The launcher page's own bridge (`window.launcher`), bundled with the app ----

/** "Test connection": why joining would fail, in words a person can act on. */
export type ConnectionTestResult =
  | { ok: true; url: string; info: ServerInfo }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'unreachable' | 'not-hearth'; url: string; message: string }
  /** A Hearth forum that refuses the name it was reached by (421, DNS-rebinding guard). */
  | { ok: false; reason: 'name-refused'; url: string; message: string }
  | { ok: false; reason: 'incompatible'; url: string; info: ServerInfo; message: string }
  /** HTTPS with a certificate not trusted yet: ask the person, showing its fingerprint (TOFU). */
  | { ok: false; reason: 'untrusted'; url: string; fingerprint: string; message: string }
  /** A saved forum presented another certificate than the pinned one: refused, explained. */
  | {
      ok: false;
      reason: 'certificate-changed';
      url: string;
      pinned: string;
      presented: string;
      message: string;
    };

/** A forum found on the LAN, as the launcher's Join list shows it. */
export interface FoundForumView extends FoundForum {
  /** The saved forum it is, if any (matched by address). */
  savedId: string | null;
}

export interface HostRequest {
  forumName: string;
  port: number;
  dataDir: string;
  /** true: everyone on my network (0.0.0.0); false: only this computer (127.0.0.1). */
  lanVisible: boolean;
  /**
   * HTTPS with a certificate the forum makes; false or absent: plain HTTP (a forum saved
   * before HTTPS existed keeps it). `hostDefaults` of a new forum say true; the host form
   * sends neither field for a plain-HTTP forum (exactly the request from before HTTPS).
   */
  https?: boolean;
  /** With https: "also serve HTTP for old devices" on this second port; null/absent: none. */
  httpPort?: number | null;
}

/** The embedded server, as the launcher and the tray show it. */
export type HostStatus =
  | { state: 'stopped' }
  | { state: 'starting' }
  | {
      state: 'running';
      url: string;
      addresses: string[];
      lanVisible: boolean;
      online: number | null;
      /** Served over HTTPS (the addresses say https://); absent: plain HTTP. */
      https?: true;
      /** Plain-HTTP addresses beside HTTPS, for old devices, when there are any. */
      plainAddresses?: string[];
    }
  | { state: 'restarting'; attempt: number; inMs: number; lastError: string }
  | { state: 'failed'; message: string; logPath: string }
  | { state: 'stopping' };

export interface SavedServerView {
  id: string;
  kind: 'hosted' | 'joined';
  name: string;
  /** The forum URL, or for a hosted forum its port and visibility. */
  detail: string;
  lastUsedAt: string;
}

export interface LauncherState {
  version: string;
  servers: SavedServerView[];
  /** The last hosting settings, or defaults; `lanVisible` is null until the user chooses. */
  hostDefaults: Omit<HostRequest, 'lanVisible'> & { lanVisible: boolean | null };
  hostStatus: HostStatus;
  /** This computer's network addresses (IPv4), to preview what "Everyone on my network" shares. */
  lanIps: string[];
  /** Things the user should know, e.g. a settings file that was reset or a forum that did not open. */
  notices: string[];
  /** Windows: the doctor may offer to add the firewall rule itself (absent elsewhere). */
  canAddFirewallRule?: boolean;
}

export type PortCheck = { free: true } | { free: false; suggestion: number | null };

export type HostResult =
  | { ok: true; url: string }
  | { ok: false; code: 'PORT_IN_USE'; message: string; suggestion: number | null }
  | { ok: false; code: 'INVALID' | 'FAILED'; message: string };

export type OpenResult = { ok: true } | { ok: false; message: string };

/** The network doctor's "Add the rule" (Windows): what running the command elevated gave. */
export type FirewallResult =
  | { kind: 'added'; command: string }
  /** The person declined the administrator prompt (UAC). */
  | { kind: 'refused'; command: string }
  | { kind: 'failed'; command: string; message: string }
  /** Not Windows: the button is not shown there. */
  | { kind: 'unsupported' };

export interface LauncherBridge {
  getState(): Promise<LauncherState>;
  checkPort(port: number, lanVisible: boolean): Promise<PortCheck>;
  /** Opens a folder picker; null when cancelled. */
  chooseDataDir(current: string): Promise<string | null>;
  host(request: HostRequest): Promise<HostResult>;
  testConnection(address: string): Promise<ConnectionTestResult>;
  /** Tests the address, then saves it and opens the forum when it passes. */
  join(address: string): Promise<ConnectionTestResult>;
  open(id: string): Promise<OpenResult>;
  remove(id: string): Promise<void>;
  /** Reveals the server log in the file manager (from the error screen). */
  showLog(): void;
  /** Copies to the clipboard; a failure arrives through onNotice. */
  copyText(text: string): void;
  onHostStatus(callback: (status: HostStatus) => void): () => void;
  /** Notices that arise while the launcher is open (see LauncherState.notices). */
  onNotice?(callback: (notice: string) => void): () => void;
  /** Forums announced on the LAN, the whole list on every change (issue 14). */
  onForumsFound?(callback: (forums: FoundForumView[]) => void): () => void;
  /** Pins the certificate the person checked, then joins (the trust prompt's "Trust"). */
  trustAndJoin?(url: string, fingerprint: string): Promise<ConnectionTestResult>;
  /** The network doctor's findings for the hosted forum (common/network-doctor.ts). */
  diagnose?(): Promise<DoctorFinding[]>;
  /**
   * Windows only, after the person pressed "Add the rule" under the command it shows: adds
   * the inbound rule for the forum's ports (main decides which), elevated.
   */
  addFirewallRule?(): Promise<FirewallResult>;
}

declare global {
  interface Window {
    launcher?: LauncherBridge;
  }
}
