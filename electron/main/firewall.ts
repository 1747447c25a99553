/**
 * The network doctor's "add it on consent" (Windows): the inbound firewall rule for the
 * forum's ports, run elevated after the person pressed the button that shows the exact
 * command. The command and the reading of its result are pure functions; the process runner
 * is injected (main passes one that spawns PowerShell; tests pass recorded results).
 */
import type { FirewallResult } from '@common/desktop';
import { firewallRuleArgs, firewallRuleCommand } from '@common/firewall-rule';

export { firewallRuleArgs, firewallRuleCommand, firewallRuleName } from '@common/firewall-rule';

/** What running a program reported. */
export interface RunOutcome {
  /** Exit code; null when it could not be started (then `error` says why). */
  code: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

export type RunCommand = (file: string, args: readonly string[]) => Promise<RunOutcome>;

/** A PowerShell single-quoted string ('' escapes a quote). */
const psQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * How to run it elevated: PowerShell's Start-Process -Verb RunAs shows the UAC prompt, waits,
 * and passes netsh's exit code on. A refused prompt makes Start-Process throw, which the
 * script reports as exit code 1223 (ERROR_CANCELLED) so it is told apart from a netsh error.
 */
export function elevatedInvocation(ports: readonly number[]): { file: string; args: string[] } {
  const netshArgs = firewallRuleArgs(ports)
    .map((a) => (a.includes(' ') ? a.replace(/=(.*)$/, '="$1"') : a))
    .join(' ');
  const script = [
    'try {',
    `  $p = Start-Process -FilePath 'netsh.exe' -ArgumentList ${psQuote(netshArgs)} -Verb RunAs -Wait -PassThru -WindowStyle Hidden -ErrorAction Stop`,
    '  exit $p.ExitCode',
    '} catch {',
    '  [Console]::Error.WriteLine($_.Exception.Message)',
    "  if ($_.Exception.Message -match 'cancel') { exit 1223 } else { exit 1 }",
    '}',
  ].join('\n');
  return {
    file: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script],
  };
}

/** What the person is told: added, refused (the prompt was declined), or failed and why. */
export function readFirewallOutcome(command: string, outcome: RunOutcome): FirewallResult {
  if (outcome.code === 0) return { kind: 'added', command };
  if (outcome.code === 1223) return { kind: 'refused', command };
  const said = [outcome.error, outcome.stderr, outcome.stdout]
    .map((t) => (t ?? '').trim())
    .find((t) => t !== '');
  return {
    kind: 'failed',
    command,
    message:
      outcome.code === null
        ? `Windows could not start PowerShell${said ? `: ${said}` : '.'}`
        : `netsh stopped with code ${outcome.code}${said ? `: ${said}` : '.'}`,
  };
}

/** Adds the rule elevated; only on Windows (elsewhere the button is not shown). */
export async function addFirewallRule(
  platform: string,
  ports: readonly number[],
  run: RunCommand,
): Promise<FirewallResult> {
  if (platform !== 'win32') return { kind: 'unsupported' };
  const command = firewallRuleCommand(ports);
  const { file, args } = elevatedInvocation(ports);
  return readFirewallOutcome(command, await run(file, args));
}
