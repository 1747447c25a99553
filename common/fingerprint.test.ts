import { describe, expect, it } from 'vitest';
import {
  fingerprintToUrlForm,
  formatFingerprint,
  normalizeFingerprint,
  shortFingerprint,
} from './fingerprint';

const HEX = '7ea6434139de8a8e0666195e2ee0726b9cbde8e1ba4b7d1574cacbf16508703c';

describe('certificate fingerprints', () => {
  it('round-trip between hex, the colon form people compare, and the link form', () => {
    const shown = formatFingerprint(HEX);
    expect(shown).toBe(
      '7E:A6:43:41:39:DE:8A:8E:06:66:19:5E:2E:E0:72:6B:9C:BD:E8:E1:BA:4B:7D:15:74:CA:CB:F1:65:08:70:3C',
    );
    const link = fingerprintToUrlForm(HEX);
    expect(link).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // What base64url of the 32 bytes is (computed by hand for this value).
    expect(link).toBe('fqZDQTneio4GZhleLuBya5y96OG6S30VdMrL8WUIcDw');
    expect(normalizeFingerprint(link)).toBe(HEX);
    expect(normalizeFingerprint(shown)).toBe(HEX);
    expect(normalizeFingerprint(` ${HEX.toUpperCase()} `)).toBe(HEX);
    expect(shortFingerprint(HEX)).toBe('7E:A6:43:41…');
  });

  it('refuses what is not a SHA-256 fingerprint', () => {
    for (const bad of ['', 'abc', HEX.slice(2), `${HEX}00`, 'zz'.repeat(32), '!'.repeat(43)]) {
      expect(normalizeFingerprint(bad)).toBeNull();
    }
  });
});
