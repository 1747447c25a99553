/**
 * A load process for bench/rooms.ts: holds its share of a room's members on the minimal
 * client (raw-ws.ts), so receiving 100,000 deliveries a second is spread over processes and
 * costs as little as it can: frames are read in one shared buffer (raw-ws.ts), other frames
 * are skipped on their first bytes, and a `chat.message` is searched for the two fields the
 * bench needs (its clientId, `<prefix><n>`, and the send time written in its body, `t<ms>`),
 * with no JSON parse; what it saw goes into typed arrays sized when the bench announces a
 * run (`expect`), not a Map of strings. Each member
 * resumes from its `hello`; a message's latency is its receipt time minus the send time in
 * its body (one machine, one clock). The first process also sends: room messages from its
 * first 10 members, and the private baseline between its first two.
 */
import { setPriority } from 'node:os';
import { nowMs, type ClientSeed } from './live-ipc';
import { RawWs } from './raw-ws';

export type RoomsLoadCommand =
  | { cmd: 'connect'; port: number; clients: ClientSeed[] }
  /** A run of `count` messages whose clientIds are `<prefix>0` … `<prefix><count-1>`. */
  | { cmd: 'expect'; prefix: string; count: number }
  | { cmd: 'send'; conversationId: number; count: number; perSecond: number; prefix: string }
  | { cmd: 'dm'; count: number }
  /** `full`: with every latency; otherwise the counts only (cheap enough to poll). */
  | { cmd: 'collect'; prefix: string; full: boolean }
  /** Lowers this process's CPU priority (nice; it cannot be raised back). */
  | { cmd: 'nice'; value: number }
  | { cmd: 'close' };

export type RoomsLoadReply =
  | { type: 'connected'; ms: number; failed: number }
  | { type: 'expecting' }
  /** `at`: wall-clock ms of the first send. */
  | { type: 'sent'; at: number }
  | { type: 'dm'; latenciesMs: number[] }
  /**
   * Latencies in tenths of a millisecond (compact over IPC), first receipts only; `cpuUs`:
   * this process's CPU (user + system) since the run's `expect`, and `frames` every text
   * frame it received meanwhile.
   */
  | {
      type: 'collected';
      received: number;
      duplicated: number;
      tenthsMs: number[];
      lastMs: number;
      cpuUs: number;
      frames: number;
    }
  | { type: 'niced'; value: number }
  | { type: 'closed' };

/** One announced run: per member and message, whether and when it arrived. */
interface Run {
  count: number;
  received: number;
  /** [member * count + n]: latency in ms, NaN until received. */
  latency: Float64Array;
  duplicated: number;
  cpuAtStart: number;
  framesAtStart: number;
}

const reply = (m: RoomsLoadReply): void => {
  process.send?.(m);
};
const cpuNow = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

const CHAT_MESSAGE = Buffer.from('{"type":"chat.message"');
const CLIENT_ID = '"clientId":"';
const BODY = '"body":"t';
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

let members: RawWs[] = [];
let userIds: number[] = [];
const runs = new Map<string, Run>();
let frames = 0;
/** Members of the batch being opened so far (their indexes follow `members`). */
let pending = 0;

/** Reads an unsigned decimal (with an optional fraction) at `at`; NaN if there is none. */
function readNumber(text: string, at: number, end: number): number {
  let n = 0;
  let i = at;
  for (; i < end && isDigit(text.charCodeAt(i)); i++) n = n * 10 + text.charCodeAt(i) - 0x30;
  if (i === at) return NaN;
  if (text.charCodeAt(i) === 0x2e) {
    let scale = 0.1;
    for (i++; i < end && isDigit(text.charCodeAt(i)); i++, scale /= 10) {
      n += (text.charCodeAt(i) - 0x30) * scale;
    }
  }
  return n;
}

/**
 * A `chat.message` for member `index`: records its latency in its run. (Decoded once and
 * searched with string indexOf: measured cheaper here than Buffer.indexOf on the bytes, and
 * than the regexes and Map of clientIds this replaced, which also kept 500,000 strings.)
 */
function onChatMessage(index: number, text: string): void {
  const at = nowMs();
  const cid = text.indexOf(CLIENT_ID);
  const body = text.indexOf(BODY);
  if (cid < 0 || body < 0) return;
  // The clientId is `<prefix><n>`: the prefix is everything before its trailing digits.
  const idStart = cid + CLIENT_ID.length;
  const idEnd = text.indexOf('"', idStart);
  if (idEnd < 0) return;
  let digits = idEnd;
  while (digits > idStart && isDigit(text.charCodeAt(digits - 1))) digits--;
  if (digits === idEnd) return;
  const run = runs.get(text.slice(idStart, digits));
  if (run === undefined) return;
  const n = readNumber(text, digits, idEnd);
  const sent = readNumber(text, body + BODY.length, text.length);
  if (!(n < run.count) || Number.isNaN(sent)) return;
  const slot = index * run.count + n;
  if (!Number.isNaN(run.latency[slot]!)) run.duplicated++;
  else {
    run.latency[slot] = at - sent;
    run.received++;
  }
}

