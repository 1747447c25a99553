/** The single-instance lock with Electron's app replaced by a fake. */
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance, type SingleInstanceApp } from './single-instance';

function fakeApp(locked: boolean) {
  const listeners: Array<(argv: readonly string[]) => void> = [];
  const app = {
    requestSingleInstanceLock: vi.fn(() => locked),
    quit: vi.fn(),
    onSecondInstance: vi.fn((l: (argv: readonly string[]) => void) => void listeners.push(l)),
    /** What Electron does in the first instance when Hearth is launched again. */
    launchAgain(argv: readonly string[] = ['/usr/bin/hearth']) {
      for (const l of listeners) l(argv);
    },
  } satisfies SingleInstanceApp & { launchAgain(argv?: readonly string[]): void };
  return app;
}

describe('single instance', () => {
  it('a second copy that cannot take the lock quits and starts nothing', () => {
    const app = fakeApp(false);
    const log = vi.fn();
    expect(claimSingleInstance(app, log)).toBeNull();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.onSecondInstance).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/already running/));
  });

  it('the first copy keeps running and brings its window to the front on each new launch', () => {
    const app = fakeApp(true);
    const instance = claimSingleInstance(app);
    expect(instance).not.toBeNull();
    expect(app.quit).not.toHaveBeenCalled();
    const target = { bringToFront: vi.fn() };
    instance?.attach(target);
    expect(target.bringToFront).not.toHaveBeenCalled();
    app.launchAgain();
    app.launchAgain();
    expect(target.bringToFront).toHaveBeenCalledTimes(2);
  });

  it('a launch during start-up shows the window as soon as it exists, once', () => {
    const app = fakeApp(true);
    const instance = claimSingleInstance(app);
    app.launchAgain();
    app.launchAgain();
    const target = { bringToFront: vi.fn() };
    instance?.attach(target);
    expect(target.bringToFront).toHaveBeenCalledOnce();
  });

  it('ignores a second start at login (--hidden): nobody asked for the window', () => {
    const app = fakeApp(true);
    const target = { bringToFront: vi.fn() };
    claimSingleInstance(app)?.attach(target);
    app.launchAgain(['/usr/bin/hearth', '--hidden']);
    expect(target.bringToFront).not.toHaveBeenCalled();
  });
});
