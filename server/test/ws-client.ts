/**
 * Test helpers for the live layer: a `ws` client that records every server event, with
 * waits on conditions (never fixed sleeps), and a raw handshake that reports a refusal's
 * status and body.
 */
import WebSocket from 'ws';
import type {
  ClientEvent,
  ServerEvent,
  ServerEventOf,
  ServerEventType,
} from '../../common/protocol';
import type { TestClient, TestServer } from './harness';

export const wsUrl = (srv: { url: string }): string => `${srv.url.replace(/^http/, 'ws')}/ws`;

/** Polls `cond` until true; fails with `what` after `ms`. */
export async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface ConnectOptions {
  /** Default: the server's own origin. null sends none. */
  origin?: string | null;
  /**
   * A number: `resume {since}` right after opening, like the UI after a reconnect.
   * 'hello' (default): `resume` from hello's lastEventId once it arrives, which ends the
   * server's hold at once (what docs/protocol.md recommends for a first connection).
   * 'none': never resume (durable events then flow after the grace period).
   */
  resume?: number | 'hello' | 'none';
  autoPong?: boolean;
}

export class LiveClient {
  readonly events: ServerEvent[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly closedPromise: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) throw new Error('the server sent a binary frame');
      this.events.push(JSON.parse(data.toString('utf8')) as ServerEvent);
    });
    this.closedPromise = new Promise((resolve) => {
      ws.on('close', (code: number, reason: Buffer) => {
        this.closed = { code, reason: reason.toString() };
        resolve(this.closed);
      });
    });
    ws.on('error', () => undefined);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(event: ClientEvent | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  of<T extends ServerEventType>(type: T): ServerEventOf<T>[] {
    return this.events.filter((e): e is ServerEventOf<T> => e.type === type);
  }

  /** Waits for an event of `type` (matching `pred`) that arrives after index `from`. */
  async next<T extends ServerEventType>(
    type: T,
    pred: (e: ServerEventOf<T>) => boolean = () => true,
    opts: { from?: number; ms?: number } = {},
  ): Promise<ServerEventOf<T>> {
    let found: ServerEventOf<T> | undefined;
    await until(
      () => {
        found = this.events
          .slice(opts.from ?? 0)
          .find((e): e is ServerEventOf<T> => e.type === type && pred(e as ServerEventOf<T>));
        return found !== undefined;
      },
      `a ${type} event`,
      opts.ms,
    );
    return found!;
  }

  /** The durable eventIds received, in arrival order. */
  eventIds(): number[] {
    return this.events.flatMap((e) => ('eventId' in e ? [e.eventId] : []));
  }

  waitClosed(ms = 15_000): Promise<{ code: number; reason: string }> {
    return Promise.race([
      this.closedPromise,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timed out waiting for the socket to close')), ms),
      ),
    ]);
  }

  close(): void {
    this.ws.terminate();
  }
}

const open: LiveClient[] = [];
/** Terminates every client opened by `connect` (call in afterEach). */
export function closeAllClients(): void {
  for (const c of open.splice(0)) c.close();
}

/** Opens an authenticated socket for `client` (a signed-in TestClient). */
export async function connect(
  srv: TestServer | { url: string },
  client: TestClient | null,
  options: ConnectOptions = {},
): Promise<LiveClient> {
  const origin = options.origin === undefined ? srv.url : options.origin;
  const headers: Record<string, string> = {};
  if (client?.cookie) headers.cookie = client.cookie;
  if (origin !== null) headers.origin = origin;
  const ws = new WebSocket(wsUrl(srv), { headers, autoPong: options.autoPong ?? true });
  const live = new LiveClient(ws);
  open.push(live);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const resume = options.resume ?? 'hello';
  if (typeof resume === 'number') live.send({ type: 'resume', payload: { since: resume } });
  const hello = await live.next('hello');
  if (resume === 'hello') {
    live.send({ type: 'resume', payload: { since: hello.payload.lastEventId } });
  }
  return live;
}

/** A handshake expected to be refused: its HTTP status, JSON body and headers. */
export function refusedHandshake(
  srv: { url: string },
  headers: Record<string, string>,
  path = '/ws',
): Promise<{ status: number; body: unknown; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${srv.url.replace(/^http/, 'ws')}${path}`, { headers });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the handshake was accepted'));
    });
    ws.on('error', () => undefined);
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the assertion shows the text
        }
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
  });
}

/**
 * Floods `recipientId` from `sender` (4 KB messages, 50 at a time, each batch echoed) until
 * the server no longer counts the recipient online: its socket, paused by the test, was cut
 * for backpressure. Bounded at 20,000 messages.
 */
export async function floodUntilCut(
  isOnline: () => boolean,
  sender: LiveClient,
  recipientId: number,
): Promise<void> {
  const body = 'z'.repeat(4000);
  let i = 0;
  while (isOnline() && i < 20_000) {
    for (let k = 0; k < 50; k++, i++) {
      sender.send({ type: 'chat.send', payload: { to: recipientId, body, clientId: `p${i}` } });
    }
    await sender.next('chat.message', (e) => e.payload.clientId === `p${i - 1}`);
  }
}
