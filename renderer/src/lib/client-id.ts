/**
 * Ids for messages the client sends, so a retry is stored once. `crypto.randomUUID` exists only in
 * secure contexts, and a LAN forum is usually plain http, so this uses getRandomValues.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The client's clock as ISO-8601, for a pending message until the server's time replaces it. */
export const nowIso = (): string => new Date(Date.now()).toISOString();
