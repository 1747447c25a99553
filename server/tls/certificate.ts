import { webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { certificateHashes, type CertificateHashes } from './fingerprint';

/**
 * Apple's limit for a TLS certificate a person trusts by hand (other platforms accept
 * longer): past it Safari refuses the certificate even when trusted.
 */
export const CERT_LIFETIME_DAYS = 825;
/** Renewed this long before it expires, so a running forum never serves an expired one. */
const RENEW_BEFORE_MS = 14 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface HostCertificate extends CertificateHashes {
  certPem: string;
  keyPem: string;
  notAfter: Date;
  certPath: string;
  keyPath: string;
  /** `made`: first start (or renewal); `kept`: read from the data folder. */
  status: 'made' | 'kept' | 'renewed';
}

/** Where the certificate lives: beside hearth.db, so a backup of the folder keeps it. */
export function certificatePaths(dataDir: string): { dir: string; cert: string; key: string } {
  const dir = join(dataDir, 'tls');
  return { dir, cert: join(dir, 'hearth-cert.pem'), key: join(dir, 'hearth-key.pem') };
}

/** The names a LAN host is reached by: loopback, the machine's name (and its mDNS .local). */
export function defaultCertificateNames(machineName: string = osHostname()): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const host = machineName.trim().toLowerCase();
  if (/^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})*$/.test(host)) {
    names.push(host);
    if (!host.endsWith('.local') && !host.includes('.')) names.push(`${host}.local`);
  }
  return [...new Set(names)];
}

const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
};

/** A new self-signed server certificate (ECDSA P-256) for `names` (host names and IPs). */
/**
 * @peculiar/x509 needs the Reflect metadata polyfill (its tsyringe container) before it
 * loads: imported here, on first use, so importing this module changes no global.
 */
async function loadX509(): Promise<typeof import('@peculiar/x509')> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  // Node's Web Crypto is the standard one; the library's types name the DOM's.
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);
  return x509;
}

export async function makeCertificate(
  names: readonly string[],
  now: Date,
  commonName = 'Hearth forum',
): Promise<{ certPem: string; keyPem: string }> {
  const x509 = await loadX509();
  const keys = (await webcrypto.subtle.generateKey(ALG, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0] ?? 0) & 0x7f; // a positive serial number
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    // The serial in the name too: every host's certificate is its own issuer, and trust
    // stores (OpenSSL's, browsers') look issuers up by name, so two forums must never share one.
    name: `CN=${commonName.replace(/[,+="\\<>;#]/g, ' ')}, O=Hearth ${serial.toString('hex').slice(0, 12)}`,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CERT_LIFETIME_DAYS * DAY_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { certPem: cert.toString('pem'), keyPem };
}

function readStored(paths: {
  cert: string;
  key: string;
}): { certPem: string; keyPem: string } | null {
  if (!existsSync(paths.cert) || !existsSync(paths.key)) return null;
  return { certPem: readFileSync(paths.cert, 'utf8'), keyPem: readFileSync(paths.key, 'utf8') };
}

function writeAtomically(path: string, text: string, mode: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

/**
 * The host's certificate: read from `<dataDir>/tls/`, or made at first start and kept
 * there (the key readable by its owner only). Kept means the fingerprint that invites carry
 * and desktop apps pin stays the same across restarts. A stored pair that cannot be read
 * is an error, never silently replaced: replacing it would break every pin.
 */
export async function loadOrCreateCertificate(
  dataDir: string,
  opts: { now?: Date; names?: readonly string[]; commonName?: string } = {},
): Promise<HostCertificate> {
  const paths = certificatePaths(dataDir);
  const now = opts.now ?? new Date();
  const stored = readStored(paths);
  let status: HostCertificate['status'] = 'kept';
  let pair = stored;
  const x509 = await loadX509();
  if (pair) {
    let notAfter: Date;
    try {
      notAfter = new x509.X509Certificate(pair.certPem).notAfter;
      // The key must match; a mismatch here would otherwise only show as TLS failures.
      const { X509Certificate, createPrivateKey } = await import('node:crypto');
      if (!new X509Certificate(pair.certPem).checkPrivateKey(createPrivateKey(pair.keyPem))) {
        throw new Error('the key does not belong to the certificate');
      }
    } catch (err) {
      throw new Error(
        `The forum's certificate in ${paths.dir} cannot be used (${err instanceof Error ? err.message : String(err)}). Restore it from a backup, or move both files away to make a new one (saved forums in the desktop app will then ask to trust the new one).`,
        { cause: err },
      );
    }
    if (notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS) {
      pair = null;
      status = 'renewed';
    }
  } else {
    status = 'made';
  }
  if (!pair) {
    pair = await makeCertificate(opts.names ?? defaultCertificateNames(), now, opts.commonName);
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    writeAtomically(paths.key, pair.keyPem, 0o600);
    writeAtomically(paths.cert, pair.certPem, 0o644);
  }
  return {
    ...pair,
    ...certificateHashes(pair.certPem),
    notAfter: new x509.X509Certificate(pair.certPem).notAfter,
    certPath: paths.cert,
    keyPath: paths.key,
    status,
  };
}
