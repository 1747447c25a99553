import { describe, expect, it } from 'vitest';
import { LoginBackoff } from './login-backoff';

const config = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000 };

function setup() {
  let now = 1_000_000;
  const backoff = new LoginBackoff(config, () => now);
  return {
    backoff,
    advance: (ms: number) => (now += ms),
    /** One wrong guess with login text `login`: 'ok' if let through, else the wait in ms. */
    guess: (login = 'ana', trusted = false) => {
      const wait = backoff.begin(login, trusted);
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

  it('counts per login text, whatever address the guesses come from', () => {
    const { guess } = setup();
    for (let i = 0; i < 4; i++) expect(guess('ana')).toBe('ok');
    expect(guess('ana')).toBe(1000);
    // Another text (another account, or the same account's e-mail) has its own count.
    expect(guess('ana@example.org')).toBe('ok');
  });

  it('lets a trusted attempt through while others wait, and a success clears the count', () => {
    const { backoff, guess } = setup();
    for (let i = 0; i < 4; i++) guess();
    expect(guess()).toBeGreaterThan(0);
    expect(guess('ana', true)).toBe('ok');
    expect(guess()).toBeGreaterThan(0);
    backoff.succeeded('ana', 1, '203.0.113.5');
    expect(guess()).toBe('ok');
  });

  it('remembers the whole addresses each account signed in from, eight at most', () => {
    const { backoff } = setup();
    expect(backoff.knows(1, '2001:db8::1')).toBe(false);
    backoff.succeeded('ana', 1, '2001:db8::1');
    expect(backoff.knows(1, '2001:db8::1')).toBe(true);
    // Not its /64 neighbours (the rate limiter's key), and not for another account.
    expect(backoff.knows(1, '2001:db8::2')).toBe(false);
    expect(backoff.knows(2, '2001:db8::1')).toBe(false);
    for (let i = 0; i < 8; i++) backoff.succeeded('ana', 1, `198.51.100.${i}`);
    expect(backoff.knows(1, '198.51.100.7')).toBe(true);
    expect(backoff.knows(1, '2001:db8::1')).toBe(false);
  });

  it('gives back an attempt that got no verdict, and forgets failures after a quiet spell', () => {
    const { backoff, guess, advance } = setup();
    for (let i = 0; i < 4; i++) guess();
    backoff.uncount('ana');
    expect(guess()).toBe('ok'); // back to 4 failures, from now
    expect(guess()).toBe(1000);
    advance(15 * 60 * 1000);
    expect([guess(), guess(), guess(), guess()]).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('tracks a bounded number of login texts', () => {
    const { backoff, guess } = setup();
    for (let i = 0; i < 10_050; i++) guess(`name${i}`);
    expect(backoff.size).toBe(10_000);
  });
});
