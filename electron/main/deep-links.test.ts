import { describe, expect, it } from 'vitest';
import type { JoinTarget } from '@common/invite-link';
import { setUpDeepLinks, type DeepLinkApp } from './deep-links';

function fakeApp(registerOk = true) {
  const calls: Array<[string, string | undefined, string[] | undefined]> = [];
  let openUrl: ((url: string) => void) | null = null;
  const app: DeepLinkApp = {
    setAsDefaultProtocolClient: (scheme, path, args) => {
      calls.push([scheme, path, args]);
      return registerOk;
    },
    onOpenUrl: (l) => (openUrl = l),
  };
  return { app, calls, openUrl: (u: string) => openUrl?.(u) };
}

function recorder() {
  const joins: JoinTarget[] = [];
  const notices: string[] = [];
  return {
    joins,
    notices,
    target: { openJoin: (t: JoinTarget) => joins.push(t), notice: (n: string) => notices.push(n) },
  };
}

const LINK = 'hearth://join?url=https%3A%2F%2F192.168.1.20%3A4000&invite=AbCdEfGhIjKlMnOpQrStUv';

describe('hearth:// deep links', () => {
  it('registers the scheme (with the app path in development)', () => {
    const f = fakeApp();
    setUpDeepLinks(f.app, { argv: [] });
    setUpDeepLinks(f.app, {
      argv: [],
      devLaunch: { execPath: '/e/electron', appPath: '/src/hearth' },
    });
    expect(f.calls).toEqual([
      ['hearth', undefined, undefined],
      ['hearth', '/e/electron', ['/src/hearth']],
    ]);
    const logs: string[] = [];
    setUpDeepLinks(fakeApp(false).app, { argv: [], log: (l) => logs.push(l) });
    expect(logs[0]).toMatch(/could not register/);
  });

  it('a link that started the app, or came before the launcher, opens Join once it is ready', () => {
    const f = fakeApp();
    const links = setUpDeepLinks(f.app, { argv: ['/opt/Hearth/hearth', LINK] });
    f.openUrl(LINK.replace('192.168.1.20', '192.168.1.21'));
    const r = recorder();
    links.attach(r.target);
    expect(r.joins.map((j) => j.url)).toEqual([
      'https://192.168.1.20:4000',
      'https://192.168.1.21:4000',
    ]);
    expect(r.joins[0]?.invite).toBe('AbCdEfGhIjKlMnOpQrStUv');
  });

  it('second launches (Windows, Linux) and open-url (macOS) after start; bad links become a notice', () => {
    const f = fakeApp();
    const links = setUpDeepLinks(f.app, { argv: [] });
    const r = recorder();
    links.attach(r.target);
    links.fromArgv(['/opt/Hearth/hearth', '--flag']);
    links.fromArgv(['/opt/Hearth/hearth', LINK]);
    f.openUrl('hearth://join?url=javascript:alert(1)');
    expect(r.joins).toHaveLength(1);
    expect(r.notices).toEqual([
      expect.stringMatching(/^That link did not open a forum: .*no usable forum address/),
    ]);
  });
});
