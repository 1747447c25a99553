import type { ErrorCode } from '../../common/errors';
import { clientEventSchema, type ClientEvent } from '../../common/protocol';

export type ParsedClientEvent =
  { ok: true; event: ClientEvent } | { ok: false; code: ErrorCode; message: string; ref?: string };

const KNOWN_TYPES: ReadonlySet<string> = new Set(
  clientEventSchema.options.map((o) => o.shape.type.value),
);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The clientId of a chat.send, even a malformed one, so its error can name it. */
function refOf(v: Record<string, unknown>): string | undefined {
  const payload = v.payload;
  if (!isObject(payload)) return undefined;
  const id = payload.clientId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}

/** A client-chosen name (a type, a field) quoted for an error message, cut at 40 characters. */
const describe = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Parses one inbound text frame from `unknown`: not JSON → MALFORMED_JSON; no or unknown
 * `type` → UNKNOWN_EVENT; a known type with a bad payload → VALIDATION_FAILED naming the
 * field. Identity never comes from here: it is the socket's session.
 */
export function parseClientEvent(text: string): ParsedClientEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'MALFORMED_JSON', message: 'The message is not valid JSON.' };
  }
  if (!isObject(raw) || typeof raw.type !== 'string') {
    return {
      ok: false,
      code: 'UNKNOWN_EVENT',
      message: 'Send an object of the form {"type": "...", "payload": {...}}.',
    };
  }
  if (!KNOWN_TYPES.has(raw.type)) {
    return {
      ok: false,
      code: 'UNKNOWN_EVENT',
      message: `Unknown event type ${describe(raw.type)}.`,
    };
  }
  const result = clientEventSchema.safeParse(raw);
  if (result.success) return { ok: true, event: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : raw.type;
  const detail =
    issue?.code === 'unrecognized_keys'
      ? `unknown field ${describe(issue.keys[0] ?? '')}`
      : issue?.message;
  const ref = raw.type === 'chat.send' ? refOf(raw) : undefined;
  return {
    ok: false,
    code: 'VALIDATION_FAILED',
    message: `Invalid ${raw.type}: ${where}: ${detail ?? 'invalid'}.`,
    ...(ref !== undefined ? { ref } : {}),
  };
}
