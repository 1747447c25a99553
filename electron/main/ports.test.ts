import { createServer, type AddressInfo } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { findFreePort, isPortFree, lanAddresses, shareAddresses } from './ports';

function listen(host: string, port = 0): Promise<ReturnType<typeof createServer>> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host, port, exclusive: true }, () => resolve(s));
  });
}
const close = (s: ReturnType<typeof createServer>) => new Promise((r) => s.close(r));

describe('port checks (real sockets)', () => {
  it('finds a busy port busy and offers the next free one', async () => {
    const busy = await listen('127.0.0.1');
    const port = (busy.address() as AddressInfo).port;
    try {
      expect(await isPortFree('127.0.0.1', port)).toBe(false);
      const next = await findFreePort('127.0.0.1', port);
      expect(next).not.toBeNull();
      expect(next).toBeGreaterThan(port);
      if (next !== null) expect(await isPortFree('127.0.0.1', next)).toBe(true);
    } finally {
      await close(busy);
    }
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });

  it('a port taken on loopback is busy for 0.0.0.0 too', async () => {
    const busy = await listen('127.0.0.1');
    const port = (busy.address() as AddressInfo).port;
    try {
      expect(await isPortFree('0.0.0.0', port)).toBe(false);
    } finally {
      await close(busy);
    }
  });
});

const iface = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  internal,
  family: 'IPv4',
  netmask: '255.255.255.0',
  mac: '00:00:00:00:00:00',
  cidr: `${address}/24`,
});

describe('addresses to share', () => {
  const interfaces = {
    lo: [iface('127.0.0.1', true)],
    eth0: [iface('192.168.1.20'), { ...iface('fe80::1'), family: 'IPv6' as const, scopeid: 1 }],
    wlan0: [iface('169.254.3.4'), iface('10.0.0.7')],
  };
  it('lists non-internal IPv4 addresses, link-local last', () => {
    expect(lanAddresses(interfaces, 4000)).toEqual([
      'http://192.168.1.20:4000',
      'http://10.0.0.7:4000',
      'http://169.254.3.4:4000',
    ]);
  });
  it('shares only loopback when the forum is for this computer only', () => {
    expect(shareAddresses(false, 4001, interfaces)).toEqual(['http://127.0.0.1:4001']);
    expect(shareAddresses(true, 4001, interfaces)).toHaveLength(3);
  });
});
