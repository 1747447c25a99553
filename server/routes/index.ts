import { Router, type Request } from 'express';
import type { ServerContext } from '../context';
import { clientRateKey } from '../http/client-ip';
import { jsonBody } from '../http/json-body';
import { limitBy } from '../http/rate-limit';
import { loginBackoff } from '../http/login-backoff';
import type { RateLimiter } from '../security/rate-limiter';
import { getAuth, requireSession } from '../http/require-session';
import { authRoutes } from './auth.routes';
import { categoriesRoutes } from './categories.routes';
import { chatRoutes } from './chat.routes';
import { commentsRoutes } from './comments.routes';
import { infoRoutes } from './info.routes';
import { notificationsRoutes } from './notifications.routes';
import { postsRoutes } from './posts.routes';
import { usersRoutes } from './users.routes';

/**
 * The REST API, mounted at /api. docs/api.md documents each route. Middleware order per
 * route: rate limit by IP → session → rate limit by user → JSON body → handler, so an
 * anonymous caller gets 401 before anything is parsed.
 */
export function apiRouter(ctx: ServerContext): Router {
  const r = Router();
  const session = requireSession(ctx.sessions);
  const json = jsonBody();
  const { limiters: limit } = ctx;
  // Sign-up and login count every attempt per IP (IPv6: per /64, see client-ip.ts); content
  // counts accepted writes per user.
  const perIp = (limiter: RateLimiter) => limitBy(limiter, clientRateKey);
  const perUser = (limiter: RateLimiter) =>
    limitBy(limiter, (req: Request) => getAuth(req).user.id, { onlyAccepted: true });

  const info = infoRoutes(ctx);
  const auth = authRoutes(ctx);
  const categories = categoriesRoutes(ctx);
  const posts = postsRoutes(ctx);
  const comments = commentsRoutes(ctx);
  const users = usersRoutes(ctx);
  const chat = chatRoutes(ctx);
  const notifications = notificationsRoutes(ctx);

  r.get('/info', info.get);

  r.post('/auth/signup', perIp(limit.signup), json, auth.signup);
  // Then per account, from any address (http/login-backoff.ts).
  r.post('/auth/login', perIp(limit.login), json, loginBackoff(ctx), auth.login);
  r.post('/auth/logout', session, auth.logout);
  r.get('/auth/me', session, auth.me);

  // Following is a preference of one's own (like read marks), not content: no write limit.
  r.get('/categories', session, categories.list);
  r.put('/categories/:id/follow', session, categories.follow);
  r.delete('/categories/:id/follow', session, categories.unfollow);

  r.get('/posts', session, posts.list);
  r.post('/posts', session, perUser(limit.posts), json, posts.create);
  r.get('/posts/:id', session, posts.get);
  r.get('/posts/:id/comments', session, comments.list);
  r.post('/posts/:id/comments', session, perUser(limit.comments), json, comments.create);

  r.get('/users', session, users.directory);

  // Sending, typing and read marks for chat go over the socket (docs/protocol.md).
  r.get('/chat/roster', session, chat.roster);
  r.get('/chat/:userId/messages', session, chat.history);

  r.get('/notifications', session, notifications.list);
  r.post('/notifications/read', session, json, notifications.markRead);

  return r;
}
