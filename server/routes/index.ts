import { Router, type Request } from 'express';
import type { ServerContext } from '../context';
import { clientRateKey } from '../http/client-ip';
import { jsonBody } from '../http/json-body';
import { limitBy } from '../http/rate-limit';
import { loginBackoff, passwordCheckBackoff } from '../http/login-backoff';
import type { RateLimiter } from '../security/rate-limiter';
import { getAuth, requireSession } from '../http/require-session';
import { requireRole } from '../http/require-role';
import { accountsRoutes } from './accounts.routes';
import { MANAGERS, OWNER_ONLY, STAFF } from '../services/roles.service';
import { authRoutes } from './auth.routes';
import { categoriesRoutes } from './categories.routes';
import { chatRoutes } from './chat.routes';
import { conversationsRoutes } from './conversations.routes';
import { commentsRoutes } from './comments.routes';
import { editsRoutes } from './edits.routes';
import { forumRoutes } from './forum.routes';
import { infoRoutes } from './info.routes';
import { moderationRoutes } from './moderation.routes';
import { notificationsRoutes } from './notifications.routes';
import { attentionRoutes } from './attention.routes';
import { postsRoutes } from './posts.routes';
import { reactionsRoutes } from './reactions.routes';
import { searchRoutes } from './search.routes';
import { usersRoutes } from './users.routes';
import { filesRoutes } from './files.routes';
import { invitesRoutes } from './invites.routes';

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
  const accounts = accountsRoutes(ctx);
  const edits = editsRoutes(ctx);
  const managers = (what: string) => requireRole(ctx.roles, MANAGERS, what);
  const owner = (what: string) => requireRole(ctx.roles, OWNER_ONLY, what);
  const staff = (what: string) => requireRole(ctx.roles, STAFF, what);
  const mod = moderationRoutes(ctx);
  const conversations = conversationsRoutes(ctx);
  const attention = attentionRoutes(ctx);

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
  // The feed (issue 13) is the other hot read: early in the table, so a request walks few routes.
  r.get('/feed', session, attention.feed);
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

  // Accounts and profiles (issue 10): profiles, one's own account, password-reset links. A
  // wrong current password counts as a failed login of that account (http/login-backoff.ts);
  // reset links are checked and used without a session, limited per IP like login.
  r.get('/users/:id/profile', session, accounts.profile);
  r.get('/users/by-nickname/:nickname/profile', session, accounts.profileByNickname);
  r.patch('/auth/me', session, perUser(limit.comments), json, accounts.updateMe);
  r.post('/auth/password', session, json, passwordCheckBackoff(ctx), accounts.changePassword);
  r.post(
    '/users/:id/reset-link',
    session,
    managers('make password-reset links'),
    accounts.createResetLink,
  );
  r.get('/auth/reset/:token', perIp(limit.login), accounts.checkReset);
  r.post('/auth/reset', perIp(limit.login), json, accounts.reset);
  // Moderation (moderators, admins, the owner): pin, lock, suspend, the log.
  r.put('/posts/:id/pin', session, staff('pin posts'), json, mod.pin);
  r.delete('/posts/:id/pin', session, staff('pin posts'), json, mod.unpin);
  r.put('/posts/:id/lock', session, staff('lock posts'), json, mod.lock);
  r.delete('/posts/:id/lock', session, staff('lock posts'), json, mod.unlock);
  r.get('/users/:id/suspension', session, staff('see suspensions'), mod.suspension);
  r.put('/users/:id/suspension', session, staff('suspend people'), json, mod.suspend);
  r.delete('/users/:id/suspension', session, staff('unsuspend people'), json, mod.unsuspend);
  r.get('/moderation/log', session, staff('read the moderation log'), mod.log);

  // (rooms) Groups and public rooms: the services check who may (conversations.service.ts).
  // Creating one and adding people count as writes; sending goes over the socket.
  r.get('/conversations', session, conversations.list);
  r.post('/conversations', session, perUser(limit.posts), json, conversations.create);
  r.get('/conversations/:id', session, conversations.get);
  r.patch('/conversations/:id', session, json, conversations.update);
  r.post(
    '/conversations/:id/members',
    session,
    perUser(limit.comments),
    json,
    conversations.addMembers,
  );
  r.delete('/conversations/:id/members/:userId', session, conversations.removeMember);
  r.get('/conversations/:id/messages', session, conversations.messages);
  r.get('/rooms', session, conversations.directory);
  // Pictures and files (issue 12): the body is the file, streamed to disk with its size
  // checked as it arrives (no json middleware); reading follows the item it hangs on.
  const files = filesRoutes(ctx);
  r.post('/uploads', session, files.upload);
  r.get('/files/:id', session, files.file);
  r.get('/files/:id/thumb', session, files.thumb);
  r.put('/auth/me/avatar', session, perUser(limit.comments), files.setAvatar);
  r.delete('/auth/me/avatar', session, files.removeAvatar);
  r.get('/avatars', session, files.avatars);
  r.get('/users/:id/avatar/:size', session, files.avatar);
  // Rich content (issue 12): search, and reactions on posts, comments and messages (the
  // services check who can see the item).
  const search = searchRoutes(ctx);
  const reactions = reactionsRoutes(ctx);
  r.get('/search', session, search.search);
  r.get('/reactions', session, reactions.list);
  r.put('/reactions', session, perUser(limit.reactions), json, reactions.add);
  r.delete('/reactions', session, perUser(limit.reactions), json, reactions.remove);
  // Attention (issue 13): grouped notifications, per-post levels, opening a post (a read mark
  // of one's own: no write limit, and nothing is written when nothing changed).
  r.get('/notifications/groups', session, attention.groups);
  r.get('/posts/:id/level', session, attention.level);
  r.put('/posts/:id/level', session, json, attention.setLevel);
  r.post('/posts/:id/read', session, attention.open);
  // Invite people (issue 14): what to share (anyone signed in), invite links (owner,
  // admins), and the public check the invite page makes (limited per IP like login).
  const invites = invitesRoutes(ctx);
  r.get('/invites/share', session, invites.share);
  r.get('/invites', session, managers('see invite links'), invites.list);
  r.post('/invites', session, managers('make invite links'), json, invites.create);
  r.delete('/invites/:id', session, managers('withdraw invite links'), invites.revoke);
  r.get('/invites/check/:code', perIp(limit.login), invites.check);
  r.get(
    '/invites/discovery',
    session,
    managers('see how the forum is announced'),
    invites.discovery,
  );
  r.put(
    '/invites/discovery',
    session,
    managers('change how the forum is announced'),
    json,
    invites.setDiscovery,
  );

  return r;
}
