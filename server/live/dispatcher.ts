import type { RawData } from 'ws';
import type { ErrorCode } from '../../common/errors';
import {
  missingCase,
  WS_CLOSE,
  type ClientEvent,
  type ClientEventType,
} from '../../common/protocol';
import { serverFrame } from '../events/server-frame';
import type { Logger } from '../logging/logger';
import type { ChatEditsService } from '../services/chat-edits.service';
import type { ChatService, ChatWrite } from '../services/chat.service';
import { AppError } from '../errors/app-error';
import { isDatabaseBusy } from '../../db/sqlite-errors';
import { DATABASE_LOCKED } from './admission';
import { parseClientEvent } from './client-events';
import type { Connection } from './connection';
import type { FloodGuard, Rejection } from './flood-guard';
import type { GroupCommit } from './group-commit';
import type { Hub } from './hub';
import { textFrame } from './transport/transport';
import type { TypingTracker } from './typing';

/**
 * Token cost per message type: typing and read marks are cheap, sending is not. A socket's
 * first `resume` is free: its handshake took a token. A later one is refused, at full cost.
 */
const COST: Record<ClientEventType, number> = {
  'chat.send': 1,
  'chat.edit': 1,
  'chat.delete': 1,
  'typing.start': 0.25,
  'typing.stop': 0.25,
  'chat.read': 0.25,
  resume: 1,
};
const MIN_COST = 0.25;
/** Cost of a message that could not be parsed (floods of garbage count too). */
const INVALID_COST = 1;

const RESUME_NOT_FIRST =
  'resume is accepted only as the first message on a socket. To resume again, open a new socket.';

