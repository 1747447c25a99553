import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie';

const token = 'A'.repeat(20) + 'b_-'.repeat(7) + 'zz';

describe('session cookie', () => {
  it('reads the token among other cookies', () => {
    expect(token).toHaveLength(43);
    expect(readSessionToken(`theme=dark; hearth_session=${token}; x=1`)).toBe(token);
    expect(readSessionToken(`hearth_session=${token}`)).toBe(token);
  });

  it('ignores missing or malformed tokens', () => {
    expect(readSessionToken(undefined)).toBeNull();
    expect(readSessionToken('')).toBeNull();
    expect(readSessionToken('hearth_session=')).toBeNull();
    expect(readSessionToken(`hearth_session=${token}x`)).toBeNull();
    expect(readSessionToken(`hearth_session=${token.slice(1)}!`)).toBeNull();
    expect(readSessionToken(`xhearth_session=${token}`)).toBeNull();
  });

  it('writes HttpOnly, SameSite=Lax, Path=/ and Secure only over https', () => {
    expect(sessionCookie(token, 3_600_000, false)).toBe(
      `hearth_session=${token}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax`,
    );
    expect(sessionCookie(token, 3_600_000, true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toBe(
      'hearth_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
    );
  });
});
