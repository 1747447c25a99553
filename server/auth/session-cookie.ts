/**
 * The session cookie. Its name is per forum, `hearth_<forum id>` (the id is made once and
 * kept in the database): browsers keep cookies per host, not per host and port, so two
 * forums on one machine (or several saved forums in the desktop app, which share one
 * cookie store) would otherwise overwrite each other's session. HttpOnly, SameSite=Lax,
 * Path=/, and Secure when served over https.
 */
export const SESSION_COOKIE_PREFIX = 'hearth_';

/** 32 random bytes in base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const NAME_SHAPE = /^hearth_[0-9a-z]{1,32}$/;

/**
 * The most values of our cookie tried from one header. A browser can send several (one per
 * Path it holds; a cookie with a longer Path comes first), and each costs a lookup.
 */
export const MAX_SESSION_TOKENS = 8;

export function sessionCookieName(forumId: string): string {
  const name = SESSION_COOKIE_PREFIX + forumId;
  if (!NAME_SHAPE.test(name)) throw new Error(`not a usable forum id for a cookie: ${forumId}`);
  return name;
}

export class SessionCookie {
  constructor(readonly name: string) {
    if (!NAME_SHAPE.test(name)) throw new Error(`not a session cookie name: ${name}`);
  }

  /**
   * Every distinct token-shaped value of this cookie in a `Cookie` header, in header order
   * (at most MAX_SESSION_TOKENS). Other cookies and malformed values are skipped, so a
   * stray cookie of the same name cannot hide a valid one.
   */
  tokens(cookieHeader: string | undefined): string[] {
    const found: string[] = [];
    if (!cookieHeader) return found;
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== this.name) continue;
      const value = part.slice(eq + 1).trim();
      if (!TOKEN_SHAPE.test(value) || found.includes(value)) continue;
      found.push(value);
      if (found.length === MAX_SESSION_TOKENS) break;
    }
    return found;
  }

  /** `Set-Cookie` value carrying a session token. */
  set(token: string, maxAgeMs: number, secure: boolean): string {
    const maxAge = Math.max(0, Math.floor(maxAgeMs / 1000));
    return `${this.name}=${token}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }

  /** `Set-Cookie` value that makes the browser drop the cookie. */
  clear(secure: boolean): string {
    return `${this.name}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }
}
