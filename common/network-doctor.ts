/**
 * The network doctor: when nobody can reach a hosted forum, say why and what to do. Each
 * check is a pure function of what the OS reported (interfaces, a firewall tool's output,
 * a port probe, an mDNS self-test), so network-doctor.test.ts runs them on recorded inputs;
 * the desktop app gathers the reports and the launcher shows the findings.
 */

import { firewallRuleCommand } from './firewall-rule';

/** One interface address, as `os.networkInterfaces()` reports it. */
export interface InterfaceAddress {
  address: string;
  family: 'IPv4' | 'IPv6' | string;
  internal: boolean;
}

export interface DoctorInput {
  platform: 'win32' | 'darwin' | 'linux' | string;
  /** `os.release()`: the macOS version decides whether Local Network permission exists. */
  osRelease: string;
  interfaces: Record<string, InterfaceAddress[] | undefined>;
  port: number;
  /** Every port people connect to (HTTPS and the plain one for old devices); default [port]. */
  ports?: readonly number[];
  /** The host listens on every interface (LAN visible) or loopback only. */
  lanVisible: boolean;
  /** Whether the port could be bound (null: not checked, e.g. the forum is running). */
  portFree: boolean | null;
  /** Windows: `netsh advfirewall firewall show rule name=all dir=in` output; null if not run. */
  windowsFirewallRules?: string | null;
  /** Linux: `ufw status` output; null when ufw is not installed or not run. */
  ufwStatus?: string | null;
  /** Did our own mDNS announcement come back to a browser on this machine? */
  mdnsSelfTest?: 'seen' | 'not-seen' | 'error' | null;
}

export interface DoctorFinding {
  id:
    | 'no-lan'
    | 'only-vpn'
    | 'local-only'
    | 'port-taken'
    | 'windows-firewall'
    | 'ufw'
    | 'macos-local-network'
    | 'multicast-blocked'
    | 'ok';
  severity: 'problem' | 'warning' | 'ok';
  title: string;
  detail: string;
  /** A command to run (shown with a copy button; on Windows the app can run it on consent). */
  command?: string;
}

const VPN_NAME = /^(tun|tap|utun|wg|ppp|ipsec|zt|tailscale|nordlynx|proton)|wireguard|openvpn|vpn/i;
const VIRTUAL_NAME = /^(docker|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|cni|flannel|podman)/i;

/** 100.64.0.0/10: carrier-grade NAT, which overlay VPNs such as Tailscale use. */
function isCgnat(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return a === 100 && b !== undefined && b >= 64 && b <= 127;
}

/** The LAN IPv4 addresses, with the VPN and virtual ones told apart. */
export function classifyInterfaces(interfaces: DoctorInput['interfaces']): {
  lan: string[];
  vpn: string[];
} {
  const lan: string[] = [];
  const vpn: string[] = [];
  for (const [name, list] of Object.entries(interfaces)) {
    for (const i of list ?? []) {
      if (i.family !== 'IPv4' || i.internal || i.address.startsWith('169.254.')) continue;
      if (VPN_NAME.test(name) || isCgnat(i.address)) vpn.push(i.address);
      else if (!VIRTUAL_NAME.test(name)) lan.push(i.address);
    }
  }
  return { lan, vpn };
}

/** Whether `netsh … show rule` output holds an enabled inbound allow rule for the TCP port. */
export function windowsFirewallAllows(output: string, port: number): boolean {
  // Rules are blocks separated by blank lines, "Field:   value" per line (English locale;
  // other locales fall back to "not found", which only costs a suggestion).
  return output.split(/\r?\n\s*\r?\n/).some((block) => {
    const field = (name: string) =>
      new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(block)?.[1]?.trim().toLowerCase() ?? '';
    if (field('Enabled') !== 'yes' || field('Direction') !== 'in' || field('Action') !== 'allow')
      return false;
    const protocol = field('Protocol');
    if (protocol !== 'tcp' && protocol !== 'any') return false;
    const ports = field('LocalPort');
    if (ports === 'any') return true;
    return ports.split(',').some((p) => {
      const [lo, hi] = p.split('-').map((x) => Number(x.trim()));
      return lo !== undefined && (hi === undefined ? lo === port : port >= lo && port <= hi);
    });
  });
}

