import { createHash, X509Certificate } from 'node:crypto';

/**
 * The two hashes a certificate is known by. `sha256` (the whole certificate, DER) is what
 * invites carry and the desktop app pins: it is what `openssl x509 -fingerprint -sha256`
 * and every browser's certificate viewer show. `spkiSha256` (the public key only, base64)
 * is what Chromium's `--ignore-certificate-errors-spki-list` takes.
 */
export interface CertificateHashes {
  /** 64 lowercase hex digits. */
  sha256: string;
  spkiSha256: string;
}

export function certificateHashes(pem: string): CertificateHashes {
  const cert = new X509Certificate(pem);
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return {
    sha256: createHash('sha256').update(cert.raw).digest('hex'),
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
  };
}
