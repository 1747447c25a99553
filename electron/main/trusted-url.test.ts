import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  httpOrigin,
  isLauncherUrl,
  isSafeExternalUrl,
  isSafeRoute,
  isTrustedUrl,
} from './trusted-url';

const forum = 'http://192.168.1.20:4000';

describe('isTrustedUrl', () => {
  it.each([
    ['http://192.168.1.20:4000/', true],
    ['http://192.168.1.20:4000/#/chat/alice', true],
    ['http://192.168.1.20:4000/api/info?x=1', true],
    ['https://192.168.1.20:4000/', false],
    ['http://192.168.1.20:4001/', false],
    ['http://192.168.1.20/', false],
    ['http://192.168.1.200:4000/', false],
    ['http://192.168.1.20:4000@evil.example/', false],
    ['http://192.168.1.20.evil.example:4000/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isTrustedUrl(url, forum)).toBe(expected);
  });

  it('trusts nothing when no forum is open', () => {
    expect(isTrustedUrl('http://192.168.1.20:4000/', null)).toBe(false);
  });

  it('compares normalised origins (default port, case)', () => {
    expect(isTrustedUrl('HTTP://Forum.LAN/', 'http://forum.lan:80')).toBe(true);
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://example.com/page', true],
    ['http://example.com', true],
    ['https://user:pw@example.com', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['smb://server/share', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['vscode://open?x', false],
    ['ms-msdt:/id', false],
    ['//example.com', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });
});

describe('decideNavigation', () => {
  it('allows the forum, sends other web links out, blocks the rest', () => {
    expect(decideNavigation('http://192.168.1.20:4000/#/post/1', forum)).toBe('allow');
    expect(decideNavigation('https://example.com/', forum)).toBe('open-external');
    expect(decideNavigation('file:///etc/passwd', forum)).toBe('block');
    expect(decideNavigation('http://192.168.1.20:4000/', null)).toBe('open-external');
  });
});

describe('isLauncherUrl', () => {
  const launcher = 'file:///opt/Hearth/resources/app.asar/out/renderer/launcher.html';
  it('accepts the launcher file with any hash or query', () => {
    expect(isLauncherUrl(launcher, launcher)).toBe(true);
    expect(isLauncherUrl(`${launcher}#/join`, launcher)).toBe(true);
  });
  it('rejects other files and other schemes', () => {
    expect(isLauncherUrl('file:///tmp/launcher.html', launcher)).toBe(false);
    expect(
      isLauncherUrl(
        'file://evil/opt/Hearth/resources/app.asar/out/renderer/launcher.html',
        launcher,
      ),
    ).toBe(false);
    expect(isLauncherUrl('http://localhost/launcher.html', launcher)).toBe(false);
  });
  it('matches the dev server page on origin and path', () => {
    const dev = 'http://localhost:5173/launcher.html';
    expect(isLauncherUrl('http://localhost:5173/launcher.html#x', dev)).toBe(true);
    expect(isLauncherUrl('http://localhost:5174/launcher.html', dev)).toBe(false);
    expect(isLauncherUrl('http://localhost:5173/index.html', dev)).toBe(false);
  });
});

describe('httpOrigin and isSafeRoute', () => {
  it('extracts origins of web URLs only', () => {
    expect(httpOrigin('http://a.lan:4000/x')).toBe('http://a.lan:4000');
    expect(httpOrigin('file:///x')).toBeNull();
  });
  it('accepts hash routes and refuses anything else', () => {
    expect(isSafeRoute('#/chat/alice')).toBe(true);
    expect(isSafeRoute('#/post/42')).toBe(true);
    expect(isSafeRoute('javascript:alert(1)')).toBe(false);
    expect(isSafeRoute('#/x"><img>')).toBe(false);
    expect(isSafeRoute('https://evil.example/')).toBe(false);
  });
});
