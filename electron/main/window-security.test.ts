import { describe, expect, it, vi } from 'vitest';
import {
  decideClose,
  guardWebContents,
  isPermissionAllowed,
  secureWebPreferences,
  type GuardedContents,
  type PreventableEvent,
} from './window-security';

const FORUM = 'http://192.168.1.20:4000';

function fakeContents() {
  const listeners = new Map<string, (event: PreventableEvent, url: string) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardedContents = {
    on: (name: string, l: (event: PreventableEvent, url: string) => void) =>
      void listeners.set(name, l),
    setWindowOpenHandler: (h) => void (openHandler = h),
  } as GuardedContents;
  const fire = (name: string, url = '') => {
    const event = { preventDefault: vi.fn() };
    listeners.get(name)?.(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page and keeps it live in the background', () => {
    const prefs = secureWebPreferences('/app/preload.cjs', 'file:///app/launcher.html');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      backgroundThrottling: false,
    });
    expect(prefs.additionalArguments).toEqual(['--hearth-launcher=file:///app/launcher.html']);
  });
});

describe('guardWebContents', () => {
  function setup(origin: string | null = FORUM) {
    const fake = fakeContents();
    const openExternal = vi.fn();
    guardWebContents(fake.contents, { forumOrigin: () => origin, openExternal, log: () => {} });
    return { ...fake, openExternal };
  }

  it('lets the forum navigate inside its own origin', () => {
    const { fire, openExternal } = setup();
    expect(fire('will-navigate', `${FORUM}/#/post/1`)).toBe(false);
    expect(fire('will-redirect', `${FORUM}/`)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('sends other web links to the browser instead of navigating', () => {
    const { fire, openExternal } = setup();
    expect(fire('will-navigate', 'https://example.com/article')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://example.com/article');
  });

  it('blocks file:, javascript: and custom schemes without opening them', () => {
    const { fire, openExternal } = setup();
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
    ]) {
      expect(fire('will-navigate', url)).toBe(true);
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every window.open, opening only safe links externally', () => {
    const { open, openExternal } = setup();
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open(`${FORUM}/#/chat/bob`)).toEqual({ action: 'deny' });
    expect(open('file:///C:/evil.exe')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.com/'], [`${FORUM}/#/chat/bob`]]);
  });

  it('blocks a redirect off the forum origin, sending a web URL to the browser', () => {
    const { fire, openExternal } = setup();
    expect(fire('will-redirect', 'http://192.168.1.66:4000/')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/phish')).toBe(true);
    expect(fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(openExternal.mock.calls).toEqual([
      ['http://192.168.1.66:4000/'],
      ['https://evil.example/phish'],
    ]);
  });

  it('refuses webviews', () => {
    const { fire } = setup();
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('the launcher (no forum open) cannot navigate anywhere', () => {
    const { fire } = setup(null);
    expect(fire('will-navigate', `${FORUM}/`)).toBe(true);
  });
});

describe('isPermissionAllowed', () => {
  it('allows notifications for the forum only', () => {
    expect(isPermissionAllowed('notifications', `${FORUM}/#/`, FORUM)).toBe(true);
    expect(isPermissionAllowed('notifications', 'http://evil.example/', FORUM)).toBe(false);
    expect(isPermissionAllowed('notifications', `${FORUM}/`, null)).toBe(false);
  });
  it.each([
    'media',
    'geolocation',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'midi',
    'pointerLock',
  ])('denies %s even to the forum', (permission) => {
    expect(isPermissionAllowed(permission, `${FORUM}/`, FORUM)).toBe(false);
  });
});

describe('decideClose', () => {
  it('hides to the tray, saying so the first time only', () => {
    expect(decideClose({ quitting: false, closeToTray: true, noticeShown: false })).toEqual({
      action: 'hide',
      showNotice: true,
    });
    expect(decideClose({ quitting: false, closeToTray: true, noticeShown: true })).toEqual({
      action: 'hide',
      showNotice: false,
    });
  });
  it('closes when quitting or when the setting is off', () => {
    expect(decideClose({ quitting: true, closeToTray: true, noticeShown: false })).toEqual({
      action: 'close',
    });
    expect(decideClose({ quitting: false, closeToTray: false, noticeShown: false })).toEqual({
      action: 'close',
    });
  });
});
