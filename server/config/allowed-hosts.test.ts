import { describe, expect, it } from 'vitest';
import { HostAllowlist, hostNameOf, normalizeAllowedHost, splitHostList } from './allowed-hosts';

describe('hostNameOf', () => {
  it.each([
    ['Forum.LAN.:4000', 'forum.lan'],
    ['[::1]:4000', '::1'],
    ['[fe80::1]', 'fe80::1'],
    ['192.168.1.20:4000', '192.168.1.20'],
    ['my_box', 'my_box'],
  ])('%s → %s', (header, name) => {
    expect(hostNameOf(header)).toBe(name);
  });

  it.each(['', 'a b', 'x..y', '[::1', '[nothost]:80', 'a/b', `${'a'.repeat(64)}.lan`, '-a.lan'])(
    'refuses %j',
    (header) => {
      expect(hostNameOf(header)).toBeNull();
    },
  );
});

describe('HostAllowlist', () => {
  let machine = 'Desk-7.home.arpa';
  const list = new HostAllowlist(['forum.example.com'], '0.0.0.0', () => machine);

  it('allows IP literals, localhost names, the configured names and this machine’s names', () => {
    for (const host of [
      '127.0.0.1:4000',
      '10.0.0.7',
      '[::1]:4000',
      'localhost:4000',
      'hearth.localhost',
      'forum.example.com:443',
      'desk-7.home.arpa:4000',
      'desk-7',
      'desk-7.local:4000',
      'desk-7.lan',
      'desk-7.fritz.box:4000',
      undefined,
    ]) {
      expect(list.allows(host), String(host)).toBe(true);
    }
  });

  it('refuses other names, and follows a machine rename', () => {
    expect(list.allows('rebind.attacker.example:4000')).toBe(false);
    expect(list.allows('desk-8.local')).toBe(false);
    expect(list.allows('desk-7.attacker.example')).toBe(false);
    machine = 'desk-8';
    expect(list.allows('desk-8.local')).toBe(true);
    expect(list.allows('desk-7.local')).toBe(false);
  });

  it('allows the name it was bound to, and knows which names an admin configured', () => {
    const bound = new HostAllowlist([], 'hearth.lan', () => '');
    expect(bound.allows('hearth.lan:4000')).toBe(true);
    expect(bound.isConfigured('hearth.lan')).toBe(false);
    expect(list.isConfigured('FORUM.example.com:8443')).toBe(true);
    expect(list.isConfigured('127.0.0.1')).toBe(false);
  });
});

describe('normalizeAllowedHost and splitHostList', () => {
  it('accepts a name, a name with port, or an origin URL', () => {
    expect(normalizeAllowedHost(' Forum.Example.com ')).toBe('forum.example.com');
    expect(normalizeAllowedHost('forum.example.com:8443')).toBe('forum.example.com');
    expect(normalizeAllowedHost('https://forum.example.com/')).toBe('forum.example.com');
  });

  it('refuses what is not just a name', () => {
    for (const bad of ['', 'https://u:p@x.example/', 'https://x.example/path', 'http://', 'a b']) {
      expect(normalizeAllowedHost(bad), bad).toBeNull();
    }
  });

  it('splits comma lists and drops blanks', () => {
    expect(splitHostList(' a.lan, ,b.lan ,')).toEqual(['a.lan', 'b.lan']);
  });
});
