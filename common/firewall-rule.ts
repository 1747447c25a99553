/**
 * The Windows inbound firewall rule for the forum's ports (issue 14): built once, so the
 * network doctor shows exactly the command the desktop app runs on consent
 * (electron/main/firewall.ts).
 */

/** The rule's name: one per port set, so adding it twice replaces nothing silently. */
export function firewallRuleName(ports: readonly number[]): string {
  return `Hearth forum (TCP ${ports.join(', ')})`;
}

/** netsh's arguments for the rule: inbound TCP on the forum's ports, private networks only. */
export function firewallRuleArgs(ports: readonly number[]): string[] {
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`not a port: ${p}`);
  }
  return [
    'advfirewall',
    'firewall',
    'add',
    'rule',
    `name=${firewallRuleName(ports)}`,
    'dir=in',
    'action=allow',
    'protocol=TCP',
    `localport=${ports.join(',')}`,
    'profile=private',
  ];
}

/** The command as the person sees it (and could paste into an administrator prompt). */
export function firewallRuleCommand(ports: readonly number[]): string {
  return `netsh ${firewallRuleArgs(ports)
    .map((a) => (a.includes(' ') ? a.replace(/=(.*)$/, '="$1"') : a))
    .join(' ')}`;
}
