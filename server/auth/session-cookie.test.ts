import { describe, expect, it } from 'vitest';
import { maxSessionTokens, SessionCookie, sessionCookieName } from './session-cookie';

const token = 'A'.repeat(20) + 'b_-'.repeat(7) + 'zz';
const other = 'Z'.repeat(43);
const cookie = new SessionCookie('hearth_0a1b2c3d4e5f');

describe('session cookie', () => {
  it('is named after the forum', () => {
    expect(sessionCookieName('0a1b2c3d4e5f')).toBe('hearth_0a1b2c3d4e5f');
    expect(() => sessionCookieName('')).toThrow(/forum id/);
    expect(() => sessionCookieName('x; Path=/')).toThrow(/forum id/);
    expect(() => new SessionCookie('hearth_session=1')).toThrow(/cookie name/);
  });

  it('reads the token among other cookies', () => {
    expect(token).toHaveLength(43);
    expect(cookie.tokens(`theme=dark; hearth_0a1b2c3d4e5f=${token}; x=1`)).toEqual([token]);
    expect(cookie.tokens(`hearth_0a1b2c3d4e5f=${token}`)).toEqual([token]);
  });

  it('reads every value of its name, in header order, and no other forum’s', () => {
    const header = [
      `hearth_0a1b2c3d4e5f=${other}`, // e.g. a shadowing cookie with Path=/api: sent first
      `hearth_ffffffffffff=${'Q'.repeat(43)}`, // another forum on the same host
      'hearth_0a1b2c3d4e5f=garbage',
      `hearth_session=${'S'.repeat(43)}`, // the old fixed name: not ours any more
      `hearth_0a1b2c3d4e5f=${token}`,
      `hearth_0a1b2c3d4e5f=${other}`, // a duplicate is looked up once
    ].join('; ');
    expect(cookie.tokens(header)).toEqual([other, token]);
  });

  it('reads every value a request head can carry, and says when there were more', () => {
    // Node's default header limit (16 KiB) holds 256 values of a 19-character name.
    expect(cookie.maxTokens).toBe(Math.ceil(16_384 / 64));
    const values = (n: number) => Array.from({ length: n }, (_, i) => String(i).padStart(43, 'x'));
    const header = (vs: string[]) => vs.map((v) => `${cookie.name}=${v}`).join(';');
    // Far more than a browser holds for one name (20 planted by another port's page).
    expect(cookie.read(header(values(21)))).toEqual({ tokens: values(21), complete: true });
    // The tightest packing fills the header limit exactly at maxTokens values.
    const full = header(values(cookie.maxTokens));
    expect(full.length).toBeLessThanOrEqual(16_384);
    expect(cookie.read(full)).toEqual({ tokens: values(cookie.maxTokens), complete: true });
    // Only a server with a larger header limit could be sent more: then it says so.
    const over = cookie.read(header(values(cookie.maxTokens + 3)));
    expect(over.tokens).toEqual(values(cookie.maxTokens));
    expect(over.complete).toBe(false);
    // A larger header limit raises the bound with it.
    expect(new SessionCookie(cookie.name, 65_536).maxTokens).toBe(1024);
    expect(maxSessionTokens(cookie.name, 64)).toBe(1);
  });

  it('ignores missing or malformed tokens', () => {
    expect(cookie.tokens(undefined)).toEqual([]);
    expect(cookie.tokens('')).toEqual([]);
    expect(cookie.tokens('hearth_0a1b2c3d4e5f=')).toEqual([]);
    expect(cookie.tokens(`hearth_0a1b2c3d4e5f=${token}x`)).toEqual([]);
    expect(cookie.tokens(`hearth_0a1b2c3d4e5f=${token.slice(1)}!`)).toEqual([]);
    expect(cookie.tokens(`xhearth_0a1b2c3d4e5f=${token}`)).toEqual([]);
    expect(cookie.tokens(`hearth_0a1b2c3d4e5f`)).toEqual([]);
  });

  it('writes HttpOnly, SameSite=Lax, Path=/ and Secure only over https', () => {
    expect(cookie.set(token, 3_600_000, false)).toBe(
      `hearth_0a1b2c3d4e5f=${token}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`,
    );
    expect(cookie.set(token, 3_600_000, true)).toMatch(/; Secure$/);
    expect(cookie.clear(false)).toBe(
      'hearth_0a1b2c3d4e5f=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
    );
  });
});
