/**
 * Joining a forum over HTTPS with its own (self-signed) certificate: read the certificate
 * the address presents, check it against the pins of the saved forum (or the fingerprint an
 * invite carried), and only then talk to it, over a connection that re-checks the pin.
 * Unknown certificates become the trust prompt (TOFU); a changed one is refused with an
 * explanation. Plain http addresses are tested as before.
 */
import { request } from 'node:https';
import { connect } from 'node:tls';
import type { ConnectionTestResult } from '@common/desktop';
import { formatFingerprint } from '@common/fingerprint';
import { certificateFingerprint, changedCertificateMessage, type PinVerdict } from './cert-pinning';
import { testConnection } from './server-address';

export interface PresentedCertificate {
  fingerprint: string;
  pem: string;
}

/** The certificate `url` presents (read without trusting it); null if none. */
export function probeCertificate(
  url: string,
  timeoutMs = 5000,
): Promise<PresentedCertificate | null> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: Number(u.port || 443),
      servername: /^[\d.]+$|:/.test(u.hostname) ? undefined : u.hostname,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (cert: PresentedCertificate | null) => {
      socket.destroy();
      resolve(cert);
    };
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw;
      const fingerprint = raw ? certificateFingerprint(raw) : null;
      done(fingerprint ? { fingerprint, pem: toPem(raw) } : null);
    });
    socket.once('timeout', () => done(null));
    socket.once('error', () => done(null));
  });
}

function toPem(der: Buffer): string {
  const b64 = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${b64.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * A `fetch` for one pinned forum: TLS verified against that one certificate as the only
 * authority (so the handshake fails for any other key, before a byte of the request is
 * sent), and its fingerprint checked again in place of the host name (a LAN forum is
 * reached by IP addresses its certificate may not list).
 */
export function pinnedFetch(pin: string, certPem: string): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const req = request(
        url,
        {
          method: init?.method ?? 'GET',
          headers: init?.headers as Record<string, string> | undefined,
          ca: [certPem],
          rejectUnauthorized: true,
          checkServerIdentity: (_host, cert) =>
            certificateFingerprint(cert.raw) === pin
              ? undefined
              : new Error('the certificate is not the pinned one'),
          signal: init?.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 })),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
}

/** The launcher's join test for an https address against its pins. */
export async function testPinnedConnection(
  url: string,
  pins: readonly string[],
  forumName = 'This forum',
  probe: (url: string) => Promise<PresentedCertificate | null> = probeCertificate,
): Promise<ConnectionTestResult> {
  if (!url.startsWith('https:')) return testConnection(url);
  const cert = await probe(url);
  if (cert === null) return testConnection(url); // unreachable: say so the usual way
  const presented = cert.fingerprint;
  const verdict: PinVerdict =
    pins.length === 0
      ? { kind: 'unknown', fingerprint: presented }
      : pins.includes(presented)
        ? { kind: 'trusted', fingerprint: presented }
        : { kind: 'changed', pinned: pins[0] ?? '', presented };
  if (verdict.kind === 'unknown') {
    return {
      ok: false,
      reason: 'untrusted',
      url,
      fingerprint: presented,
      message: `This forum uses its own certificate. Check with the host that its fingerprint is ${formatFingerprint(presented)} (shown under "Invite people"), then trust it.`,
    };
  }
  if (verdict.kind === 'changed') {
    return {
      ok: false,
      reason: 'certificate-changed',
      url,
      pinned: verdict.pinned,
      presented: verdict.presented,
      message: changedCertificateMessage(forumName, verdict),
    };
  }
  return testConnection(url, { fetch: pinnedFetch(presented, cert.pem) });
}
