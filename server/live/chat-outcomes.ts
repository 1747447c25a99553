import type { ErrorCode } from '../../common/errors';
import { missingCase } from '../../common/protocol';
import { serverFrame } from '../events/server-frame';
import type { ChatWriteOutcome } from '../services/chat.service';
import type { Connection } from './connection';
import type { Hub } from './hub';
import { textFrame } from './transport/transport';
import type { TypingTracker } from './typing';

export interface OutcomeDeps {
  hub: Hub;
  typing: TypingTracker;
  sendError(conn: Connection, code: ErrorCode, message: string, ref?: string): void;
}

/**
 * What the group commit does with one write's outcome, once its batch is durable and
 * published: what the hub keeps in memory for a stored message, the stored message again
 * for a retry, the error for a refused send.
 */
export function deliverOutcome(
  deps: OutcomeDeps,
  conn: Connection,
  outcome: ChatWriteOutcome,
): void {
  const { hub, typing } = deps;
  switch (outcome.kind) {
    case 'sent': {
      // The message itself went to both sides through the publisher, after the commit
      // (ChatService.commit); here only what the hub keeps in memory.
      const { send, event } = outcome;
      if (send.conversationId === undefined || send.conversationId === null) {
        hub.chatMessageStored(send.to, send.senderId);
        typing.stop(send.senderId, send.to);
      } else {
        hub.conversationMessageStored(send.conversationId, event.audience ?? [], send.senderId);
        typing.stopIn(send.senderId, send.conversationId);
      }
      return;
    }
    case 'duplicate':
      // A retry: the same message and eventId again, to the socket that retried.
      if (outcome.eventId !== null) {
        const json = serverFrame('chat.message', outcome.message, outcome.eventId);
        hub.deliverDurable(conn, textFrame(json));
      }
      return;
    case 'failed':
      deps.sendError(conn, outcome.code, outcome.message, outcome.send.clientId);
      return;
    case 'read':
      // Every socket of the reader got the new counts through the publisher, when
      // something was marked (ChatService.commit).
      return;
    default:
      missingCase(outcome);
  }
}
