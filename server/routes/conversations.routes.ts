import type { RequestHandler } from 'express';
import { chatHistoryQuery, idPathParam } from '../../common/api';
import {
  addMembersSchema,
  createConversationSchema,
  updateConversationSchema,
} from '../../common/conversations';
import type { ServerContext } from '../context';
import { getAuth } from '../http/require-session';
import { parseBody, parseParam, parseQuery } from '../http/validate';
import type { Actor } from '../services/conversation-rules';

/** (rooms) Groups and rooms over REST; sends, reads and typing go over the socket. */
export function conversationsRoutes(ctx: ServerContext) {
  const actor = (req: Parameters<RequestHandler>[0]): Actor => {
    const { user } = getAuth(req);
    return { id: user.id, role: user.role };
  };
  const id = (req: Parameters<RequestHandler>[0]) => parseParam(idPathParam, req.params.id, 'id');

  const list: RequestHandler = (req, res) => {
    res.json(ctx.conversations.list(getAuth(req).user.id));
  };
  const directory: RequestHandler = (req, res) => {
    res.json(ctx.conversations.directory(getAuth(req).user.id));
  };
  const get: RequestHandler = (req, res) => {
    res.json(ctx.conversations.detail(actor(req), id(req)));
  };
  const create: RequestHandler = (req, res) => {
    const body = parseBody(createConversationSchema, req.body);
    res.status(201).json(ctx.conversations.create(actor(req), body));
  };
  const update: RequestHandler = (req, res) => {
    const body = parseBody(updateConversationSchema, req.body);
    res.json(ctx.conversations.update(actor(req), id(req), body));
  };
  const addMembers: RequestHandler = (req, res) => {
    const body = parseBody(addMembersSchema, req.body);
    res.json(ctx.conversations.addMembers(actor(req), id(req), body.userIds));
  };
  const removeMember: RequestHandler = (req, res) => {
    const userId = parseParam(idPathParam, req.params.userId, 'userId');
    ctx.conversations.removeMember(actor(req), id(req), userId);
    res.status(204).end();
  };
  const messages: RequestHandler = (req, res) => {
    const q = parseQuery(chatHistoryQuery, req.query);
    res.json(ctx.conversations.messages(getAuth(req).user.id, id(req), q));
  };

  return { list, directory, get, create, update, addMembers, removeMember, messages };
}
