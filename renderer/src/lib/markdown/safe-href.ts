/**
 * The only links user text may carry: http(s) with a host, and mailto. Anything else
 * (javascript:, data:, vbscript:, file:, relative paths that would resolve inside the forum)
 * stays text. Parsed with URL, so entity or case tricks that a browser would undo are seen as
 * the browser sees them (markdown-it has decoded entities before it asks). In the desktop app
 * a link then opens through the main process's guard (electron/main/trusted-url.ts,
 * isSafeExternalUrl: http(s) only, so a mailto: link does nothing there).
 */
export function isSafeHref(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return url.pathname.includes('@');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // Credentials in a link are a disguise (`https://bank.example@evil.example`); the desktop
  // app's external-link guard refuses them too.
  return url.hostname !== '' && url.username === '' && url.password === '';
}
