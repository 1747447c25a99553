/**
 * A load generator process for bench/live.ts: holds its share of the clients (one process
 * holds at most ~19k sockets here), sends DMs at the rate it is given, and measures delivery
 * latency at the recipient (the sender's clock is written in the message body; every
 * process reads the same wall clock). Speaks Hearth's protocol, the ws relay's or socket.io's
 * (engine.io framing by hand), all over the same minimal client (raw-ws.ts).
 */
import { nowMs, type ClientSeed, type LoadCommand, type LoadReply, type Target } from './live-ipc';
import { RawWs } from './raw-ws';

interface Client {
  seed: ClientSeed;
  send(to: number, body: string, clientId: string): void;
  /** Asks the server to broadcast a post (the baselines take it over the socket). */
  trigger(): void;
  close(): void;
}

const reply = (m: LoadReply) => process.send?.(m);

let clients: Client[] = [];
let target: Target = 'hearth';
let baseUrl = '';
let userCount = 0;
let delivered = 0;
let acked = 0;
let errors = 0;
let latencies: number[] = [];
let broadcastCount = 0;
let broadcastLastAt = 0;
let seq = 0;

function onDm(me: number, m: { from: number; to: number; body: string }): void {
  if (m.to === me) {
    delivered++;
    latencies.push(nowMs() - Number(m.body));
  } else if (m.from === me) {
    acked++;
  }
}

function onBroadcast(): void {
  broadcastCount++;
  broadcastLastAt = nowMs();
}

const portOf = (url: string): number => Number(new URL(url).port);

/** Opens a raw socket; resolves once `ready(ws)` says the protocol's own greeting arrived. */
function rawClient(
  seed: ClientSeed,
  path: string,
  headers: Record<string, string>,
  onText: (ws: RawWs, text: string, ready: () => void) => void,
  api: (ws: RawWs) => Omit<Client, 'seed' | 'close'>,
): Promise<Client> {
  return new Promise((resolve, reject) => {
    let ready = false;
    const ws: RawWs = new RawWs(portOf(baseUrl), path, headers, {
      onOpen: () => undefined,
      onText: (text) =>
        onText(ws, text, () => {
          ready = true;
          resolve({ seed, ...api(ws), close: () => ws.close() });
        }),
      onClose: (reason) => {
        if (!ready) reject(new Error(reason));
      },
    });
  });
}

function hearthClient(seed: ClientSeed): Promise<Client> {
  return rawClient(
    seed,
    '/ws',
    { Cookie: seed.cookie, Origin: baseUrl },
    (ws, text, ready) => {
      const e = JSON.parse(text) as { type: string; payload: Record<string, unknown> };
      switch (e.type) {
        case 'hello':
          // Resume from hello's baseline: ends the server's hold at once, like a good client.
          ws.send(`{"type":"resume","payload":{"since":${e.payload.lastEventId as number}}}`);
          ready();
          return;
        case 'chat.message':
          onDm(seed.userId, e.payload as { from: number; to: number; body: string });
          return;
        case 'post.created':
          onBroadcast();
          return;
        case 'error':
          errors++;
          return;
      }
    },
    (ws) => ({
      send: (to, body, clientId) =>
        ws.send(
          `{"type":"chat.send","payload":{"to":${to},"body":"${body}","clientId":"${clientId}"}}`,
        ),
      trigger: () => undefined, // Hearth takes posts over REST (see triggerBroadcast)
    }),
  );
}

function relayClient(seed: ClientSeed): Promise<Client> {
  return rawClient(
    seed,
    `/?u=${seed.userId}`,
    {},
    (_ws, text, ready) => {
      if (text === '"ready"') {
        ready();
        return;
      }
      const m = JSON.parse(text) as { type: string; from: number; to: number; body: string };
      if (m.type === 'post') onBroadcast();
      else onDm(seed.userId, m);
    },
    (ws) => ({
      send: (to, body, clientId) =>
        ws.send(`{"to":${to},"body":"${body}","clientId":"${clientId}"}`),
      trigger: () => ws.send('{"type":"post"}'),
    }),
  );
}

