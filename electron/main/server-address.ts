/**
 * The launcher's "Test connection": probe a forum so a failure says what is wrong
 * (unreachable, not Hearth, incompatible version).
 */
import { z } from 'zod';
import type { ConnectionTestResult } from '@common/desktop';
import { API_VERSION } from '@common/limits';
import { normalizeServerAddress } from '@common/server-address';

export { normalizeServerAddress, type AddressResult } from '@common/server-address';

const serverInfoSchema = z.object({
  app: z.literal('hearth'),
  name: z.string(),
  version: z.string(),
  apiVersion: z.number().int(),
});

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening on that port',
  ENOTFOUND: 'that host name is unknown',
  EAI_AGAIN: 'that host name could not be looked up',
  EHOSTUNREACH: 'that computer cannot be reached',
  ENETUNREACH: 'that network cannot be reached',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
};

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  return REASONS[code] ?? 'the connection failed';
}

export interface TestConnectionOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  apiVersion?: number;
}

export async function testConnection(
  input: string,
  options: TestConnectionOptions = {},
): Promise<ConnectionTestResult> {
  const address = normalizeServerAddress(input);
  if (!address.ok) return { ok: false, reason: 'invalid', message: address.message };
  const { url } = address;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const expected = options.apiVersion ?? API_VERSION;
  const where = new URL(url).host;

  let response: Response;
  try {
    response = await doFetch(`${url}/api/info`, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return {
      ok: false,
      reason: 'unreachable',
      url,
      message: `Could not reach ${where}: ${networkReason(err, timeoutMs)}. Check the address, that the host's Hearth is running, and that you are on the same network.`,
    };
  }

  const notHearth = {
    ok: false,
    reason: 'not-hearth',
    url,
    message: `${where} answered, but it is not a Hearth forum. Check the port number.`,
  } as const;
  if (response.status === 421 && (await isUnknownHostAnswer(response))) {
    const name = new URL(url).hostname;
    return {
      ok: false,
      reason: 'name-refused',
      url,
      message: `${where} is a Hearth forum, but it does not answer to the name "${name}". Use its IP address, or ask the host to allow the name (npm run host -- --allowed-host ${name}).`,
    };
  }
  if (!response.ok) return notHearth;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return notHearth;
  }
  const info = serverInfoSchema.safeParse(body);
  if (!info.success) return notHearth;

  if (info.data.apiVersion !== expected) {
    const newer = info.data.apiVersion > expected;
    return {
      ok: false,
      reason: 'incompatible',
      url,
      info: info.data,
      message: newer
        ? `"${info.data.name}" runs Hearth ${info.data.version}, which is newer than this app. Update Hearth to join it.`
        : `"${info.data.name}" runs an older Hearth (${info.data.version}). Ask the host to update, then try again.`,
    };
  }
  return { ok: true, url, info: info.data };
}

/** Hearth's answer to a Host name it does not serve: 421 with the UNKNOWN_HOST error. */
async function isUnknownHostAnswer(response: Response): Promise<boolean> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } } | null;
    return body?.error?.code === 'UNKNOWN_HOST';
  } catch {
    return false;
  }
}
