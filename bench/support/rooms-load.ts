/**
 * A load process for bench/rooms.ts: holds its share of a room's members on the minimal
 * client (raw-ws.ts), so receiving 100,000 deliveries a second is spread over processes and
 * costs a socket and a regex each, not a `ws` client's parsing (which, in one process, bounded
 * what the bench measured). Each member resumes from its `hello`; a room message's latency
 * is its receipt time minus the send time written in its body (one machine, one clock).
 * The first process also sends: room messages from its first 10 members, and the private
 * baseline between its first two.
 */
import { nowMs, type ClientSeed } from './live-ipc';
import { RawWs } from './raw-ws';

export type RoomsLoadCommand =
  | { cmd: 'connect'; port: number; clients: ClientSeed[] }
  | { cmd: 'send'; conversationId: number; count: number; perSecond: number; prefix: string }
  | { cmd: 'dm'; count: number }
  | { cmd: 'collect'; prefix: string }
  | { cmd: 'close' };

export type RoomsLoadReply =
  | { type: 'connected'; ms: number; failed: number }
  | { type: 'sent' }
  | { type: 'dm'; latenciesMs: number[] }
  /** Latencies in tenths of a millisecond (compact over IPC), first receipts only. */
  | { type: 'collected'; received: number; duplicated: number; tenthsMs: number[]; lastMs: number }
  | { type: 'closed' };

interface Member {
  ws: RawWs;
  userId: number;
  /** clientIds received, with their latency. */
  seen: Map<string, number>;
}

const reply = (m: RoomsLoadReply): void => {
  process.send?.(m);
};
const BODY = /"body":"t(\d+(?:\.\d+)?)"/;
const CLIENT_ID = /"clientId":"([^"]+)"/;
let members: Member[] = [];
let duplicated = 0;

function open(port: number, seed: ClientSeed): Promise<Member | null> {
  return new Promise((resolve) => {
    const member: Member = { ws: null as unknown as RawWs, userId: seed.userId, seen: new Map() };
    let greeted = false;
    member.ws = new RawWs(
      port,
      '/ws',
      { Cookie: seed.cookie, Origin: `http://127.0.0.1:${port}` },
      {
        onOpen: () => undefined,
        onText: (text) => {
          if (!greeted && text.startsWith('{"type":"hello"')) {
            greeted = true;
            const last = /"lastEventId":(\d+)/.exec(text)?.[1] ?? '0';
            member.ws.send(`{"type":"resume","payload":{"since":${last}}}`);
            resolve(member);
            return;
          }
          if (!text.startsWith('{"type":"chat.message"')) return;
          const at = nowMs();
          const sent = BODY.exec(text)?.[1];
          const cid = CLIENT_ID.exec(text)?.[1];
          if (sent === undefined || cid === undefined) return;
          if (member.seen.has(cid)) duplicated++;
          else member.seen.set(cid, at - Number(sent));
        },
        onClose: () => {
          if (!greeted) resolve(null);
        },
      },
    );
  });
}

async function connect(port: number, seeds: ClientSeed[]): Promise<void> {
  const started = Date.now();
  let failed = 0;
  for (let i = 0; i < seeds.length; i += 200) {
    const batch = await Promise.all(seeds.slice(i, i + 200).map((s) => open(port, s)));
    for (const m of batch) {
      if (m) members.push(m);
      else failed++;
    }
  }
  reply({ type: 'connected', ms: Date.now() - started, failed });
}

const sendText = (m: Member, payload: Record<string, unknown>): void =>
  m.ws.send(JSON.stringify({ type: 'chat.send', payload }));

async function send(c: Extract<RoomsLoadCommand, { cmd: 'send' }>): Promise<void> {
  const start = Date.now();
  for (let i = 0; i < c.count; i++) {
    const wait = start + (i * 1000) / c.perSecond - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const from = members[i % Math.min(10, members.length)]!;
    sendText(from, {
      conversationId: c.conversationId,
      body: `t${nowMs()}`,
      clientId: `${c.prefix}${i}`,
    });
  }
  reply({ type: 'sent' });
}

async function dm(count: number): Promise<void> {
  const [from, to] = members;
  const out: number[] = [];
  for (let i = 0; i < count && from && to; i++) {
    const cid = `dm${i}`;
    sendText(from, { to: to.userId, body: `t${nowMs()}`, clientId: cid });
    const end = Date.now() + 5000;
    while (!to.seen.has(cid) && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    out.push(to.seen.get(cid) ?? NaN);
  }
  reply({ type: 'dm', latenciesMs: out });
}

function collect(prefix: string): void {
  const tenthsMs: number[] = [];
  let lastMs = 0;
  for (const m of members) {
    for (const [cid, ms] of m.seen) {
      if (!cid.startsWith(prefix)) continue;
      tenthsMs.push(Math.round(ms * 10));
      if (ms > lastMs) lastMs = ms;
    }
  }
  reply({ type: 'collected', received: tenthsMs.length, duplicated, tenthsMs, lastMs });
}

process.on('message', (c: RoomsLoadCommand) => {
  switch (c.cmd) {
    case 'connect':
      void connect(c.port, c.clients);
      return;
    case 'send':
      void send(c);
      return;
    case 'dm':
      void dm(c.count);
      return;
    case 'collect':
      collect(c.prefix);
      return;
    case 'close':
      for (const m of members) m.ws.close();
      members = [];
      reply({ type: 'closed' });
      process.disconnect();
      return;
  }
});