/** `ufw status`: active, and no rule lets the port in. */
export function ufwBlocks(output: string, port: number): boolean {
  if (!/^Status:\s*active/im.test(output)) return false;
  const allows = output
    .split(/\r?\n/)
    .filter((l) => /\bALLOW\b/.test(l))
    .some((l) => {
      const to = l.trim().split(/\s{2,}/)[0] ?? '';
      return (
        to === `${port}` || to === `${port}/tcp` || to.startsWith(`${port} `) || to === 'Anywhere'
      );
    });
  return !allows;
}

/** macOS 15 (Darwin 24) and later ask for Local Network permission. */
export function needsLocalNetworkPermission(platform: string, osRelease: string): boolean {
  return platform === 'darwin' && Number(osRelease.split('.')[0]) >= 24;
}

export function diagnose(input: DoctorInput): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  const { lan, vpn } = classifyInterfaces(input.interfaces);
  if (!input.lanVisible) {
    out.push({
      id: 'local-only',
      severity: 'problem',
      title: 'The forum is set to "Only this computer"',
      detail: 'Nobody else can connect. Host it again with "Everyone on my network".',
    });
  }
  if (lan.length === 0 && vpn.length === 0) {
    out.push({
      id: 'no-lan',
      severity: 'problem',
      title: 'This computer is not on a network',
      detail:
        'Connect to the Wi-Fi or plug in a network cable that the others use, then try again.',
    });
  } else if (lan.length === 0) {
    out.push({
      id: 'only-vpn',
      severity: 'problem',
      title: 'The only network is a VPN',
      detail: `Addresses ${vpn.join(', ')} belong to a VPN: people on your Wi-Fi or office network cannot reach them. Join the same local network as them (or turn the VPN off).`,
    });
  }
  if (input.portFree === false) {
    out.push({
      id: 'port-taken',
      severity: 'problem',
      title: `Port ${input.port} is taken by another program`,
      detail:
        'Pick another port in the host form (the launcher suggests a free one), or close the other program.',
    });
  }
  const ports = input.ports ?? [input.port];
  const rules = input.windowsFirewallRules;
  if (
    input.platform === 'win32' &&
    rules != null &&
    ports.some((p) => !windowsFirewallAllows(rules, p))
  ) {
    const list = ports.join(' and ');
    out.push({
      id: 'windows-firewall',
      severity: 'problem',
      title: 'Windows Firewall may block the forum',
      detail: `No inbound rule allows TCP port${ports.length > 1 ? 's' : ''} ${list}. Windows usually asks on first start; if it did not, add this rule (as administrator), for private networks only.`,
      command: firewallRuleCommand(ports),
    });
  }
  if (
    input.platform === 'linux' &&
    input.ufwStatus != null &&
    ufwBlocks(input.ufwStatus, input.port)
  ) {
    out.push({
      id: 'ufw',
      severity: 'problem',
      title: 'The firewall (ufw) blocks the forum’s port',
      detail: `ufw is active and nothing allows port ${input.port}. Allow it, and mDNS (UDP 5353) for discovery.`,
      command: `sudo ufw allow ${input.port}/tcp && sudo ufw allow 5353/udp`,
    });
  }
  if (needsLocalNetworkPermission(input.platform, input.osRelease)) {
    out.push({
      id: 'macos-local-network',
      severity: 'warning',
      title: 'macOS asks for Local Network access',
      detail:
        'If you answered "Don’t Allow", turn Hearth on in System Settings › Privacy & Security › Local Network.',
    });
  }
  if (input.mdnsSelfTest === 'not-seen' || input.mdnsSelfTest === 'error') {
    out.push({
      id: 'multicast-blocked',
      severity: 'warning',
      title: 'Discovery is off on this network',
      detail:
        'Multicast (mDNS) does not get through, so the forum will not show in others’ Join lists. Share the invite link or QR code instead.',
    });
  }
  if (out.length === 0) {
    out.push({
      id: 'ok',
      severity: 'ok',
      title: 'Nothing wrong found on this computer',
      detail: `Others should reach the forum at ${lan.map((a) => `${a}:${input.port}`).join(' or ')}. If they cannot, check that they are on the same network (guest Wi-Fi often keeps devices apart).`,
    });
  }
  return out;
}
