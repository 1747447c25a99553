import { describe, expect, it } from 'vitest';
import { advertTxt, instanceName, parseAdvert } from './advert';

const facts = {
  name: 'Garden club',
  forumId: '0a1b2c3d4e5f',
  version: '0.1.0',
  port: 4747,
  https: true,
  online: 3,
};

describe('the _hearth._tcp announcement', () => {
  it('round-trips: what a host announces is what a browser shows', () => {
    const txt = advertTxt(facts);
    expect(txt).toEqual({
      txtvers: '1',
      name: 'Garden club',
      id: '0a1b2c3d4e5f',
      ver: '0.1.0',
      port: '4747',
      tls: '1',
      online: '3',
    });
    expect(
      parseAdvert({
        name: 'Garden club (0a1b2c3d4e5f)',
        port: 4747,
        addresses: ['fe80::1', '192.168.1.20'],
        txt,
      }),
    ).toEqual({
      key: 'Garden club (0a1b2c3d4e5f)',
      name: 'Garden club',
      forumId: '0a1b2c3d4e5f',
      version: '0.1.0',
      url: 'https://192.168.1.20:4747',
      https: true,
      online: 3,
    });
  });

  it('carries people online only when the host shows it, and ignores a malformed count', () => {
    const hidden = advertTxt({ ...facts, online: null });
    expect(hidden).not.toHaveProperty('online');
    const base = { port: 4747, addresses: ['192.168.1.20'] };
    expect(parseAdvert({ ...base, txt: hidden })?.online).toBeNull();
    expect(parseAdvert({ ...base, txt: advertTxt({ ...facts, online: 0 }) })?.online).toBe(0);
    expect(parseAdvert({ ...base, txt: { ...hidden, online: '-4' } })?.online).toBeNull();
    expect(parseAdvert({ ...base, txt: { ...hidden, online: 'lots' } })?.online).toBeNull();
    expect(parseAdvert({ ...base, txt: { ...hidden, online: Buffer.from('12') } })?.online).toBe(
      12,
    );
  });

  it('uses the sender address when no A record came, and plain http when tls is not 1', () => {
    const txt = { ...advertTxt(facts), tls: '0' };
    const found = parseAdvert({ port: 4000, addresses: [], txt, referer: { address: '10.0.0.9' } });
    expect(found?.url).toBe('http://10.0.0.9:4000');
  });

  it('ignores announcements that are not usable Hearth ones (anyone on the LAN can send them)', () => {
    const txt = advertTxt(facts);
    const base = { port: 4747, addresses: ['192.168.1.20'] };
    expect(parseAdvert({ ...base, txt: { ...txt, txtvers: '2' } })).toBeNull();
    expect(parseAdvert({ ...base, txt: { ...txt, id: 'NOT-AN-ID' } })).toBeNull();
    expect(parseAdvert({ ...base, txt: { ...txt, name: '   ' } })).toBeNull();
    expect(parseAdvert({ ...base, port: 70000, txt: { ...txt, port: 'x' } })).toBeNull();
    expect(parseAdvert({ ...base, addresses: ['169.254.3.3'], txt })).toBeNull();
    expect(parseAdvert({ ...base, txt: null })).toBeNull();
    expect(parseAdvert({ ...base, txt: 'name=x' })).toBeNull();
  });

  it('instance names stay within one DNS label and keep the forum id', () => {
    const long = instanceName('A very long forum name. With dots. '.repeat(4), '0a1b2c3d4e5f');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63);
    expect(long).toMatch(/ \(0a1b2c3d4e5f\)$/);
    expect(long).not.toContain('.');
    expect(instanceName('Café ☕', '0a1b2c3d4e5f')).toBe('Café ☕ (0a1b2c3d4e5f)');
  });
});
