/**
 * URL decisions for the main process, kept pure so the rules are unit-tested (Actual's
 * trusted-url.ts). Every navigation, IPC sender and external link goes through these.
 */

/** Parse without throwing: anything that is not an absolute URL is untrusted. */
export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** The `scheme://host:port` of an http(s) URL, or null for anything else. */
export function httpOrigin(raw: string): string | null {
  const url = parseUrl(raw);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return url.origin;
}

/**
 * True when `raw` is a page of the forum the window was opened on: same scheme, host and
 * port. A look-alike host (`forum.lan.evil.example`), a different port or a userinfo trick
 * (`http://forum.lan@evil.example`) all fail, because the comparison is on the parsed origin.
 */
export function isTrustedUrl(raw: string, forumOrigin: string | null): boolean {
  if (!forumOrigin) return false;
  const origin = httpOrigin(raw);
  const expected = httpOrigin(forumOrigin);
  return origin !== null && expected !== null && origin === expected;
}

/**
 * True for links that may be handed to the OS browser: http(s) only, with a host, and no
 * credentials in the URL. `file:`, `javascript:`, `smb:`, custom protocol handlers and the
 * like could run code or leak NTLM hashes, so they never leave the app.
 */
export function isSafeExternalUrl(raw: string): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (!url.hostname) return false;
  if (url.username || url.password) return false;
  return true;
}

/**
 * True when `raw` is the bundled launcher page. The launcher is either a `file:` URL (a
 * packaged or built app) or the dev server's page under `electron-vite dev`; both are
 * compared exactly on origin and path, ignoring the query and hash.
 */
export function isLauncherUrl(raw: string, launcherUrl: string): boolean {
  const url = parseUrl(raw);
  const expected = parseUrl(launcherUrl);
  if (!url || !expected) return false;
  if (url.protocol !== expected.protocol) return false;
  if (url.protocol === 'file:') return url.pathname === expected.pathname && url.host === '';
  return url.origin === expected.origin && url.pathname === expected.pathname;
}

export type NavigationDecision = 'allow' | 'open-external' | 'block';

/**
 * What to do when a page tries to navigate its window: stay inside the forum, hand a safe
 * link to the OS browser, or refuse. The launcher never navigates by itself.
 */
export function decideNavigation(raw: string, forumOrigin: string | null): NavigationDecision {
  if (isTrustedUrl(raw, forumOrigin)) return 'allow';
  if (isSafeExternalUrl(raw)) return 'open-external';
  return 'block';
}

/** A hash route the UI understands, e.g. `#/chat/alice` or `#/post/42`. */
export function isSafeRoute(route: string): boolean {
  return /^#\/[A-Za-z0-9/_.~%-]*$/.test(route) && route.length <= 512;
}
