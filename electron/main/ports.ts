/** Port checks for "Host a forum", and the addresses a host shares with the LAN. */
import { createServer } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

export const LAN_HOST = '0.0.0.0';
export const LOCAL_HOST = '127.0.0.1';

/** True when `port` can be bound on `host` right now (the check the server itself will face). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => {
      probe.close(() => resolve(true));
    });
  });
}

/** The first free port from `start` on, or null if the next `tries` ports are all taken. */
export async function findFreePort(
  host: string,
  start: number,
  tries = 50,
): Promise<number | null> {
  for (let port = start; port < Math.min(65536, start + tries); port++) {
    if (await isPortFree(host, port)) return port;
  }
  return null;
}

/**
 * This computer's addresses on the network: every non-internal IPv4 address. Link-local
 * (169.254.x) addresses come last because they rarely work across machines.
 */
export function lanIps(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const ips: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal && !ips.includes(info.address)) {
        ips.push(info.address);
      }
    }
  }
  const linkLocal = (ip: string) => ip.startsWith('169.254.');
  return ips.sort((a, b) => Number(linkLocal(a)) - Number(linkLocal(b)));
}

/** The URLs others on the network can open. */
export function lanAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  port: number,
): string[] {
  return lanIps(interfaces).map((ip) => `http://${ip}:${port}`);
}

/** What to share: LAN addresses when visible to the network, else the loopback address. */
export function shareAddresses(
  lanVisible: boolean,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  scheme: 'http' | 'https' = 'http',
): string[] {
  const list = lanVisible ? lanAddresses(interfaces, port) : [`http://${LOCAL_HOST}:${port}`];
  return list.map((u) => u.replace(/^http:/, `${scheme}:`));
}
