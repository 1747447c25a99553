/**
 * "Join a forum": turn what a person types into a forum origin. Shared so the launcher can
 * validate as you type and the main process enforces the same rule.
 */
export type AddressResult = { ok: true; url: string } | { ok: false; message: string };

/**
 * `192.168.1.5:4000` → `http://192.168.1.5:4000`. Only http(s), no credentials; a path,
 * query or hash is dropped because a forum always lives at the root of its origin.
 */
export function normalizeServerAddress(input: string): AddressResult {
  const text = input.trim();
  if (!text) {
    return { ok: false, message: 'Enter the address the host shared, e.g. 192.168.1.20:4000.' };
  }
  if (/\s/.test(text)) return { ok: false, message: 'An address cannot contain spaces.' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!hasScheme && /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) {
    return { ok: false, message: 'Only http:// and https:// addresses can be joined.' };
  }
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `http://${text}`);
  } catch {
    return {
      ok: false,
      message: `"${text}" is not a valid address. Use host:port, e.g. 192.168.1.20:4000.`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'Only http:// and https:// addresses can be joined.' };
  }
  if (!url.hostname) return { ok: false, message: 'The address has no host name.' };
  if (url.username || url.password) {
    return { ok: false, message: 'Remove the user name and password from the address.' };
  }
  return { ok: true, url: url.origin };
}
