import { describe, expect, it } from 'vitest';
import { diagnose, type DoctorInput } from './network-doctor';

/** Recorded from real machines (trimmed to the relevant interfaces). */
const IFACES = {
  wifi: {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    wlp2s0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false },
      { address: 'fe80::1c2a:3bff:fe4d:5e6f', family: 'IPv6', internal: false },
    ],
    docker0: [{ address: '172.17.0.1', family: 'IPv4', internal: false }],
  },
  vpnOnly: {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    tailscale0: [{ address: '100.101.102.103', family: 'IPv4', internal: false }],
    wg0: [{ address: '10.8.0.2', family: 'IPv4', internal: false }],
  },
  offline: {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    'Ethernet 2': [{ address: '169.254.12.7', family: 'IPv4', internal: false }],
  },
};

const NETSH_WITH_RULE = `
Rule Name:                            Hearth forum (TCP 4000)
----------------------------------------------------------------------
Enabled:                              Yes
Direction:                            In
Profiles:                             Private
Grouping:
LocalIP:                              Any
RemoteIP:                             Any
Protocol:                             TCP
LocalPort:                            4000
RemotePort:                           Any
Edge traversal:                       No
Action:                               Allow

Rule Name:                            Block old thing
----------------------------------------------------------------------
Enabled:                              Yes
Direction:                            In
Protocol:                             TCP
LocalPort:                            3000-3999
Action:                               Block
Ok.
`;
const NETSH_OTHER_ONLY = NETSH_WITH_RULE.replace(
  'LocalPort:                            4000',
  'LocalPort:                            8080',
);

const UFW_ACTIVE = `Status: active

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW       Anywhere
22/tcp (v6)                ALLOW       Anywhere (v6)
`;
const UFW_ALLOWS = `${UFW_ACTIVE}4000/tcp                   ALLOW       Anywhere\n`;

const base: DoctorInput = {
  platform: 'linux',
  osRelease: '6.8.0-45-generic',
  interfaces: IFACES.wifi,
  port: 4000,
  lanVisible: true,
  portFree: true,
  ufwStatus: null,
  mdnsSelfTest: 'seen',
};
const ids = (input: Partial<DoctorInput>) => diagnose({ ...base, ...input }).map((f) => f.id);

describe('the network doctor', () => {
  it('finds nothing wrong on a plain Wi-Fi host and says where others reach it (not docker)', () => {
    const [ok] = diagnose(base);
    expect(ok?.id).toBe('ok');
    expect(ok?.detail).toContain('192.168.1.20:4000');
    expect(ok?.detail).not.toContain('172.17.0.1');
  });

  it('no LAN interface, or only a VPN', () => {
    expect(ids({ interfaces: IFACES.offline })).toEqual(['no-lan']);
    const vpn = diagnose({ ...base, interfaces: IFACES.vpnOnly });
    expect(vpn.map((f) => f.id)).toEqual(['only-vpn']);
    expect(vpn[0]?.detail).toContain('100.101.102.103');
  });

  it('"Only this computer" and a taken port', () => {
    expect(ids({ lanVisible: false, portFree: false })).toEqual(['local-only', 'port-taken']);
  });

  it('Windows Firewall: the exact rule to add unless one allows the port', () => {
    expect(
      ids({ platform: 'win32', osRelease: '10.0.22631', windowsFirewallRules: NETSH_WITH_RULE }),
    ).toEqual(['ok']);
    const missing = diagnose({
      ...base,
      platform: 'win32',
      osRelease: '10.0.22631',
      windowsFirewallRules: NETSH_OTHER_ONLY,
    });
    expect(missing[0]).toMatchObject({
      id: 'windows-firewall',
      command:
        'netsh advfirewall firewall add rule name="Hearth forum (TCP 4000)" dir=in action=allow protocol=TCP localport=4000 profile=private',
    });
    // A range covering the port counts only when it allows.
    expect(ids({ platform: 'win32', port: 3500, windowsFirewallRules: NETSH_WITH_RULE })).toContain(
      'windows-firewall',
    );
  });

  it('Windows Firewall with the plain port for old devices: the rule covers both ports', () => {
    const both = { platform: 'win32', osRelease: '10.0.22631', ports: [4000, 4001] } as const;
    // Only 4000 is allowed: the rule to add (the one the app runs on consent) has both.
    expect(diagnose({ ...base, ...both, windowsFirewallRules: NETSH_WITH_RULE })[0]).toMatchObject({
      id: 'windows-firewall',
      detail: expect.stringContaining('TCP ports 4000 and 4001'),
      command:
        'netsh advfirewall firewall add rule name="Hearth forum (TCP 4000, 4001)" dir=in action=allow protocol=TCP localport=4000,4001 profile=private',
    });
    const allowsBoth = NETSH_WITH_RULE.replace(
      'LocalPort:                            4000',
      'LocalPort:                            4000,4001',
    );
    expect(ids({ ...both, windowsFirewallRules: allowsBoth })).toEqual(['ok']);
  });

  it('ufw active without a rule for the port', () => {
    expect(ids({ ufwStatus: UFW_ACTIVE })).toEqual(['ufw']);
    expect(ids({ ufwStatus: UFW_ALLOWS })).toEqual(['ok']);
    expect(ids({ ufwStatus: 'Status: inactive\n' })).toEqual(['ok']);
  });

  it('macOS Local Network permission from macOS 15 on, and multicast blocked', () => {
    expect(ids({ platform: 'darwin', osRelease: '24.1.0' })).toEqual(['macos-local-network']);
    expect(ids({ platform: 'darwin', osRelease: '23.6.0' })).toEqual(['ok']);
    const m = diagnose({ ...base, mdnsSelfTest: 'not-seen' });
    expect(m.map((f) => f.id)).toEqual(['multicast-blocked']);
    expect(m[0]?.detail).toMatch(/QR code/);
  });
});
