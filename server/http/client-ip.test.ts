import { describe, expect, it } from 'vitest';
import { ipv6Groups, rateLimitKey } from './client-ip';

describe('ipv6Groups', () => {
  it('expands every spelling of an address to its eight groups', () => {
    expect(ipv6Groups('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('fe80::1%eth0')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('1:2:3:4:5:6:7::')).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
    expect(ipv6Groups('::ffff:192.0.2.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    expect(ipv6Groups('::192.0.2.1')).toEqual([0, 0, 0, 0, 0, 0, 0xc000, 0x0201]);
    expect(ipv6Groups('1:2:3:4:5:6:192.0.2.1')).toEqual([1, 2, 3, 4, 5, 6, 0xc000, 0x0201]);
    expect(ipv6Groups('1::6:192.0.2.1')).toEqual([1, 0, 0, 0, 0, 6, 0xc000, 0x0201]);
  });

  it('refuses what is not an IPv6 address', () => {
    for (const bad of ['192.0.2.1', 'unknown', '', '1:2:3', '::g', '1::2::3']) {
      expect(ipv6Groups(bad), bad).toBeNull();
    }
  });
});

describe('rateLimitKey', () => {
  it('counts IPv4 clients one address at a time', () => {
    expect(rateLimitKey('192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitKey('192.0.2.2')).toBe('192.0.2.2');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, however it is written', () => {
    expect(rateLimitKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitKey('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitKey('::ffff:c000:201')).toBe('192.0.2.1');
    expect(rateLimitKey('0:0:0:0:0:ffff:192.0.2.1')).toBe('192.0.2.1');
  });

  it('counts other IPv6 clients by their /64', () => {
    const key = rateLimitKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    // Every address in the /64, in any spelling, shares the bucket…
    for (const same of [
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0db8:0001:0002:a:b:c:d',
      '2001:DB8:1:2:0:0:0:1',
      '2001:db8:1:2::1%eth0',
    ]) {
      expect(rateLimitKey(same), same).toBe(key);
    }
    // …and the next /64 over does not.
    expect(rateLimitKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('keeps anything else as it is', () => {
    expect(rateLimitKey('unknown')).toBe('unknown');
  });
});
