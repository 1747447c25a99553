import type { ServerEventOf, ServerEventType } from '../../common/protocol';

/** The payload type of a server event, from `common/protocol.ts`. */
export type PayloadOf<T extends ServerEventType> = ServerEventOf<T>['payload'];

/** The server events that carry an `eventId` (durable: replayed after a reconnect). */
export type DurableServerEventType = {
  [T in ServerEventType]: ServerEventOf<T> extends { eventId: number } ? T : never;
}[ServerEventType];

/** The envelope around a payload that is already JSON (a stored event-log row). */
export function envelopeJson(type: ServerEventType, payloadJson: string, eventId?: number): string {
  return eventId === undefined
    ? `{"type":"${type}","payload":${payloadJson}}`
    : `{"type":"${type}","eventId":${eventId},"payload":${payloadJson}}`;
}

/**
 * One server → client envelope as JSON, typed by `common/protocol.ts`: a payload of the wrong
 * shape for `type` fails `npm run check`. Serialises the payload once; the caller frames the
 * string once for every recipient (`live/transport/transport.ts`).
 */
export function serverFrame<T extends Exclude<ServerEventType, DurableServerEventType>>(
  type: T,
  payload: PayloadOf<T>,
): string;
export function serverFrame<T extends DurableServerEventType>(
  type: T,
  payload: PayloadOf<T>,
  eventId: number,
): string;
export function serverFrame<T extends ServerEventType>(
  type: T,
  payload: PayloadOf<T>,
  eventId?: number,
): string {
  return envelopeJson(type, JSON.stringify(payload), eventId);
}
