import { describe, expect, it } from 'vitest';
import {
  badgeTitle,
  chooseAlert,
  messageAlert,
  type AlertContext,
  type MessageAlert,
  type MessageAlertFacts,
} from './alert-policy';

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

describe('messageAlert (rooms): kind × level × mute × mention × sender', () => {
  type Row = [
    kind: MessageAlertFacts['kind'],
    notify: MessageAlertFacts['notify'],
    muted: boolean,
    mentionsMe: boolean,
    fromMe: boolean,
    expected: MessageAlert,
  ];
  const rows: Row[] = [
    // Private messages and groups: every message, unless muted.
    ['direct', undefined, false, false, false, 'alert'],
    ['direct', undefined, false, true, false, 'alert'],
    ['direct', undefined, true, false, false, 'quiet'],
    ['direct', undefined, false, false, true, 'quiet'],
    ['group', undefined, false, false, false, 'alert'],
    ['group', 'all', false, false, false, 'alert'],
    ['group', undefined, false, true, false, 'mention'],
    ['group', undefined, true, false, false, 'quiet'],
    ['group', undefined, true, true, false, 'quiet'],
    ['group', 'mentions', false, false, false, 'quiet'],
    ['group', 'mentions', false, true, false, 'mention'],
    ['group', 'none', false, true, false, 'quiet'],
    ['group', undefined, false, false, true, 'quiet'],
    // Public rooms: mentions only by default.
    ['room', undefined, false, false, false, 'quiet'],
    ['room', undefined, false, true, false, 'mention'],
    ['room', 'mentions', false, false, false, 'quiet'],
    ['room', 'mentions', false, true, false, 'mention'],
    ['room', 'all', false, false, false, 'alert'],
    ['room', 'all', false, true, false, 'mention'],
    ['room', 'none', false, false, false, 'quiet'],
    ['room', 'none', false, true, false, 'quiet'],
    ['room', 'all', true, false, false, 'quiet'],
    ['room', 'mentions', true, true, false, 'quiet'],
    ['room', 'all', false, true, true, 'quiet'],
  ];
  it.each(rows)(
    '%s · level %s · muted %s · mentions me %s · mine %s → %s',
    (kind, notify, muted, mentionsMe, fromMe, expected) => {
      expect(messageAlert({ kind, notify, muted, mentionsMe, fromMe })).toBe(expected);
    },
  );
});
