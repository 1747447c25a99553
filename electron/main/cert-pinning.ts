/**
 * Certificate pinning for saved forums: the desktop app trusts a forum's self-signed
 * certificate by its SHA-256 fingerprint, learned from an invite or confirmed once by the
 * person (trust on first use), never by a certificate authority. Pure functions; main wires
 * `certificateVerifier` into each forum session's `setCertificateVerifyProc`.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { formatFingerprint, normalizeFingerprint } from '@common/fingerprint';

/** The SHA-256 of a certificate (PEM or DER), 64 lowercase hex digits; null if unreadable. */
export function certificateFingerprint(cert: string | Buffer): string | null {
  try {
    return createHash('sha256').update(new X509Certificate(cert).raw).digest('hex');
  } catch {
    return null;
  }
}

export type PinVerdict =
  /** The certificate is the pinned one. */
  | { kind: 'trusted'; fingerprint: string }
  /** Nothing pinned for this forum yet: ask the person (TOFU), showing the fingerprint. */
  | { kind: 'unknown'; fingerprint: string }
  /** A different certificate than the pinned one: refuse, explain, offer re-trust. */
  | { kind: 'changed'; pinned: string; presented: string }
  | { kind: 'unreadable' };

/**
 * Checks a presented certificate against the pins kept for that host name. Several saved
 * forums can share a host (different ports), so any of their pins matches; a certificate
 * that matches none of several is `changed`.
 */
export function verifyPinned(pins: readonly string[], presented: string | Buffer): PinVerdict {
  const fingerprint = certificateFingerprint(presented);
  if (fingerprint === null) return { kind: 'unreadable' };
  const normalized = pins.map((p) => normalizeFingerprint(p)).filter((p) => p !== null);
  if (normalized.length === 0) return { kind: 'unknown', fingerprint };
  if (normalized.includes(fingerprint)) return { kind: 'trusted', fingerprint };
  return { kind: 'changed', pinned: normalized[0] ?? '', presented: fingerprint };
}

/** Words for a refused certificate, shown on the launcher with "Trust the new one…". */
export function changedCertificateMessage(
  forumName: string,
  v: { pinned: string; presented: string },
): string {
  return [
    `"${forumName}" presented a different certificate than the one you trusted, so Hearth did not connect.`,
    'This happens when the host moved the forum to a new computer or lost its data folder, but it is also what an impostor on the network would look like.',
    `Trusted:   ${formatFingerprint(v.pinned)}`,
    `Presented: ${formatFingerprint(v.presented)}`,
    'Ask the host to read you the fingerprint shown under "Invite people"; trust the new one only if it matches.',
  ].join('\n');
}

/** What Electron's certificate verify proc passes (the parts used). */
export interface VerifyRequest {
  hostname: string;
  certificate: { data: string };
  /** Chromium's own verdict: `net::OK` for a CA-signed certificate. */
  verificationResult: string;
}

/**
 * A `setCertificateVerifyProc` callback: 0 accepts, -2 refuses, -3 leaves the decision to
 * Chromium. Hosts with pins accept only a pinned certificate (even a CA-signed other one:
 * the pin is the trust); hosts without pins keep Chromium's verdict. A refusal is reported
 * through `onRefused`, once per request, so the app can explain it.
 */
export function certificateVerifier(deps: {
  pinsFor(hostname: string): readonly string[];
  onRefused(hostname: string, verdict: PinVerdict): void;
}): (request: VerifyRequest, callback: (result: number) => void) => void {
  return (request, callback) => {
    const pins = deps.pinsFor(request.hostname);
    if (pins.length === 0) {
      callback(-3);
      return;
    }
    const verdict = verifyPinned(pins, request.certificate.data);
    if (verdict.kind === 'trusted') {
      callback(0);
      return;
    }
    deps.onRefused(request.hostname, verdict);
    callback(-2);
  };
}
