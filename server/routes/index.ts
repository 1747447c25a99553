import { Router, type Request } from 'express';
import type { ServerContext } from '../context';
import { clientRateKey } from '../http/client-ip';
import { jsonBody } from '../http/json-body';
import { limitBy } from '../http/rate-limit';
import { loginBackoff } from '../http/login-backoff';
import type { RateLimiter } from '../security/rate-limiter';
import { getAuth, requireSession } from '../http/require-session';
import { requireRole } from '../http/require-role';
import { MANAGERS, OWNER_ONLY } from '../services/roles.service';
import { authRoutes } from './auth.routes';
import { categoriesRoutes } from './categories.routes';
import { chatRoutes } from './chat.routes';
import { commentsRoutes } from './comments.routes';
import { editsRoutes } from './edits.routes';
import { forumRoutes } from './forum.routes';
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
  const forum = forumRoutes(ctx);
  const edits = editsRoutes(ctx);
  const managers = (what: string) => requireRole(ctx.roles, MANAGERS, what);
  const owner = (what: string) => requireRole(ctx.roles, OWNER_ONLY, what);

  r.get('/info', info.get);

  r.post('/auth/signup', perIp(limit.signup), json, auth.signup);
  // Then per account, from any address (http/login-backoff.ts).
  r.post('/auth/login', perIp(limit.login), json, loginBackoff(ctx), auth.login);
  r.post('/auth/logout', session, auth.logout);
  r.get('/auth/me', session, auth.me);

  // The forum: public state (setup needed? name, sign-up), setup once with the token, then
  // settings (owner, admins) and roles (owner).
  r.get('/forum', forum.get);
  r.post('/forum/setup', perIp(limit.signup), json, forum.setup);
  r.patch('/forum', session, managers("change the forum's settings"), json, forum.update);
  r.get('/forum/staff', session, forum.staff);
  r.get('/forum/categories', session, managers('manage categories'), categories.adminList);
  r.post('/forum/transfer', session, owner('transfer ownership'), json, forum.transfer);
  r.put('/users/:id/role', session, owner('change roles'), json, forum.setRole);
  r.post('/users', session, managers('add people'), json, forum.addUser);

  // Following is a preference of one's own (like read marks), not content: no write limit.
  r.get('/categories', session, categories.list);
  r.put('/categories/:id/follow', session, categories.follow);
  r.delete('/categories/:id/follow', session, categories.unfollow);
  r.post('/categories', session, managers('create categories'), json, categories.create);
  r.put('/categories/order', session, managers('reorder categories'), json, categories.reorder);
  r.patch('/categories/:id', session, managers('change categories'), json, categories.update);
  r.delete('/categories/:id', session, managers('delete categories'), categories.remove);

  r.get('/posts', session, posts.list);
  r.post('/posts', session, perUser(limit.posts), json, posts.create);
  r.get('/posts/:id', session, posts.get);
  r.get('/posts/:id/comments', session, comments.list);
  r.post('/posts/:id/comments', session, perUser(limit.comments), json, comments.create);

  // Edit and delete (authors), delete and restore (moderators and up), earlier versions
  // (moderators and up): the services check who may (edits.routes.ts). Edits count as writes.
  r.patch('/posts/:id', session, perUser(limit.posts), json, edits.editPost);
  r.delete('/posts/:id', session, json, edits.deletePost);
  r.post('/posts/:id/restore', session, json, edits.restorePost);
  r.get('/posts/:id/revisions', session, edits.postRevisions);
  r.patch('/comments/:id', session, perUser(limit.comments), json, edits.editComment);
  r.delete('/comments/:id', session, json, edits.deleteComment);
  r.post('/comments/:id/restore', session, json, edits.restoreComment);
  r.get('/comments/:id/revisions', session, edits.commentRevisions);

  r.get('/users', session, users.directory);

  // Sending, typing and read marks for chat go over the socket (docs/protocol.md).
  r.get('/chat/roster', session, chat.roster);
  r.get('/chat/:userId/messages', session, chat.history);

  r.get('/notifications', session, notifications.list);
  r.post('/notifications/read', session, json, notifications.markRead);

  return r;
}
