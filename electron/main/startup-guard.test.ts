import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance } from './single-instance';
import { runGuarded, startupErrorText } from './startup-guard';

type Deps = Parameters<typeof runGuarded>[1];

function mocks() {
  return {
    showError: vi.fn<Deps['showError']>(),
    logPath: () => '/home/sam/.config/Hearth/logs/server.log',
    log: vi.fn<Deps['log']>(),
    exit: vi.fn<Deps['exit']>(),
  };
}

function deps(over: Partial<Deps> = {}): Deps {
  return { ...mocks(), ...over };
}

describe('runGuarded', () => {
  it('does nothing more when main() succeeds', async () => {
    const d = mocks();
    await runGuarded(async () => {}, d);
    expect(d.showError).not.toHaveBeenCalled();
    expect(d.exit).not.toHaveBeenCalled();
  });

  it('a failing start-up shows the error with the log path, then exits', async () => {
    const d = mocks();
    await runGuarded(async () => {
      throw new Error('EACCES: permission denied, open settings.json');
    }, d);
    expect(d.log.mock.calls[0]?.[0]).toMatch(/^\[app\] start-up failed: Error: EACCES/);
    expect(d.showError).toHaveBeenCalledWith(
      'Hearth could not start',
      'Hearth could not start: EACCES: permission denied, open settings.json\n\nDetails are in the log: /home/sam/.config/Hearth/logs/server.log',
    );
    expect(d.exit).toHaveBeenCalledWith(1);
    expect(d.showError.mock.invocationCallOrder[0]).toBeLessThan(
      d.exit.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('exits even when the log and the dialog fail too', async () => {
    const exit = vi.fn<Deps['exit']>();
    await runGuarded(() => Promise.reject(new Error('boom')), {
      exit,
      logPath: () => {
        throw new Error('no logs path');
      },
      log: () => {
        throw new Error('disk full');
      },
      showError: () => {
        throw new Error('no display');
      },
    });
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('the lock holder exits, so the next launch gets the lock and is not sent away', async () => {
    let held = false;
    const quit = vi.fn();
    const app = (exit: () => void) => ({
      requestSingleInstanceLock: () => (held ? false : (held = true)),
      quit,
      onSecondInstance: () => {},
      exit,
    });
    const first = app(() => (held = false));
    expect(claimSingleInstance(first)).not.toBeNull();
    await runGuarded(() => Promise.reject(new Error('boom')), deps({ exit: first.exit }));
    expect(claimSingleInstance(app(() => {}))).not.toBeNull();
    expect(quit).not.toHaveBeenCalled();
  });

  it('says so when there is no log file', () => {
    expect(startupErrorText('weird', null)).toBe(
      'Hearth could not start: weird\n\nNo log file could be opened.',
    );
  });
});
