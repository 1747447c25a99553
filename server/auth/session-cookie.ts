import { maxHeaderSize } from 'node:http';

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

/** What the server sees of one `Cookie` header's values of the session cookie. */
export interface SessionTokens {
  /** Distinct token-shaped values, in header order. */
  tokens: string[];
  /**
   * False when the header held more values than `maxTokens` (only possible with a header
   * limit above Node's): an untried value may be valid, so the cookie must not be cleared.
   */
  complete: boolean;
}

/**
 * How many values of a cookie named `name` fit in a request head of `maxHeaderBytes`: each
 * takes at least `name=` + 43 characters + `;`. Trying them all is what stops a page on
 * another port of this host from signing a user out by planting more values than we try
 * (the browser sends them all, planted ones first when their Path is longer); the bound
 * follows the header limit, so it is never below what a request can carry.
 */
export function maxSessionTokens(name: string, maxHeaderBytes: number = maxHeaderSize): number {
  return Math.ceil(maxHeaderBytes / (name.length + 1 + 43 + 1));
}

export function sessionCookieName(forumId: string): string {
  const name = SESSION_COOKIE_PREFIX + forumId;
  if (!NAME_SHAPE.test(name)) throw new Error(`not a usable forum id for a cookie: ${forumId}`);
  return name;
}

export class SessionCookie {
  /** The most values of this cookie read from one header (see maxSessionTokens). */
  readonly maxTokens: number;

  constructor(
    readonly name: string,
    maxHeaderBytes?: number,
  ) {
    if (!NAME_SHAPE.test(name)) throw new Error(`not a session cookie name: ${name}`);
    this.maxTokens = maxSessionTokens(name, maxHeaderBytes);
  }

  /**
   * Every distinct token-shaped value of this cookie in a `Cookie` header, in header order
   * (at most `maxTokens`). Other cookies and malformed values are skipped, so a stray
   * cookie of the same name cannot hide a valid one.
   */
  read(cookieHeader: string | undefined): SessionTokens {
    const seen = new Set<string>();
    if (!cookieHeader) return { tokens: [], complete: true };
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== this.name) continue;
      const value = part.slice(eq + 1).trim();
      if (!TOKEN_SHAPE.test(value) || seen.has(value)) continue;
      if (seen.size === this.maxTokens) return { tokens: [...seen], complete: false };
      seen.add(value);
    }
    return { tokens: [...seen], complete: true };
  }

  /** `read(cookieHeader).tokens`. */
  tokens(cookieHeader: string | undefined): string[] {
    return this.read(cookieHeader).tokens;
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
