import { describe, expect, it } from 'vitest';
import { fingerprintToUrlForm } from './fingerprint';
import {
  deepLink,
  deepLinkFromArgv,
  parseJoinLink,
  webInviteLink,
  type JoinTarget,
} from './invite-link';

const FP = '7ea6434139de8a8e0666195e2ee0726b9cbde8e1ba4b7d1574cacbf16508703c';
const target: JoinTarget = {
  url: 'https://192.168.1.20:4000',
  fingerprint: FP,
  invite: 'AbCdEfGhIjKlMnOpQrStUv',
};

describe('invite links', () => {
  it('round-trip: the fingerprint and invite survive the web link and the deep link', () => {
    const web = webInviteLink(target);
    expect(web).toBe(
      `https://192.168.1.20:4000/#/join?invite=AbCdEfGhIjKlMnOpQrStUv&fp=${fingerprintToUrlForm(FP)}`,
    );
    expect(parseJoinLink(web)).toEqual({ ok: true, join: target });
    const app = deepLink(target);
    expect(app).toMatch(/^hearth:\/\/join\?url=https%3A%2F%2F192\.168\.1\.20%3A4000&invite=/);
    expect(parseJoinLink(app)).toEqual({ ok: true, join: target });
    expect(parseJoinLink(`hearth:join?url=${encodeURIComponent(target.url)}`)).toEqual({
      ok: true,
      join: { url: target.url, fingerprint: null, invite: null },
    });
  });

  it('reads a bare address as the forum to join', () => {
    expect(parseJoinLink(' 192.168.1.20:4000 ')).toEqual({
      ok: true,
      join: { url: 'http://192.168.1.20:4000', fingerprint: null, invite: null },
    });
    expect(parseJoinLink('https://forum.lan/some/page')).toMatchObject({
      ok: true,
      join: { url: 'https://forum.lan' },
    });
  });

  it('bad links get a clear message, never a target', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /Paste an invite link/],
      ['hearth://open?url=https://x', /open forums to join; this one asks for "open"/],
      ['hearth://join', /no usable forum address/],
      ['hearth://join?url=javascript:alert(1)', /no usable forum address/],
      ['hearth://join?url=file:///etc/passwd', /no usable forum address/],
      ['hearth://join?url=https://user:pw@10.0.0.1', /no usable forum address/],
      [`hearth://join?url=https://10.0.0.1&fp=abc`, /fingerprint is damaged/],
      [`hearth://join?url=http://10.0.0.1&fp=${FP}`, /not an https address/],
      ['https://10.0.0.1/#/join?invite=short', /not complete/],
      ['ftp://10.0.0.1', /not a forum address/],
      [`https://x/${'a'.repeat(3000)}`, /too long/],
    ];
    for (const [link, message] of cases) {
      const parsed = parseJoinLink(link);
      expect(parsed.ok, link).toBe(false);
      if (!parsed.ok) expect(parsed.message, link).toMatch(message);
    }
  });

  it('finds the deep link in a second instance’s command line', () => {
    expect(deepLinkFromArgv(['/opt/Hearth/hearth', '--no-sandbox', 'hearth://join?url=x'])).toBe(
      'hearth://join?url=x',
    );
    expect(deepLinkFromArgv(['/opt/Hearth/hearth'])).toBeNull();
  });
});
