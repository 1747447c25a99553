/**
 * A certificate's SHA-256 fingerprint in its three spellings: 64 hex digits (stored and
 * compared), `AB:CD:…` (shown to people, as browsers' certificate viewers and
 * `openssl x509 -fingerprint -sha256` do), and 43 base64url characters (in invite links and
 * QR codes, where length counts). Pure string work: the renderer uses it too.
 */
const HEX64 = /^[0-9a-f]{64}$/;
const B64URL43 = /^[A-Za-z0-9_-]{43}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 64-hex form of any spelling (colons, spaces, case), or null if it is not one. */
export function normalizeFingerprint(input: string): string | null {
  const trimmed = input.trim();
  if (B64URL43.test(trimmed)) return base64UrlToHex(trimmed);
  const hex = trimmed.replace(/[:\s]/g, '').toLowerCase();
  return HEX64.test(hex) ? hex : null;
}

/** `7E:A6:43:…` (32 pairs), for people to compare. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

/** The 43-character base64url form, for links. */
export function fingerprintToUrlForm(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((b) => parseInt(b, 16));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const n = (a << 16) | (b << 8) | c;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

function base64UrlToHex(s: string): string | null {
  let bits = 0;
  let value = 0;
  let hex = '';
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((value >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return HEX64.test(hex) ? hex : null;
}

/** A short, readable prefix for lists ("7E:A6:43:41…"). */
export function shortFingerprint(hex: string): string {
  return `${formatFingerprint(hex).slice(0, 11)}…`;
}
