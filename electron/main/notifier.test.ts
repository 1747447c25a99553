import { describe, expect, it, vi } from 'vitest';
import { createNotifier, type OsNotification } from './notifier';
import type { PolicyInput } from './notification-policy';

class FakeNotification implements OsNotification {
  static all: FakeNotification[] = [];
  shown = false;
  closed = false;
  private listeners: Record<string, Array<(event: unknown, error: string) => void>> = {};
  constructor(readonly options: { title: string; body: string; silent: boolean }) {
    FakeNotification.all.push(this);
  }
  show() {
    this.shown = true;
  }
  close() {
    this.closed = true;
    for (const l of this.listeners.close ?? []) l({}, '');
  }
  on(event: 'click' | 'close' | 'failed', listener: (event: unknown, error: string) => void) {
    (this.listeners[event] ??= []).push(listener);
  }
  /** What macOS does for an unsigned app: the notification fails instead of showing. */
  fail(error: string) {
    for (const l of this.listeners.failed ?? []) l({}, error);
  }
  click() {
    for (const l of this.listeners.click ?? []) l({}, '');
  }
}

function setup(
  over: Partial<PolicyInput['window']> & { dnd?: boolean; platform?: NodeJS.Platform } = {},
) {
  FakeNotification.all = [];
  const onClick = vi.fn();
  const fallback = vi.fn();
  const notifier = createNotifier({
    create: (o) => new FakeNotification(o),
    isSupported: () => true,
    platform: over.platform ?? 'linux',
    policyInput: () => ({
      dnd: over.dnd ?? false,
      quietHours: null,
      now: new Date(),
      window: {
        focused: over.focused ?? false,
        visible: over.visible ?? true,
        route: over.route ?? '#/',
      },
    }),
    onClick,
    fallback,
    log: () => {},
  });
  return { notifier, onClick, fallback };
}

const dm = (body: string) => ({ title: 'alice', body, route: '#/chat/alice', tag: 'chat:alice' });

describe('notifier', () => {
  it('shows a notification with the body escaped for libnotify on Linux', () => {
    const { notifier } = setup();
    expect(notifier.notify(dm('<b>hi</b> & bye'))).toEqual({ show: true });
    expect(FakeNotification.all).toHaveLength(1);
    expect(FakeNotification.all[0]?.options).toEqual({
      title: 'alice',
      body: '&lt;b&gt;hi&lt;/b&gt; &amp; bye',
      silent: false,
    });
    expect(FakeNotification.all[0]?.shown).toBe(true);
  });

  it('keeps the text as is on other platforms', () => {
    const { notifier } = setup({ platform: 'win32' });
    notifier.notify(dm('<b>hi</b>'));
    expect(FakeNotification.all[0]?.options.body).toBe('<b>hi</b>');
  });

  it('replaces a notification with the same tag instead of stacking', () => {
    const { notifier } = setup();
    notifier.notify(dm('one'));
    notifier.notify(dm('two'));
    notifier.notify({ title: 'Post', body: 'new comment', route: '#/post/3', tag: 'post:3' });
    const [first, second, third] = FakeNotification.all;
    expect(first?.closed).toBe(true);
    expect(second?.closed).toBe(false);
    expect(third?.closed).toBe(false);
    expect(notifier.liveCount()).toBe(2);
  });

  it('a click opens the route', () => {
    const { notifier, onClick } = setup();
    notifier.notify(dm('hi'));
    FakeNotification.all[0]?.click();
    expect(onClick).toHaveBeenCalledWith('#/chat/alice');
    expect(notifier.liveCount()).toBe(0);
  });

  it('closing an old one does not forget its replacement', () => {
    const { notifier, onClick } = setup();
    notifier.notify(dm('one'));
    notifier.notify(dm('two'));
    FakeNotification.all[1]?.click();
    expect(onClick).toHaveBeenCalledOnce();
  });

  it('follows the policy: nothing under DND or when the conversation is on screen', () => {
    expect(setup({ dnd: true }).notifier.notify(dm('x'))).toEqual({ show: false, reason: 'dnd' });
    const onScreen = setup({ focused: true, route: '#/chat/alice' });
    expect(onScreen.notifier.notify(dm('x'))).toEqual({ show: false, reason: 'visible' });
    expect(FakeNotification.all).toHaveLength(0);
  });

  it('reports when the OS has no notifications', () => {
    const notifier = createNotifier({
      create: () => {
        throw new Error('must not be called');
      },
      isSupported: () => false,
      platform: 'linux',
      policyInput: () => ({
        dnd: false,
        quietHours: null,
        now: new Date(),
        window: { focused: false, visible: false, route: null },
      }),
      onClick: () => {},
      fallback: () => {},
      log: () => {},
    });
    expect(notifier.notify(dm('x'))).toEqual({ show: false, reason: 'unsupported' });
  });

  it('falls back to the app when the OS refuses, saying why once, and stops trying the OS', () => {
    const { notifier, fallback } = setup({ platform: 'darwin' });
    notifier.notify(dm('one'));
    FakeNotification.all[0]?.fail('Notifications need a signed app');
    expect(fallback).toHaveBeenCalledWith(dm('one'), true);
    expect(notifier.liveCount()).toBe(0);

    expect(notifier.notify(dm('two'))).toEqual({ show: true, via: 'fallback' });
    expect(fallback).toHaveBeenLastCalledWith(dm('two'), false);
    expect(FakeNotification.all).toHaveLength(1);
    expect(fallback.mock.calls.filter(([, first]) => first)).toHaveLength(1);
  });

  it('the fallback still follows the policy (DND)', () => {
    const { notifier, fallback } = setup({ dnd: true });
    expect(notifier.notify(dm('x'))).toEqual({ show: false, reason: 'dnd' });
    expect(fallback).not.toHaveBeenCalled();
  });
});
