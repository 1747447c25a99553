import { describe, expect, it } from 'vitest';
import {
  addFirewallRule,
  elevatedInvocation,
  firewallRuleArgs,
  firewallRuleCommand,
  readFirewallOutcome,
  type RunCommand,
  type RunOutcome,
} from './firewall';
import { diagnose } from '@common/network-doctor';

const DOCTOR_BASE = {
  platform: 'win32',
  osRelease: '10.0.22631',
  interfaces: { 'Wi-Fi': [{ address: '192.168.1.20', family: 'IPv4', internal: false }] },
  lanVisible: true,
  portFree: null,
  windowsFirewallRules: 'No rules match the specified criteria.\r\n',
};

/** Records what it was asked to run and answers with a recorded outcome. */
function recorded(outcome: RunOutcome) {
  const calls: { file: string; args: readonly string[] }[] = [];
  const run: RunCommand = async (file, args) => {
    calls.push({ file, args });
    return outcome;
  };
  return { run, calls };
}

describe('the Windows firewall rule, added on consent', () => {
  it('is the command the doctor shows, inbound TCP on private networks only', () => {
    expect(firewallRuleArgs([4000])).toEqual([
      'advfirewall',
      'firewall',
      'add',
      'rule',
      'name=Hearth forum (TCP 4000)',
      'dir=in',
      'action=allow',
      'protocol=TCP',
      'localport=4000',
      'profile=private',
    ]);
    const finding = diagnose({ ...DOCTOR_BASE, port: 4000 }).find(
      (f) => f.id === 'windows-firewall',
    );
    expect(firewallRuleCommand([4000])).toBe(finding?.command);
    // HTTPS with plain HTTP beside it: both ports in one rule.
    expect(firewallRuleCommand([4000, 4001])).toBe(
      'netsh advfirewall firewall add rule name="Hearth forum (TCP 4000, 4001)" dir=in action=allow protocol=TCP localport=4000,4001 profile=private',
    );
    expect(() => firewallRuleArgs([0])).toThrow(/not a port/);
    expect(() => firewallRuleArgs([4000.5])).toThrow(/not a port/);
  });

  it('runs elevated through PowerShell (UAC), with the netsh arguments quoted once', () => {
    const { file, args } = elevatedInvocation([4000]);
    expect(file).toBe('powershell.exe');
    expect(args.slice(0, 5)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-Command',
    ]);
    const script = args[5]!;
    expect(script).toContain(
      `Start-Process -FilePath 'netsh.exe' -ArgumentList 'advfirewall firewall add rule name="Hearth forum (TCP 4000)" dir=in action=allow protocol=TCP localport=4000 profile=private' -Verb RunAs -Wait -PassThru`,
    );
    expect(script).toContain('exit 1223');
  });

  it('reports success, a declined prompt, and a failure with its message (recorded outcomes)', async () => {
    const command = firewallRuleCommand([4000]);
    const ok = recorded({ code: 0, stdout: '', stderr: '' });
    expect(await addFirewallRule('win32', [4000], ok.run)).toEqual({ kind: 'added', command });
    expect(ok.calls).toHaveLength(1);
    expect(ok.calls[0]!.file).toBe('powershell.exe');

    const declined = recorded({
      code: 1223,
      stdout: '',
      stderr:
        'This command cannot be run due to the error: The operation was canceled by the user.\r\n',
    });
    expect(await addFirewallRule('win32', [4000], declined.run)).toEqual({
      kind: 'refused',
      command,
    });

    const failed = recorded({
      code: 1,
      stdout: 'The requested operation requires elevation (Run as administrator).\r\n',
      stderr: '',
    });
    expect(await addFirewallRule('win32', [4000], failed.run)).toEqual({
      kind: 'failed',
      command,
      message:
        'netsh stopped with code 1: The requested operation requires elevation (Run as administrator).',
    });
    expect(
      readFirewallOutcome(command, {
        code: null,
        stdout: '',
        stderr: '',
        error: 'spawn powershell.exe ENOENT',
      }),
    ).toEqual({
      kind: 'failed',
      command,
      message: 'Windows could not start PowerShell: spawn powershell.exe ENOENT',
    });
  });

  it('does nothing outside Windows', async () => {
    const never = recorded({ code: 0, stdout: '', stderr: '' });
    expect(await addFirewallRule('linux', [4000], never.run)).toEqual({ kind: 'unsupported' });
    expect(await addFirewallRule('darwin', [4000], never.run)).toEqual({ kind: 'unsupported' });
    expect(never.calls).toEqual([]);
  });
});