export function errorFrame(code: ErrorCode, message: string, ref?: string): Buffer {
  const payload = ref === undefined ? { code, message } : { code, message, ref };
  return textFrame(serverFrame('error', payload));
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export interface DispatcherDeps {
  chat: Pick<ChatService, 'checkSend' | 'checkPeer' | 'checkText' | 'checkMember'>;
  /** chat.edit and chat.delete: written at once (a rare write, not group-committed). */
  edits: Pick<ChatEditsService, 'edit' | 'remove'>;
  hub: Hub;
  typing: TypingTracker;
  commits: GroupCommit;
  guard: FloodGuard;
  log: Logger;
  /** The live layer is shutting down. */
  closing(): boolean;
}

/**
 * Every inbound message, in this order: the flood guard (a flooding user's frame is refused
 * unread), parsing from `unknown`, the rate limit (COST), the rule that `resume` comes first
 * or never, then the event itself. Errors go back on the socket; it stays open unless the
 * user floods (1008).
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  sendError(conn: Connection, code: ErrorCode, message: string, ref?: string): void {
    this.deps.hub.enqueue(conn, errorFrame(code, message, ref));
  }

  message(conn: Connection, data: RawData, isBinary: boolean): void {
    const { guard, hub, log } = this.deps;
    const unread = guard.refuseUnread(conn.userId, MIN_COST);
    if (unread) {
      this.refused(conn, unread);
      return;
    }
    if (isBinary) {
      if (this.allowed(conn, INVALID_COST)) {
        this.sendError(conn, 'MALFORMED_JSON', 'Send JSON in text frames.');
      }
      return;
    }
    const parsed = parseClientEvent(textOf(data));
    if (!parsed.ok) {
      if (this.allowed(conn, INVALID_COST, parsed.ref)) {
        this.sendError(conn, parsed.code, parsed.message, parsed.ref);
      }
      return;
    }
    const event = parsed.event;
    const ref =
      event.type === 'chat.send' || event.type === 'chat.edit' || event.type === 'chat.delete'
        ? event.payload.clientId
        : undefined;
    const firstResume = event.type === 'resume' && conn.resumable;
    if (!firstResume && !this.allowed(conn, COST[event.type], ref)) return;
    if (event.type === 'resume' && !firstResume) {
      this.sendError(conn, 'VALIDATION_FAILED', RESUME_NOT_FIRST);
      return;
    }
    conn.resumable = false;
    // Anything but `resume` first means no resume is coming: stop holding events back.
    if (!firstResume) hub.release(conn);
    try {
      this.handle(conn, event);
    } catch (err) {
      log.error('client event failed', { type: event.type, userId: conn.userId, err });
      this.sendError(conn, 'INTERNAL', 'Something went wrong on the server.', ref);
    }
  }

  /** The per-user token bucket: RATE_LIMITED, or 1008 when the user floods (FloodGuard). */
  private allowed(conn: Connection, cost: number, ref?: string): boolean {
    const rejection = this.deps.guard.take(conn.userId, cost);
    if (rejection === null) return true;
    this.refused(conn, rejection, ref);
    return false;
  }

  private refused(conn: Connection, rejection: Rejection, ref?: string): void {
    if (rejection.close) {
      this.deps.hub.disconnect(conn, WS_CLOSE.POLICY, 'too many messages');
      return;
    }
    const wait = rejection.retryAfterSec;
    this.sendError(conn, 'RATE_LIMITED', `Too many messages. Try again in ${wait} s.`, ref);
  }

  /** Queues a chat write for the group commit, or says why it cannot wait (a long lock). */
  private queueWrite(conn: Connection, write: ChatWrite, ref?: string): void {
    if (this.deps.commits.add(conn, write)) return;
    this.sendError(conn, 'UNAVAILABLE', DATABASE_LOCKED, ref);
  }

  /**
   * `peer` is someone the sender may talk to (the rule is ChatService.checkPeer's), or an
   * error says why; `selfMessage` words the refusal of yourself for this event.
   */
  private peerOk(conn: Connection, peer: number, selfMessage: string): boolean {
    const check = this.deps.chat.checkPeer(conn.userId, peer);
    if (check.ok) return true;
    const self = check.code === 'CANNOT_MESSAGE_SELF';
    this.sendError(conn, check.code, self ? selfMessage : check.message);
    return false;
  }

  /** (rooms) The sender is a member of group or room `id`, or an error says why. */
  private memberOk(conn: Connection, id: number, ref?: string): boolean {
    const check = this.deps.chat.checkMember(conn.userId, id);
    if (check.ok) return true;
    this.sendError(conn, check.code, check.message, ref);
    return false;
  }

  /**
   * An edit or delete of one's own message, committed now; its `chat.updated` or
   * `chat.deleted` event reaches both people (this socket too: that is the acknowledgement).
   * A refusal is an `error` frame with the edit's clientId as `ref`.
   */
  private changeMessage(
    conn: Connection,
    event: Extract<ClientEvent, { type: 'chat.edit' | 'chat.delete' }>,
  ): void {
    const { edits } = this.deps;
    const ref = event.payload.clientId;
    if (this.deps.closing()) {
      this.sendError(conn, 'UNAVAILABLE', 'The server is shutting down. Try again.', ref);
      return;
    }
    try {
      if (event.type === 'chat.edit')
        edits.edit(conn.userId, event.payload.id, event.payload.body, event.payload.attachments);
      else edits.remove(conn.userId, event.payload.id);
    } catch (err) {
      if (err instanceof AppError) this.sendError(conn, err.code, err.message, ref);
      else if (isDatabaseBusy(err)) this.sendError(conn, 'UNAVAILABLE', DATABASE_LOCKED, ref);
      else throw err;
    }
  }

  private handle(conn: Connection, event: ClientEvent): void {
    const { chat, typing, hub } = this.deps;
    const stored = ['chat.send', 'chat.read', 'chat.edit', 'chat.delete'];
    if (this.deps.closing() && !stored.includes(event.type)) {
      // Shutting down: sends and read marks are still stored (GroupCommit.finish); typing
      // and resume mean nothing on a socket about to close.
      return;
    }
    switch (event.type) {
      case 'chat.send': {
        const { to, conversationId, body, clientId, attachments = [] } = event.payload;
        if (conversationId !== undefined) {
          const text = chat.checkText(body, attachments);
          if (!text.ok) {
            this.sendError(conn, text.code, text.message, clientId);
            return;
          }
          if (!this.memberOk(conn, conversationId, clientId)) return;
          const send = {
            senderId: conn.userId,
            to: 0,
            conversationId,
            body: text.body,
            clientId,
            attachments,
          };
          this.queueWrite(conn, { send }, clientId);
          return;
        }
        const peer = to ?? 0; // the schema gives exactly one of to and conversationId
        const check = chat.checkSend(conn.userId, peer, body, attachments);
        if (!check.ok) {
          this.sendError(conn, check.code, check.message, clientId);
          return;
        }
        const send = {
          senderId: conn.userId,
          to: peer,
          conversationId: null,
          body: check.body,
          clientId,
          attachments,
        };
        this.queueWrite(conn, { send }, clientId);
        return;
      }
      case 'chat.edit':
      case 'chat.delete':
        this.changeMessage(conn, event);
        return;
      case 'typing.start': {
        const { to, conversationId } = event.payload;
        if (conversationId !== undefined) {
          if (this.memberOk(conn, conversationId)) typing.startIn(conn, conversationId);
          return;
        }
        const peer = to ?? 0;
        if (this.peerOk(conn, peer, 'You cannot type to yourself.')) typing.start(conn, peer);
        return;
      }
      case 'typing.stop': {
        const { to, conversationId } = event.payload;
        if (conversationId !== undefined) typing.stopIn(conn.userId, conversationId);
        else typing.stop(conn.userId, to ?? 0);
        return;
      }
      case 'chat.read': {
        const { conversationId, upTo } = event.payload;
        if (conversationId !== undefined) {
          if (!this.memberOk(conn, conversationId)) return;
          this.queueWrite(conn, { read: { reader: conn.userId, peer: 0, conversationId, upTo } });
          return;
        }
        const peer = event.payload.with ?? 0;
        if (!this.peerOk(conn, peer, 'There is no conversation with yourself.')) return;
        // Written with the next group commit (a read mark is a write: one fsync per batch).
        this.queueWrite(conn, { read: { reader: conn.userId, peer, conversationId: null, upTo } });
        return;
      }
      case 'resume':
        hub.resume(conn, event.payload.since);
        return;
      default:
        missingCase(event);
    }
  }
}
