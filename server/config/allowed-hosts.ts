import { isIP } from 'node:net';
import { hostname as osHostname } from 'node:os';

/**
 * The names this server answers to, checked against every request's `Host` header (HTTP and
 * the WebSocket upgrade). It defeats DNS rebinding: a site whose name an attacker re-points
 * at 127.0.0.1 or a LAN address reaches the server with its own name as `Host` (and as
 * `Origin`), so an Origin check alone would take it for the forum's own page.
 *
 * Allowed:
 * - every IP literal (`127.0.0.1`, `[::1]`, `192.168.1.20`…). A browser sends an IP as
 *   `Host` only when it connected to that IP and the page's origin is that IP: rebinding
 *   needs a name. This also keeps NAT, port forwarding and container setups working;
 * - `localhost` and `*.localhost` (browsers resolve them to loopback themselves);
 * - this machine's name (`os.hostname()`, re-read when it changes), its first label, and
 *   `<first label>.local` (mDNS) and `<first label>` under the suffixes home routers hand
 *   out (`.lan`, `.home`, `.fritz.box`… see LAN_SUFFIXES). None of these can be registered
 *   on the public internet, so an attacker's page cannot carry such a name;
 * - the name the server was told to listen on, if it is a name;
 * - the names an admin configured (`allowedHosts`, `HEARTH_ALLOWED_HOSTS`, `--allowed-host`):
 *   a DNS name set up for the forum, or the name a reverse proxy forwards.
 * The port is not compared: a proxy or port mapping may change it, and rebinding cannot
 * fake the name part.
 */
export class HostAllowlist {
  private readonly fixed: ReadonlySet<string>;
  private machineName = '';
  private machineNames: ReadonlySet<string> = new Set();
  /**
   * `Host` headers seen naming an IP literal or localhost: allowed whatever the machine's
   * name, so remembered (a reconnect storm sends one header thousands of times). Bounded.
   */
  private readonly literalHeaders = new Set<string>();

  constructor(
    /** Normalised configured names (see `normalizeAllowedHost`). */
    readonly configured: readonly string[],
    boundHost: string,
    private readonly readHostname: () => string = osHostname,
  ) {
    const bound = hostNameOf(boundHost);
    this.fixed = new Set([...configured, ...(bound !== null && isIP(bound) === 0 ? [bound] : [])]);
  }

  /** Whether a `Host` header names this server. No header (HTTP/1.0) names nothing else. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined || hostHeader === '') return true;
    if (this.literalHeaders.has(hostHeader)) return true;
    const name = hostNameOf(hostHeader);
    if (name === null) return false;
    if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) {
      if (this.literalHeaders.size < LITERAL_HEADERS_MAX) this.literalHeaders.add(hostHeader);
      return true;
    }
    if (this.fixed.has(name)) return true;
    return this.currentMachineNames().has(name);
  }

  /** Whether the header's name is one an admin configured (a DNS name or a proxy's name). */
  isConfigured(hostHeader: string | undefined): boolean {
    const name = hostHeader ? hostNameOf(hostHeader) : null;
    return name !== null && this.configured.includes(name);
  }

  private currentMachineNames(): ReadonlySet<string> {
    let current = '';
    try {
      current = this.readHostname().toLowerCase();
    } catch {
      // No name available: only the other rules apply.
    }
    if (current !== this.machineName) {
      this.machineName = current;
      const first = current.split('.')[0] ?? '';
      this.machineNames = new Set(
        current === ''
          ? []
          : [current, first, ...LAN_SUFFIXES.map((suffix) => `${first}.${suffix}`)].map(
              stripTrailingDot,
            ),
      );
    }
    return this.machineNames;
  }
}

/** How many IP-literal `Host` headers `allows` remembers (a LAN's worth of addresses). */
const LITERAL_HEADERS_MAX = 256;

/** Local-only DNS suffixes: mDNS, RFC 8375, and the ones common home routers use. */
const LAN_SUFFIXES = ['local', 'lan', 'home', 'home.arpa', 'internal', 'localdomain', 'fritz.box'];

const stripTrailingDot = (s: string): string => (s.endsWith('.') ? s.slice(0, -1) : s);

/** Labels of letters, digits, `-` and `_` (some LAN names use it), dot-separated. */
const NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * The name part of a `Host` header, lowercase, without port, brackets or a final dot:
 * `Forum.LAN.:4000` → `forum.lan`, `[::1]:4000` → `::1`. Null when it is neither a host
 * name nor an IP address.
 */
export function hostNameOf(hostHeader: string): string | null {
  let name = hostHeader.trim().toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    if (end < 0 || !/^(:\d{1,5})?$/.test(name.slice(end + 1))) return null;
    name = name.slice(1, end);
    return isIP(name) === 6 ? name : null;
  }
  if (isIP(name) === 6) return name; // unbracketed IPv6 (not valid in Host, but not a name)
  const port = /:\d{1,5}$/.exec(name);
  if (port) name = name.slice(0, port.index);
  name = stripTrailingDot(name);
  if (isIP(name) !== 0) return name;
  return NAME.test(name) ? name : null;
}

/**
 * An admin's entry for `allowedHosts`: `forum.example.com`, `forum.example.com:8443` or
 * `https://forum.example.com/` all mean the name `forum.example.com`. Null if it is no name.
 */
export function normalizeAllowedHost(entry: string): string | null {
  const text = entry.trim();
  if (text === '') return null;
  let host = text;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) {
        return null;
      }
      host = url.host;
    } catch {
      return null;
    }
  }
  return hostNameOf(host);
}

/** `a.example, b.example` (the environment variable and repeated CLI flags) → entries. */
export function splitHostList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Who may talk to this server from a browser: the extra origins an embedder allowed (besides
 * the server's own) and the host names it answers to. `http/same-origin.ts` applies it to
 * REST writes and to the WebSocket handshake.
 */
export interface OriginPolicy {
  readonly origins: readonly string[];
  readonly hosts: HostAllowlist;
}
