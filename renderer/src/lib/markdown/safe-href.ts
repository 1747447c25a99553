/**
 * The only links user text may carry: http(s) with a host, and mailto. Anything else
 * (javascript:, data:, vbscript:, file:, relative paths that would resolve inside the forum)
 * stays text. Parsed with URL, so entity or case tricks that a browser would undo are seen as
 * the browser sees them (markdown-it has decoded entities before it asks).
 */
export function isSafeHref(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return url.pathname.includes('@');
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