function open(port: number, seed: ClientSeed): Promise<RawWs | null> {
  return new Promise((resolve) => {
    const index = members.length + pending++;
    let greeted = false;
    const ws: RawWs = new RawWs(
      port,
      '/ws',
      { Cookie: seed.cookie, Origin: `http://127.0.0.1:${port}` },
      {
        onOpen: () => undefined,
        onTextBytes: (data, start, end) => {
          frames++;
          if (!greeted) return false;
          if (
            data.compare(
              CHAT_MESSAGE,
              0,
              CHAT_MESSAGE.length,
              start,
              start + CHAT_MESSAGE.length,
            ) === 0
          ) {
            onChatMessage(index, data.toString('utf8', start, end));
          }
          return true;
        },
        onText: (text) => {
          if (greeted || !text.startsWith('{"type":"hello"')) return;
          greeted = true;
          const last = /"lastEventId":(\d+)/.exec(text)?.[1] ?? '0';
          ws.send(`{"type":"resume","payload":{"since":${last}}}`);
          resolve(ws);
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
    const slice = seeds.slice(i, i + 200);
    pending = 0;
    const batch = await Promise.all(slice.map((s) => open(port, s)));
    // Indexes were handed out in order; a failed member keeps its slot (closed, silent).
    batch.forEach((ws, j) => {
      if (!ws) failed++;
      members.push(ws ?? closedMember);
      userIds.push(slice[j]!.userId);
    });
  }
  reply({ type: 'connected', ms: Date.now() - started, failed });
}
/** Stands in for a member whose connection failed (nothing arrives for it). */
const closedMember = { send: () => undefined, close: () => undefined } as unknown as RawWs;

function expect(prefix: string, count: number): void {
  const latency = new Float64Array(members.length * count).fill(NaN);
  runs.set(prefix, {
    count,
    received: 0,
    latency,
    duplicated: 0,
    cpuAtStart: cpuNow(),
    framesAtStart: frames,
  });
  reply({ type: 'expecting' });
}

const sendText = (m: RawWs, payload: Record<string, unknown>): void =>
  m.send(JSON.stringify({ type: 'chat.send', payload }));

async function send(c: Extract<RoomsLoadCommand, { cmd: 'send' }>): Promise<void> {
  const start = Date.now();
  let first = 0;
  for (let i = 0; i < c.count; i++) {
    const wait = start + (i * 1000) / c.perSecond - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const from = members[i % Math.min(10, members.length)]!;
    const at = nowMs();
    if (i === 0) first = at;
    sendText(from, {
      conversationId: c.conversationId,
      body: `t${at}`,
      clientId: `${c.prefix}${i}`,
    });
  }
  reply({ type: 'sent', at: first });
}

async function dm(count: number): Promise<void> {
  const [from, to] = members;
  const out: number[] = [];
  expect('dm', count);
  const run = runs.get('dm')!;
  // The recipient is member 1: its slots are [count, 2 * count).
  for (let i = 0; i < count && from && to; i++) {
    sendText(from, { to: userIds[1], body: `t${nowMs()}`, clientId: `dm${i}` });
    const end = Date.now() + 5000;
    while (Number.isNaN(run.latency[count + i]!) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 2));
    }
    out.push(run.latency[count + i]!);
  }
  reply({ type: 'dm', latenciesMs: out });
}

function collect(prefix: string, full: boolean): void {
  const run = runs.get(prefix);
  const tenthsMs: number[] = [];
  let lastMs = 0;
  for (const ms of full ? (run?.latency ?? []) : []) {
    if (Number.isNaN(ms)) continue;
    tenthsMs.push(Math.round(ms * 10));
    if (ms > lastMs) lastMs = ms;
  }
  reply({
    type: 'collected',
    received: run?.received ?? 0,
    duplicated: run?.duplicated ?? 0,
    tenthsMs,
    lastMs,
    cpuUs: run ? cpuNow() - run.cpuAtStart : 0,
    frames: run ? frames - run.framesAtStart : 0,
  });
}

process.on('message', (c: RoomsLoadCommand) => {
  switch (c.cmd) {
    case 'connect':
      void connect(c.port, c.clients);
      return;
    case 'expect':
      expect(c.prefix, c.count);
      return;
    case 'send':
      void send(c);
      return;
    case 'dm':
      void dm(c.count);
      return;
    case 'collect':
      collect(c.prefix, c.full);
      return;
    case 'nice':
      setPriority(c.value);
      reply({ type: 'niced', value: c.value });
      return;
    case 'close':
      for (const m of members) m.close();
      members = [];
      userIds = [];
      reply({ type: 'closed' });
      process.disconnect();
      return;
  }
});
