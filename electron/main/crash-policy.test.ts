import { describe, expect, it } from 'vitest';
import { createCrashPolicy, describeGone } from './crash-policy';

function policy() {
  let now = 1_000_000;
  const p = createCrashPolicy({
    logPath: '/logs/server.log',
    crashDumps: '/data/Crashpad',
    now: () => now,
  });
  return { p, advance: (ms: number) => (now += ms) };
}

const crashed = { reason: 'crashed', exitCode: 11 };

describe('renderer crash policy', () => {
  it('reloads after a crash, with a notice', () => {
    const { p } = policy();
    expect(p.onRendererGone(crashed)).toEqual({
      action: 'reload',
      notice: 'The Hearth window stopped unexpectedly (crashed) and was reloaded.',
    });
  });

  it('gives up on the third crash in a minute, naming the log and the crash reports', () => {
    const { p, advance } = policy();
    p.onRendererGone(crashed);
    advance(10_000);
    expect(p.onRendererGone({ reason: 'oom', exitCode: 0 }).action).toBe('reload');
    advance(10_000);
    const third = p.onRendererGone(crashed);
    expect(third.action).toBe('give-up');
    if (third.action === 'give-up') {
      expect(third.message).toContain('Log: /logs/server.log');
      expect(third.message).toContain('/data/Crashpad');
    }
  });

  it('crashes spread over more than a minute keep reloading', () => {
    const { p, advance } = policy();
    for (let i = 0; i < 6; i++) {
      expect(p.onRendererGone(crashed).action).toBe('reload');
      advance(31_000);
    }
  });

  it('ignores a clean exit', () => {
    const { p } = policy();
    for (let i = 0; i < 5; i++) {
      expect(p.onRendererGone({ reason: 'clean-exit', exitCode: 0 })).toEqual({
        action: 'ignore',
      });
    }
  });

  it('describes a gone process for the log', () => {
    expect(describeGone('child', { type: 'GPU', reason: 'crashed', exitCode: 139 })).toBe(
      '[crash] GPU gone: crashed (exit code 139)',
    );
    expect(
      describeGone('child', {
        type: 'Utility',
        serviceName: 'Hearth forum server',
        reason: 'killed',
        exitCode: 9,
      }),
    ).toBe('[crash] Hearth forum server gone: killed (exit code 9)');
    expect(describeGone('renderer', crashed)).toBe(
      '[crash] window renderer gone: crashed (exit code 11)',
    );
  });
});
