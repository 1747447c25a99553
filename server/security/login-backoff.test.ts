import { describe, expect, it } from 'vitest';
import { LoginBackoff } from './login-backoff';

const config = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000 };

function setup() {
  let now = 1_000_000;
  const backoff = new LoginBackoff(config, () => now);
  return {
    backoff,
    advance: (ms: number) => (now += ms),
    /** One wrong guess at `account` from `from`: 'ok' if let through, else the wait in ms. */
    guess: (account = 'user:1', from = '198.51.100.1') => {
      const wait = backoff.begin(account, from, false);
      return wait ? wait.retryAfterMs : 'ok';
    },
  };
}

describe('LoginBackoff', () => {
  it('lets the free failures through, then doubles the wait with each failure, up to the cap', () => {
    const { guess, advance } = setup();
    expect([guess(), guess(), guess()]).toEqual(['ok', 'ok', 'ok']);
    expect(guess()).toBe('ok'); // the 4th starts the first wait
    expect(guess()).toBe(1000);
    advance(1000);
    expect(guess()).toBe('ok');
    expect(guess()).toBe(2000);
    advance(2000);
    expect(guess()).toBe('ok');
    expect(guess()).toBe(4000);
    advance(4000);
    expect(guess()).toBe('ok');
    expect(guess()).toBe(8000);
    advance(8000);
    expect(guess()).toBe('ok');
    expect(guess()).toBe(8000); // capped
  });

  it('counts per account, whatever address the guesses come from', () => {
    const { guess } = setup();
    for (let i = 0; i < 4; i++) expect(guess('user:1', `198.51.100.${i}`)).toBe('ok');
    expect(guess('user:1', '198.51.100.200')).toBe(1000);
    expect(guess('user:2', '198.51.100.200')).toBe('ok');
  });

  it('never makes a known address or a vouched session wait, and a success clears the count', () => {
    const { backoff, guess } = setup();
    backoff.begin('user:1', '203.0.113.5', false);
    backoff.succeeded('user:1', '203.0.113.5');
    for (let i = 0; i < 6; i++) guess();
    expect(guess()).toBeGreaterThan(0);
    expect(backoff.begin('user:1', '203.0.113.5', false)).toBeNull();
    expect(backoff.begin('user:1', '203.0.113.99', true)).toBeNull();
    expect(guess()).toBeGreaterThan(0);
    backoff.succeeded('user:1', '203.0.113.5');
    expect(guess()).toBe('ok');
  });

  it('gives back an attempt that got no verdict, and forgets failures after a quiet spell', () => {
    const { backoff, guess, advance } = setup();
    for (let i = 0; i < 4; i++) guess();
    backoff.uncount('user:1');
    expect(guess()).toBe('ok'); // back to 4 failures, from now
    expect(guess()).toBe(1000);
    advance(15 * 60 * 1000);
    expect([guess(), guess(), guess(), guess()]).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('tracks a bounded number of accounts', () => {
    const { backoff, guess } = setup();
    for (let i = 0; i < 10_050; i++) guess(`login:${i}`);
    expect(backoff.size).toBe(10_000);
  });
});
