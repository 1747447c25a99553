import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { invalidProxyEntry, TrustedProxies } from './trusted-proxies';

/** A request as the proxy logic sees it: a peer address, headers, TLS or not. */
function req(
  remoteAddress: string,
  headers: Record<string, string | string[]> = {},
  encrypted = false,
): IncomingMessage {
  return { socket: { remoteAddress, encrypted }, headers } as unknown as IncomingMessage;
}

describe('TrustedProxies', () => {
  it('matches addresses and CIDR ranges, IPv4 (also dual-stack mapped) and IPv6', () => {
    const p = new TrustedProxies(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', '::ffff:192.168.1.0/120']);
    expect(p.trusts('127.0.0.1')).toBe(true);
    expect(p.trusts('::ffff:127.0.0.1')).toBe(true);
    expect(p.trusts('127.0.0.2')).toBe(false);
    expect(p.trusts('10.255.1.2')).toBe(true);
    expect(p.trusts('11.0.0.1')).toBe(false);
    expect(p.trusts('fd12:3456::1')).toBe(true);
    expect(p.trusts('fe80::1')).toBe(false);
    expect(p.trusts('192.168.1.77')).toBe(true);
    expect(p.trusts('192.168.2.1')).toBe(false);
    expect(p.trusts('unknown')).toBe(false);
    expect(p.trusts(undefined)).toBe(false);
    expect(new TrustedProxies(['0.0.0.0/0']).trusts('203.0.113.9')).toBe(true);
    expect(new TrustedProxies(['10.1.2.0/23']).trusts('10.1.3.255')).toBe(true);
    expect(new TrustedProxies(['10.1.2.0/23']).trusts('10.1.4.0')).toBe(false);
  });

  it('refuses what is no address or range', () => {
    for (const bad of [
      'proxy.lan',
      '10.0.0.0/33',
      '10.0.0.0/',
      '::/129',
      'fe80::1%eth0',
      '1.2.3',
      '',
    ]) {
      expect(invalidProxyEntry(bad), bad).toMatch(/is not an IP address or CIDR range/);
    }
    for (const ok of ['127.0.0.1', ' 10.0.0.0/8 ', '::1', '2001:db8::/32', '0.0.0.0/0']) {
      expect(invalidProxyEntry(ok), ok).toBeNull();
    }
  });

  it('believes forwarded headers only from a trusted peer', () => {
    const p = new TrustedProxies(['127.0.0.1']);
    const headers = { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' };
    expect(p.resolve(req('127.0.0.1', headers))).toEqual({ address: '198.51.100.7', secure: true });
    expect(p.resolve(req('192.0.2.5', headers))).toEqual({ address: '192.0.2.5', secure: false });
    expect(new TrustedProxies([]).resolve(req('127.0.0.1', headers))).toEqual({
      address: '127.0.0.1',
      secure: false,
    });
    // A TLS connection of our own stays secure whatever a proxy says or does not say.
    expect(p.resolve(req('192.0.2.5', {}, true)).secure).toBe(true);
    expect(p.resolve(req('127.0.0.1', {})).secure).toBe(false);
  });

  it('walks X-Forwarded-For from the right, past trusted hops only', () => {
    const p = new TrustedProxies(['127.0.0.1', '10.0.0.0/8']);
    // The client forged "6.6.6.6"; our proxies appended the real address and their own.
    const xff = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2' };
    expect(p.resolve(req('127.0.0.1', xff)).address).toBe('198.51.100.7');
    // Every hop trusted: the leftmost is as far as we can see.
    expect(p.resolve(req('127.0.0.1', { 'x-forwarded-for': '10.0.0.9,10.0.0.2' })).address).toBe(
      '10.0.0.9',
    );
    // Repeated header lines count as one list.
    expect(
      p.resolve(req('127.0.0.1', { 'x-forwarded-for': ['6.6.6.6', '198.51.100.8'] })).address,
    ).toBe('198.51.100.8');
    // A malformed entry stops the walk at the hop that sent it.
    expect(p.resolve(req('127.0.0.1', { 'x-forwarded-for': '198.51.100.7, junk' })).address).toBe(
      '127.0.0.1',
    );
    expect(p.resolve(req('127.0.0.1', { 'x-forwarded-for': '' })).address).toBe('127.0.0.1');
    // The protocol is the leftmost value, as Express reads it.
    expect(p.resolve(req('127.0.0.1', { 'x-forwarded-proto': 'https, http' })).secure).toBe(true);
    expect(p.resolve(req('127.0.0.1', { 'x-forwarded-proto': 'http' })).secure).toBe(false);
  });
});
