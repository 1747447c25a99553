import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CERT_LIFETIME_DAYS, certificatePaths, loadOrCreateCertificate } from './certificate';
import { certificateHashes } from './fingerprint';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hearth-cert-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the host certificate', () => {
  it('is made at first start, kept in the data folder, and the same after a restart', async () => {
    const dir = tempDir();
    const first = await loadOrCreateCertificate(dir, {
      names: ['localhost', '127.0.0.1', 'hearth-box.local'],
    });
    expect(first.status).toBe('made');
    const paths = certificatePaths(dir);
    expect(first.certPath).toBe(paths.cert);
    expect(statSync(paths.key).mode & 0o777).toBe(0o600);

    const x = new X509Certificate(readFileSync(paths.cert));
    expect(x.subjectAltName).toContain('DNS:hearth-box.local');
    expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x.ca).toBe(false);
    // The fingerprint is the one browsers and openssl show, in hex.
    expect(first.sha256).toBe(x.fingerprint256.replace(/:/g, '').toLowerCase());
    const days = (first.notAfter.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(CERT_LIFETIME_DAYS - 2);
    expect(days).toBeLessThanOrEqual(CERT_LIFETIME_DAYS);

    const again = await loadOrCreateCertificate(dir);
    expect(again.status).toBe('kept');
    expect(again.sha256).toBe(first.sha256);
    expect(again.spkiSha256).toBe(first.spkiSha256);
  });

  it('two hosts never get the same certificate, key or issuer name', async () => {
    const a = await loadOrCreateCertificate(tempDir(), { names: ['localhost'] });
    const b = await loadOrCreateCertificate(tempDir(), { names: ['localhost'] });
    expect(a.sha256).not.toBe(b.sha256);
    expect(a.spkiSha256).not.toBe(b.spkiSha256);
    expect(new X509Certificate(a.certPem).issuer).not.toBe(new X509Certificate(b.certPem).issuer);
  });

  it('is renewed shortly before it expires (a new fingerprint)', async () => {
    const dir = tempDir();
    const first = await loadOrCreateCertificate(dir, { names: ['localhost'] });
    const later = new Date(first.notAfter.getTime() - 3 * 86_400_000);
    const renewed = await loadOrCreateCertificate(dir, { now: later, names: ['localhost'] });
    expect(renewed.status).toBe('renewed');
    expect(renewed.sha256).not.toBe(first.sha256);
    expect(certificateHashes(readFileSync(renewed.certPath, 'utf8')).sha256).toBe(renewed.sha256);
  });

  it('a damaged or mismatched pair is a clear error, never silently replaced', async () => {
    const dir = tempDir();
    await loadOrCreateCertificate(dir, { names: ['localhost'] });
    const other = await loadOrCreateCertificate(tempDir(), { names: ['localhost'] });
    const paths = certificatePaths(dir);
    writeFileSync(paths.key, other.keyPem);
    await expect(loadOrCreateCertificate(dir)).rejects.toThrow(
      /cannot be used \(the key does not belong to the certificate\)\. Restore it from a backup/,
    );
    writeFileSync(paths.cert, 'not a certificate');
    await expect(loadOrCreateCertificate(dir)).rejects.toThrow(/certificate in .* cannot be used/);
    expect(readFileSync(paths.cert, 'utf8')).toBe('not a certificate');
  });
});
