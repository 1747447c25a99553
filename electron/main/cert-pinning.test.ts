/**
 * Pinning over real TLS: two HTTPS servers on 127.0.0.1 with certificates made by the host's
 * own code, both valid for that name. The pin of the first accepts it and refuses the
 * second; with no pin the person is asked (TOFU).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCertificate, type HostCertificate } from '../../server/tls/certificate';
import { fingerprintToUrlForm, formatFingerprint } from '@common/fingerprint';
import {
  certificateFingerprint,
  certificateVerifier,
  changedCertificateMessage,
  verifyPinned,
  type PinVerdict,
} from './cert-pinning';

const dirs: string[] = [];
const servers: Server[] = [];
let first: HostCertificate;
let second: HostCertificate;
let firstPort = 0;
let secondPort = 0;

async function serve(cert: HostCertificate): Promise<number> {
  const srv = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => res.end('ok'));
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as AddressInfo).port;
}

/** What a client sees: the certificate the server presents, read without trusting it. */
function presented(port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect(
      { host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false },
      () => {
        const der = sock.getPeerCertificate().raw;
        sock.end();
        resolve(der);
      },
    );
    sock.on('error', reject);
  });
}

beforeAll(async () => {
  const names = ['localhost', '127.0.0.1'];
  for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), 'hearth-pin-')));
  first = await loadOrCreateCertificate(dirs[0]!, { names });
  second = await loadOrCreateCertificate(dirs[1]!, { names });
  firstPort = await serve(first);
  secondPort = await serve(second);
});
afterAll(() => {
  for (const s of servers) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('certificate pinning', () => {
  it('accepts the pinned certificate and refuses another one for the same host name', async () => {
    const pin = first.sha256;
    expect(verifyPinned([pin], await presented(firstPort))).toEqual({
      kind: 'trusted',
      fingerprint: pin,
    });
    expect(verifyPinned([pin], await presented(secondPort))).toEqual({
      kind: 'changed',
      pinned: pin,
      presented: second.sha256,
    });
  });

  it('asks on first use, with the fingerprint the host shows', async () => {
    const v = verifyPinned([], await presented(secondPort));
    expect(v).toEqual({ kind: 'unknown', fingerprint: second.sha256 });
    expect(certificateFingerprint(second.certPem)).toBe(second.sha256);
  });

  it('takes a pin in any spelling an invite or a person gives (colons, link form)', async () => {
    const der = await presented(firstPort);
    expect(verifyPinned([formatFingerprint(first.sha256)], der).kind).toBe('trusted');
    expect(verifyPinned([fingerprintToUrlForm(first.sha256)], der).kind).toBe('trusted');
    expect(verifyPinned(['not a fingerprint'], der).kind).toBe('unknown');
    expect(verifyPinned([first.sha256], 'garbage').kind).toBe('unreadable');
  });

  it('the verify proc: pinned hosts accept only their pin, others keep Chromium’s verdict', async () => {
    const refused: Array<[string, PinVerdict]> = [];
    const verify = certificateVerifier({
      pinsFor: (h) => (h === '127.0.0.1' ? [first.sha256] : []),
      onRefused: (h, v) => refused.push([h, v]),
    });
    const run = (hostname: string, pem: string) =>
      new Promise<number>((resolve) =>
        verify(
          {
            hostname,
            certificate: { data: pem },
            verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID',
          },
          resolve,
        ),
      );
    expect(await run('127.0.0.1', first.certPem)).toBe(0);
    expect(await run('127.0.0.1', second.certPem)).toBe(-2);
    expect(await run('example.org', second.certPem)).toBe(-3);
    expect(refused).toHaveLength(1);
    expect(refused[0]![1].kind).toBe('changed');
  });

  it('explains a changed certificate with both fingerprints and what to do', () => {
    const text = changedCertificateMessage('Garden club', {
      pinned: first.sha256,
      presented: second.sha256,
    });
    expect(text).toContain(formatFingerprint(first.sha256));
    expect(text).toContain(formatFingerprint(second.sha256));
    expect(text).toMatch(/did not connect/);
    expect(text).toMatch(/Ask the host/);
  });
});
