import type { RequestHandler } from 'express';
import type { ServerInfo } from '../../common/api';
import { API_VERSION } from '../../common/limits';
import { version } from '../../package.json';
import type { ServerContext } from '../context';

export function infoRoutes(ctx: ServerContext): { get: RequestHandler } {
  const info: Omit<ServerInfo, 'name'> = {
    app: 'hearth',
    version,
    apiVersion: API_VERSION,
    sessionCookie: ctx.sessions.cookie.name,
  };
  return {
    get: (_req, res) => {
      // Public and harmless: lets the desktop launcher probe from any origin.
      res.setHeader('Access-Control-Allow-Origin', '*');
      // The name the owner set (setup, settings), else the configured one.
      res.json({ ...info, name: ctx.forum.settings().name } satisfies ServerInfo);
    },
  };
}
