import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanReach } from './lan-addresses';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

const interfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6')],
  wlan0: [nic('10.0.0.7', 'IPv4')],
};

describe('lanReach', () => {
  it('lists every non-internal IPv4 address when listening on all interfaces', () => {
    expect(lanReach(interfaces, '0.0.0.0', 4000)).toEqual({
      kind: 'urls',
      urls: ['http://192.168.1.20:4000', 'http://10.0.0.7:4000'],
    });
  });

  it('says when only this machine can connect', () => {
    expect(lanReach(interfaces, '127.0.0.1', 4000)).toEqual({ kind: 'local-only' });
    expect(lanReach(interfaces, 'localhost', 4000)).toEqual({ kind: 'local-only' });
  });

  it('gives the one address when bound to a specific one', () => {
    expect(lanReach(interfaces, '192.168.1.20', 80)).toEqual({
      kind: 'urls',
      urls: ['http://192.168.1.20:80'],
    });
  });

  it('notices a machine with no network', () => {
    expect(lanReach({ lo: interfaces.lo }, '0.0.0.0', 4000)).toEqual({ kind: 'no-network' });
  });
});
