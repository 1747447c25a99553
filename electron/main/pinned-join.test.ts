/** Joining over HTTPS against a real forum host with its own certificate (and an impostor). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/harness';
import { pinnedFetch, probeCertificate, testPinnedConnection } from './pinned-join';

let real: TestServer;
let impostor: TestServer;
beforeAll(async () => {
  // The harness trusts test certificates process-wide; the pinned path must not rely on it,
  // so the impostor is the real test: same host name, another certificate.
  real = await startTestServer({ https: true, forumName: 'Garden club' });
  impostor = await startTestServer({ https: true, forumName: 'Garden club' });
});
afterAll(async () => {
  await real.close();
  await impostor.close();
});

describe('joining a forum over HTTPS with pinning', () => {
  it('reads the certificate an address presents', async () => {
    expect((await probeCertificate(real.url))?.fingerprint).toBe(real.server.certificate!.sha256);
    expect(await probeCertificate('https://127.0.0.1:1')).toBeNull();
  });

  it('asks first (TOFU), joins with the pin, refuses the impostor with both fingerprints', async () => {
    const pin = real.server.certificate!.sha256;
    const first = await testPinnedConnection(real.url, []);
    expect(first).toMatchObject({ ok: false, reason: 'untrusted', fingerprint: pin });

    const ok = await testPinnedConnection(real.url, [pin]);
    expect(ok).toMatchObject({ ok: true, info: { name: 'Garden club' } });

    // The same host name and forum name, another certificate: refused, explained.
    const impostorUrl = impostor.url;
    const refused = await testPinnedConnection(impostorUrl, [pin], 'Garden club');
    expect(refused).toMatchObject({
      ok: false,
      reason: 'certificate-changed',
      pinned: pin,
      presented: impostor.server.certificate!.sha256,
    });
    if (!refused.ok) expect(refused.message).toMatch(/did not connect/);
  });

  it('the pinned fetch sends nothing to a server with another certificate', async () => {
    const { readFileSync } = await import('node:fs');
    const pem = readFileSync(real.server.certificate!.certPath, 'utf8');
    const wrong = pinnedFetch(real.server.certificate!.sha256, pem);
    await expect(wrong(`${impostor.url}/api/info`)).rejects.toThrow();
    const right = await wrong(`${real.url}/api/info`);
    expect(right.status).toBe(200);
  });
});