/** socket.io over engine.io v4, spoken by hand: "0" open, "40" connect, "2"/"3" ping, "42" event. */
function socketIoClient(seed: ClientSeed): Promise<Client> {
  return rawClient(
    seed,
    '/socket.io/?EIO=4&transport=websocket',
    { Cookie: seed.cookie },
    (ws, text, ready) => {
      if (text.startsWith('42')) {
        const [name, data] = JSON.parse(text.slice(2)) as [
          string,
          { from: number; to: number; body: string },
        ];
        if (name === 'dm') onDm(seed.userId, data);
        else if (name === 'post') onBroadcast();
      } else if (text === '2') {
        ws.send('3');
      } else if (text.startsWith('0')) {
        ws.send('40');
      } else if (text.startsWith('40')) {
        ready();
      } else if (text.startsWith('44')) {
        ws.close();
      }
    },
    (ws) => ({
      send: (to, body, clientId) =>
        ws.send(`42["dm",{"to":${to},"body":"${body}","clientId":"${clientId}"}]`),
      trigger: () => ws.send('42["post"]'),
    }),
  );
}

const makeClient: Record<Target, (seed: ClientSeed) => Promise<Client>> = {
  hearth: hearthClient,
  'ws-relay': relayClient,
  socketio: socketIoClient,
};

async function connectAll(seeds: ClientSeed[], concurrency: number): Promise<LoadReply> {
  const started = nowMs();
  let next = 0;
  let failed = 0;
  const connected: Client[] = [];
  const lane = async () => {
    while (next < seeds.length) {
      const seed = seeds[next++]!;
      try {
        connected.push(await makeClient[target](seed));
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  clients = connected;
  return { type: 'connected', connected: connected.length, failed, ms: nowMs() - started };
}

function sendDms(perSecond: number, durationMs: number): Promise<LoadReply> {
  delivered = 0;
  acked = 0;
  errors = 0;
  latencies = [];
  return new Promise((resolve) => {
    const started = nowMs();
    let last = started;
    let budget = 0;
    let sent = 0;
    const timer = setInterval(() => {
      const now = nowMs();
      budget += (perSecond * (now - last)) / 1000;
      last = now;
      while (budget >= 1 && clients.length > 0) {
        budget--;
        const from = clients[Math.floor(Math.random() * clients.length)]!;
        const contacts = from.seed.contacts;
        let to: number;
        if (contacts && contacts.length > 0) {
          // --pairs contacts: one of the people this client has talked with before.
          to = contacts[Math.floor(Math.random() * contacts.length)]!;
        } else {
          to = 1 + Math.floor(Math.random() * userCount);
          if (to === from.seed.userId) to = (to % userCount) + 1;
        }
        from.send(to, String(nowMs()), `b${process.pid}-${++seq}`);
        sent++;
      }
      if (now - started >= durationMs) {
        clearInterval(timer);
        resolve({ type: 'dm-done', sent });
      }
    }, 5);
  });
}

async function triggerBroadcast(cookie: string): Promise<LoadReply> {
  const at = nowMs();
  if (target === 'hearth') {
    const res = await fetch(`${baseUrl}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: baseUrl },
      body: JSON.stringify({ title: 'Broadcast', body: 'To everyone', categoryIds: [1] }),
    });
    if (res.status !== 201) throw new Error(`post failed: ${res.status} ${await res.text()}`);
  } else {
    const first = clients[0];
    if (!first) throw new Error('no client to trigger the broadcast');
    first.trigger();
  }
  return { type: 'broadcast-triggered', at };
}

reply({ type: 'ready' });

process.on('message', (raw) => {
  const m = raw as LoadCommand;
  const run = async (): Promise<LoadReply> => {
    switch (m.cmd) {
      case 'connect':
        target = m.target;
        baseUrl = m.url;
        userCount = m.userCount;
        return connectAll(m.clients, m.concurrency);
      case 'disconnect':
        for (const c of clients) c.close();
        clients = [];
        return { type: 'disconnected' };
      case 'dm':
        return sendDms(m.perSecond, m.durationMs);
      case 'collect': {
        const out: LoadReply = {
          type: 'collected',
          delivered,
          acked,
          latenciesMs: latencies,
          errors,
        };
        return out;
      }
      case 'broadcast-reset':
        broadcastCount = 0;
        broadcastLastAt = 0;
        return { type: 'broadcast-received', count: 0, lastAt: 0 };
      case 'broadcast-trigger':
        return triggerBroadcast(m.cookie);
      case 'broadcast-collect':
        return { type: 'broadcast-received', count: broadcastCount, lastAt: broadcastLastAt };
      case 'close':
        for (const c of clients) c.close();
        clients = [];
        setTimeout(() => process.exit(0), 100);
        return { type: 'closed' };
    }
  };
  run().then(reply, (err: unknown) =>
    reply({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
  );
});
