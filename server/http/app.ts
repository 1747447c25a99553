import express, { type Express } from 'express';
import type { ServerContext } from '../context';
import { apiRouter } from '../routes/index';
import { errorHandler, notFound } from './error-handler';
import { hostCheck } from './host-check';
import { sameOriginWrites } from './same-origin';
import { securityHeaders } from './security-headers';
import { staticUi } from './static-ui';

/**
 * The Express app: security headers, the Host check, /api, the UI, then 404 and the error
 * handler (last).
 */
export function createApp(ctx: ServerContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // API responses are private and change constantly; hashing every body for an ETag is waste.
  app.set('etag', false);
  // req.secure (the cookie's Secure, the CSP's wss:, the Origin check) believes
  // X-Forwarded-Proto only from the configured reverse proxies, as client-ip.ts does.
  const proxies = ctx.config.trustProxy;
  app.set('trust proxy', (address: string) => proxies.trusts(address));

  app.use(securityHeaders());
  // Before anything reads a cookie or a body: a DNS-rebound name gets 421.
  app.use(hostCheck(ctx.config.allowedOrigins.hosts));
  const sameOrigin = sameOriginWrites(ctx.config.allowedOrigins);
  // One layer for the three (each Express layer costs every request a prefix match).
  app.use('/api', (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // No CORS here, and no Express "GET, HEAD, POST" text: a preflight gets an empty 204
    // without Access-Control-* headers, so a browser on another site stops there.
    if (req.method === 'OPTIONS') res.status(204).end();
    else sameOrigin(req, res, next);
  });
  app.use('/api', apiRouter(ctx));
  app.use('/api', notFound);
  app.use(staticUi(ctx.config.staticDir));
  app.use(notFound);
  app.use(errorHandler(ctx.log.scoped('http')));
  return app;
}
