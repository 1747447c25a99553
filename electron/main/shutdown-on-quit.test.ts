/**
 * The quit sequence with a fake app that behaves like Electron's: quit() emits
 * `before-quit`, and the app exits only when no listener prevented it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeQuitApp } from './quit-app.fake';
import { shutdownOnQuit } from './shutdown-on-quit';

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

afterEach(() => vi.useRealTimers());

describe('shutdown on quit', () => {
  it('holds the quit until the shutdown is done, then quits once, however often it was asked', async () => {
    const app = new FakeQuitApp();
    const done = deferred();
    const shutdown = vi.fn(() => done.promise);
    shutdownOnQuit(app, { shutdown, log: () => {} });

    app.quit();
    app.quit();
    app.quit();
    expect(shutdown).toHaveBeenCalledOnce();
    expect(app.exited).toBe(0);

    done.resolve();
    await vi.waitFor(() => expect(app.exited).toBe(1));
    // Our own quit() after the shutdown is the only one that got through.
    expect(app.quitCalls).toBe(4);
    expect(shutdown).toHaveBeenCalledOnce();
  });

  it('quits even when the shutdown fails, and logs why', async () => {
    const app = new FakeQuitApp();
    const log = vi.fn();
    shutdownOnQuit(app, {
      shutdown: () => Promise.reject(new Error('disk full')),
      log,
    });
    app.quit();
    await vi.waitFor(() => expect(app.exited).toBe(1));
    expect(log).toHaveBeenCalledWith('[app] error while shutting down: disk full');
  });

  it('quits even when the shutdown throws before returning a promise', async () => {
    const app = new FakeQuitApp();
    shutdownOnQuit(app, {
      shutdown: () => {
        throw new Error('no host');
      },
      log: () => {},
    });
    app.quit();
    await vi.waitFor(() => expect(app.exited).toBe(1));
  });

  it('quits after the deadline when the shutdown never settles, and only once', async () => {
    vi.useFakeTimers();
    const app = new FakeQuitApp();
    const done = deferred();
    const log = vi.fn();
    shutdownOnQuit(app, { shutdown: () => done.promise, log, deadlineMs: 15_000 });
    app.quit();
    await vi.advanceTimersByTimeAsync(14_000);
    expect(app.exited).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(app.exited).toBe(1);
    expect(log).toHaveBeenCalledWith('[app] shutdown took over 15000 ms; quitting anyway');
    // The late shutdown does not quit a second time.
    done.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(app.quitCalls).toBe(2);
  });
});
