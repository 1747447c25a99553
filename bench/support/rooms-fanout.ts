/**
 * (rooms, issue 11) Where a room message's server time goes, in process: the real Hub,
 * ResumeGate, OutboundQueue and transports over real loopback sockets (RawWs clients in this
 * same process, read between rounds), one message at a time to M members, rounds alternated
 * between variants so machine noise hits them alike. Per delivery, µs of CPU
 * (process.cpuUsage) and wall time of:
 *   publish  Hub.publish: audience iteration, the resume gate, OutboundQueue.enqueue;
 *   flush    OutboundQueue.flush: one transport write per socket (raw: socket.write of the
 *            shared frame; plain: ws.send); `null` writes nothing (the queue's own cost);
 *   write    a bare loop of socket.write(frame) over the same sockets (the floor).
 * The Hub's chat and notification services are stand-ins answering "nothing unread, no
 * contacts": only the fan-out runs here (the bench/rooms.ts run has the real server).
 * Usage: npx tsx bench/support/rooms-fanout.ts [--members 1000] [--rounds 200]
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import type { Me } from '../../common/api';
import { DEFAULT_LIVE_TUNING } from '../../server/config/live-tuning';
import type { DurableEvent, EventLog } from '../../server/events/event-log';
import { createLogger } from '../../server/logging/logger';
import type { ChatService } from '../../server/services/chat.service';
import type { NotificationsService } from '../../server/services/notifications.service';
import { Connection, LiveSocket } from '../../server/live/connection';
import { Hub } from '../../server/live/hub';
import { TickPipeline } from '../../server/live/tick-pipeline';
import { createTransport, type Transport } from '../../server/live/transport/transport';
import { RawWs } from './raw-ws';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '200' },
  },
});
const MEMBERS = Number(values.members);
const ROUNDS = Number(values.rounds);

const log = createLogger('ws', { level: 'error', sink: () => undefined });
const nothingUnread = {
  unreadCounts: () => ({ chats: {}, conversations: {} }),
  contacts: () => [],
} as unknown as ChatService;
const noNotifications = {
  unreadCount: () => 0,
  unreadGroupCount: () => 0,
} as unknown as NotificationsService;
const events = {
  lastId: () => 0,
  replay: () => ({ kind: 'events', events: [] }),
} as unknown as EventLog;

/** Writes nothing: what the queue costs without the write. */
const NULL_TRANSPORT: Transport = {
  plain: false,
  write: () => undefined,
  holdHandshake: () => undefined,
  releaseHandshake: () => undefined,
};

interface Variant {
  name: string;
  hub: Hub;
  conns: Connection[];
  received: () => number;
}

let frames = 0;
async function variant(name: string, transport: Transport): Promise<Variant> {
  const ticks = new TickPipeline(log);
  const hub = new Hub({
    events,
    chat: nothingUnread,
    notifications: noNotifications,
    unreadMany: { counts: () => [] },
    tuning: DEFAULT_LIVE_TUNING,
    log,
    transport,
    ticks,
  });
  ticks.setStages([
    { name: 'unread counts', run: () => hub.pushUnread() },
    { name: 'socket writes', run: () => hub.flush() },
  ]);
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    WebSocket: LiveSocket,
  });
  const conns: Connection[] = [];
  const http = createServer();
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const id = conns.length + 1;
      const conn = new Connection(ws, socket, { id } as Me, id);
      conns.push(conn);
      hub.add(conn);
      hub.release(conn);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  let got = 0;
  for (let i = 0; i < MEMBERS; i += 100) {
    await Promise.all(
      Array.from(
        { length: Math.min(100, MEMBERS - i) },
        () =>
          new Promise<void>((resolve) => {
            new RawWs(
              port,
              '/',
              {},
              {
                onOpen: () => resolve(),
                onTextBytes: () => {
                  frames++;
                  got++;
                  return true;
                },
                onText: () => undefined,
                onClose: () => resolve(),
              },
            );
          }),
      ),
    );
  }
  await new Promise((r) => setTimeout(r, 200));
  return { name, hub, conns, received: () => got };
}

const cpu = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const json = JSON.stringify({
  type: 'chat.message',
  eventId: 123456,
  payload: {
    message: {
      id: 98765,
      conversationId: 1,
      from: 12,
      body: 't1765075200123.456',
      clientId: 's123',
      createdAt: new Date().toISOString(),
      mentions: [],
    },
  },
});

const variants = [
  await variant('raw socket', createTransport(false)),
  await variant('plain (ws.send)', createTransport(true)),
  await variant('null transport', NULL_TRANSPORT),
];
const audience = Object.freeze(Array.from({ length: MEMBERS }, (_, i) => i + 1));
type Tally = {
  publishCpu: number;
  flushCpu: number;
  publishMs: number;
  flushMs: number;
  n: number;
};
const tally = new Map<string, Tally>(
  [...variants.map((v) => v.name), 'bare socket.write'].map((n) => [
    n,
    { publishCpu: 0, flushCpu: 0, publishMs: 0, flushMs: 0, n: 0 },
  ]),
);

const settle = async (v: Variant, want: number): Promise<void> => {
  const end = Date.now() + 5000;
  while (v.received() < want && Date.now() < end) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 5));
};

for (let round = 0; round < ROUNDS; round++) {
  for (const v of variants) {
    const before = v.received();
    const event: DurableEvent = {
      id: round,
      type: 'chat.message',
      json,
      audience,
      conversationId: 1,
    } as DurableEvent;
    const c0 = cpu();
    const t0 = performance.now();
    v.hub.publish([event], []);
    const c1 = cpu();
    const t1 = performance.now();
    v.hub.flush();
    const c2 = cpu();
    const t2 = performance.now();
    const t = tally.get(v.name)!;
    t.publishCpu += c1 - c0;
    t.flushCpu += c2 - c1;
    t.publishMs += t1 - t0;
    t.flushMs += t2 - t1;
    t.n += MEMBERS;
    if (v.name !== 'null transport') await settle(v, before + MEMBERS);
  }
  // The floor: the same frame written straight to the raw-socket variant's sockets.
  const raw = variants[0]!;
  const before = raw.received();
  const frame = Buffer.from(json);
  const header = Buffer.from([0x81, 126, frame.length >> 8, frame.length & 0xff]);
  const whole = Buffer.concat([header, frame]);
  const c0 = cpu();
  const t0 = performance.now();
  for (const conn of raw.conns) conn.socket.write(whole);
  const t = tally.get('bare socket.write')!;
  t.flushCpu += cpu() - c0;
  t.flushMs += performance.now() - t0;
  t.n += MEMBERS;
  await settle(raw, before + MEMBERS);
}

console.log(
  `${MEMBERS} members, ${ROUNDS} rounds of one message each, variants alternated; per delivery:`,
);
for (const [name, t] of tally) {
  const per = (x: number): string => ((x / t.n) * (name.length ? 1 : 1)).toFixed(3);
  console.log(
    `${name.padEnd(18)} publish ${per(t.publishCpu)} µs CPU (${per(t.publishMs * 1000)} µs wall), ` +
      `flush ${per(t.flushCpu)} µs CPU (${per(t.flushMs * 1000)} µs wall)`,
  );
}
console.log(`(${frames} frames received in all)`);
process.exit(0);
