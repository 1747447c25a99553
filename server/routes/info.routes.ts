import type { RequestHandler } from 'express';
import type { ServerInfo } from '../../common/api';
import { API_VERSION } from '../../common/limits';
import { version } from '../../package.json';
import type { ServerContext } from '../context';

export function infoRoutes(ctx: ServerContext): { get: RequestHandler } {
  const info: ServerInfo = {
    app: 'hearth',
    name: ctx.config.forumName,
    version,
    apiVersion: API_VERSION,
    sessionCookie: ctx.sessions.cookie.name,
  };
  return {
    get: (_req, res) => {
      // Public and harmless: lets the desktop launcher probe from any origin.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.json(info);
    },
  };
}
