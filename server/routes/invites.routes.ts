import { createHash } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { TLSSocket } from 'node:tls';
import type { Request, RequestHandler } from 'express';
import {
  discoverySettingsSchema,
  idPathParam,
  inviteCreateSchema,
  type InviteShare,
} from '../../common/api';
import type { ServerContext } from '../context';
import { isSecureRequest } from '../http/client-ip';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam } from '../http/validate';
import { lanReach } from '../entry/lan-addresses';

const CODE = /^[A-Za-z0-9_-]{22}$/;
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/** The SHA-256 of the certificate this connection was served with; null over plain HTTP. */
function servedFingerprint(req: Request): string | null {
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted !== true || typeof socket.getCertificate !== 'function') return null;
  const cert = socket.getCertificate();
  return cert && 'raw' in cert ? createHash('sha256').update(cert.raw).digest('hex') : null;
}

/**
 * The addresses to share: the one the viewer reached the forum by (unless it is this
 * machine's loopback), then every LAN address of the host.
 */
function shareUrls(req: Request, ctx: ServerContext): string[] {
  const scheme = isSecureRequest(req) ? 'https' : 'http';
  const urls: string[] = [];
  const host = req.headers.host;
  if (host && !LOOPBACK_HOST.test(host)) urls.push(`${scheme}://${host}`);
  const port = req.socket.localPort;
  if (port !== undefined) {
    const reach = lanReach(networkInterfaces(), ctx.config.host, port, scheme);
    if (reach.kind === 'urls') urls.push(...reach.urls);
  }
  return [...new Set(urls)];
}

/** Invite people: what to share, and invite links (owner, admins). */
export function invitesRoutes(ctx: ServerContext) {
  const share: RequestHandler = (req, res) => {
    const { user } = getAuth(req);
    const settings = ctx.forum.settings();
    const body: InviteShare = {
      forumName: settings.name,
      urls: shareUrls(req, ctx),
      fingerprint: servedFingerprint(req),
      forumId: ctx.sessions.cookie.name.slice('hearth_'.length),
      signupOpen: settings.signupOpen,
      canCreate: ctx.invites.canCreate(ctx.roles.roleOf(user.id)),
    };
    res.json(body);
  };

  const create: RequestHandler = (req, res) => {
    const input = parseBody(inviteCreateSchema, req.body);
    res.status(201).json(ctx.invites.create(getAuth(req).user.id, input));
  };

  const list: RequestHandler = (req, res) => {
    res.json(ctx.invites.list(getAuth(req).user.id));
  };

  const revoke: RequestHandler = (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    res.json(ctx.invites.revoke(getAuth(req).user.id, id));
  };

  const check: RequestHandler = (req, res) => {
    const code = String(req.params.code ?? '');
    res.json(
      CODE.test(code)
        ? ctx.invites.check(code, ctx.forum.settings().name)
        : { valid: false, reason: 'unknown' },
    );
  };

  const discovery: RequestHandler = (req, res) => {
    res.json(ctx.invites.discovery(getAuth(req).user.id));
  };

  const setDiscovery: RequestHandler = (req, res) => {
    const input = parseBody(discoverySettingsSchema, req.body);
    res.json(ctx.invites.setDiscovery(getAuth(req).user.id, input));
  };

  return { share, create, list, revoke, check, discovery, setDiscovery };
}
