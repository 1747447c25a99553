import { describe, expect, it } from 'vitest';
import { badgeTitle, chooseAlert, type AlertContext } from './alert-policy';

const onScreen = { eventRoute: '#/chat/alice', visibleRoute: '#/chat/alice' };

const ctx = (over: Partial<AlertContext>): AlertContext => ({
  pageActive: true,
  eventRoute: '#/chat/alice',
  visibleRoute: '#/',
  hasDesktopBridge: false,
  webNotificationsEnabled: false,
  ...over,
});

describe('chooseAlert', () => {
  it('stays quiet about what is on screen', () => {
    expect(chooseAlert(ctx(onScreen))).toBe('none');
    expect(chooseAlert(ctx({ ...onScreen, hasDesktopBridge: true }))).toBe('none');
  });
  it('stays quiet about a post activity while the live notifications list is open', () => {
    expect(chooseAlert(ctx({ eventRoute: '#/post/42', visibleRoute: '#/notifications' }))).toBe(
      'none',
    );
    expect(chooseAlert(ctx({ eventRoute: '#/post/42', visibleRoute: '#/post/7' }))).toBe('toast');
  });
  it('uses a toast inside the app when the event is elsewhere', () => {
    expect(chooseAlert(ctx({}))).toBe('toast');
    expect(chooseAlert(ctx({ hasDesktopBridge: true, webNotificationsEnabled: true }))).toBe(
      'toast',
    );
  });
  it('uses the desktop bridge when hidden, even for the event on the hidden screen', () => {
    expect(chooseAlert(ctx({ pageActive: false, hasDesktopBridge: true }))).toBe('desktop');
    expect(chooseAlert(ctx({ pageActive: false, ...onScreen, hasDesktopBridge: true }))).toBe(
      'desktop',
    );
  });
  it('uses Web Notifications in a browser only after opt-in', () => {
    expect(chooseAlert(ctx({ pageActive: false }))).toBe('none');
    expect(chooseAlert(ctx({ pageActive: false, webNotificationsEnabled: true }))).toBe('web');
  });
});

describe('badgeTitle', () => {
  it('prefixes the count', () => {
    expect(badgeTitle('Hearth', 0)).toBe('Hearth');
    expect(badgeTitle('Hearth', 3)).toBe('(3) Hearth');
    expect(badgeTitle('Hearth', 250)).toBe('(99+) Hearth');
  });
});
