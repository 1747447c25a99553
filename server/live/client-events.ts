import type { ErrorCode } from '../../common/errors';
import { LIMITS } from '../../common/limits';
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
  const quick = quickParse(raw);
  if (quick !== null) return { ok: true, event: quick };
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

const isPositiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

const SEND_KEYS: ReadonlySet<string> = new Set(['to', 'conversationId', 'body', 'clientId']);

/**
 * The two events every client sends most (`chat.send` without attachments, `resume`),
 * accepted without the schema when they plainly satisfy it: the same rules as
 * `clientEventSchema` (strict keys, one target, positive safe integers, string lengths), at
 * a fraction of its cost per message. Anything else, valid or not, returns null and goes
 * through the schema, so every error stays the schema's (client-events.test.ts checks the
 * two agree).
 */
export function quickParse(raw: Record<string, unknown>): ClientEvent | null {
  const keys = Object.keys(raw);
  if (keys.length !== 2 || !('payload' in raw)) return null;
  const p = raw.payload;
  if (!isObject(p)) return null;
  if (raw.type === 'chat.send') {
    for (const k of Object.keys(p)) if (!SEND_KEYS.has(k)) return null;
    const { to, conversationId, body, clientId } = p;
    if (typeof body !== 'string' || body.length > LIMITS.chatBody.max * 4) return null;
    if (typeof clientId !== 'string' || clientId.length < 1 || clientId.length > 64) return null;
    if (to !== undefined) {
      if (!isPositiveInt(to) || conversationId !== undefined) return null;
      return { type: 'chat.send', payload: { to, body, clientId } };
    }
    if (!isPositiveInt(conversationId)) return null;
    return { type: 'chat.send', payload: { conversationId, body, clientId } };
  }
  if (raw.type === 'resume') {
    const pk = Object.keys(p);
    if (pk.length !== 1 || pk[0] !== 'since') return null;
    const { since } = p;
    if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) return null;
    return { type: 'resume', payload: { since } };
  }
  return null;
}
