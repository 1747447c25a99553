/**
 * Invite links, in the two forms a person meets them: the web link (what the QR code holds:
 * a phone's camera opens it in the browser) and the `hearth://` deep link (opens the
 * desktop app's Join flow with the forum filled in). Both carry the forum's address, its
 * certificate fingerprint (HTTPS) and, when it is an invite link, its code. Pure functions:
 * the renderer builds them, the desktop app parses what the OS hands it. A bad link gets a
 * message, never a navigation.
 */
import { fingerprintToUrlForm, normalizeFingerprint } from './fingerprint';

export const DEEP_LINK_SCHEME = 'hearth';
/** Longer than any link Hearth makes: anything past it is not one of ours. */
export const MAX_LINK_LENGTH = 2048;
const CODE = /^[A-Za-z0-9_-]{22}$/;

export interface JoinTarget {
  /** The forum's origin, `http(s)://host:port`. */
  url: string;
  /** SHA-256 of its certificate (64 hex), when the link carries one. */
  fingerprint: string | null;
  /** The invite code, when the link is an invite. */
  invite: string | null;
}

export type ParsedLink = { ok: true; join: JoinTarget } | { ok: false; message: string };

const fail = (message: string): ParsedLink => ({ ok: false, message });

/** The forum address from a link: http(s), a host, no credentials; reduced to its origin. */
function forumOrigin(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (!u.hostname || u.username || u.password) return null;
  return u.origin;
}

function query(
  params: URLSearchParams,
  target: Omit<JoinTarget, 'fingerprint' | 'invite'>,
): ParsedLink {
  const fp = params.get('fp');
  const invite = params.get('invite');
  const fingerprint = fp === null ? null : normalizeFingerprint(fp);
  if (fp !== null && fingerprint === null) {
    return fail('This link’s certificate fingerprint is damaged: ask for the link again.');
  }
  if (invite !== null && !CODE.test(invite)) {
    return fail('This invite link is not complete: ask for the link again.');
  }
  if (fingerprint !== null && !target.url.startsWith('https:')) {
    return fail('This link names a certificate but not an https address: ask for the link again.');
  }
  return { ok: true, join: { ...target, fingerprint, invite } };
}

/** `<forum>/#/join?invite=…&fp=…`: the link people share and the QR code holds. */
export function webInviteLink(t: JoinTarget): string {
  const params = new URLSearchParams();
  if (t.invite) params.set('invite', t.invite);
  if (t.fingerprint) params.set('fp', fingerprintToUrlForm(t.fingerprint));
  const q = params.toString();
  return `${t.url}/#/join${q ? `?${q}` : ''}`;
}

/** `hearth://join?url=…&invite=…&fp=…`: opens the desktop app's Join flow. */
export function deepLink(t: JoinTarget): string {
  const params = new URLSearchParams({ url: t.url });
  if (t.invite) params.set('invite', t.invite);
  if (t.fingerprint) params.set('fp', fingerprintToUrlForm(t.fingerprint));
  return `${DEEP_LINK_SCHEME}://join?${params.toString()}`;
}

/**
 * Reads a link a person pasted or the OS handed the app: a `hearth://join` link, a web
 * invite link (`…/#/join?…`), or a bare forum address.
 */
export function parseJoinLink(input: string): ParsedLink {
  const raw = input.trim();
  if (raw === '') return fail('Paste an invite link or type the forum’s address.');
  if (raw.length > MAX_LINK_LENGTH) return fail('That is too long to be a Hearth link.');
  if (/^hearth:/i.test(raw)) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return fail('That hearth:// link is damaged: ask for the link again.');
    }
    // `hearth://join?…` parses with "join" as the host; `hearth:join?…` as the path.
    const action = (u.host || u.pathname).replace(/^\/+|\/+$/g, '').toLowerCase();
    if (action !== 'join')
      return fail(`Hearth links open forums to join; this one asks for "${action.slice(0, 40)}".`);
    const url = u.searchParams.get('url');
    const origin = url === null ? null : forumOrigin(url);
    if (origin === null)
      return fail('This hearth:// link has no usable forum address (http or https).');
    return query(u.searchParams, { url: origin });
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  const origin = forumOrigin(withScheme);
  if (origin === null)
    return fail('That is not a forum address: use one such as https://192.168.1.20:4000.');
  const hash = new URL(withScheme).hash;
  const m = /^#\/join(?:\?(.*))?$/.exec(hash);
  if (!m) return { ok: true, join: { url: origin, fingerprint: null, invite: null } };
  return query(new URLSearchParams(m[1] ?? ''), { url: origin });
}

/** The first `hearth:` argument on a command line (Windows and Linux hand deep links so). */
export function deepLinkFromArgv(argv: readonly string[]): string | null {
  return argv.find((a) => /^hearth:/i.test(a)) ?? null;
}
