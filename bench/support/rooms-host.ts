/**
 * The Hearth server under test for bench/rooms.ts: live-host.ts's server, plus the live
 * layer's tick timings (`TICK_CHANNEL`, published only while subscribed here) and the number
 * of sockets each tick wrote (`FLUSH_CHANNEL`), so the bench can show the server's own share
 * of a delivery: the group commit, and the writes of one frame to every member's socket.
 * Usage: node --import tsx bench/support/rooms-host.ts <dataDir>
 */
import { subscribe } from 'node:diagnostics_channel';
import { FLUSH_CHANNEL, type FlushCount } from '../../server/live/outbound-queue';
import { TICK_CHANNEL, type TickTiming } from '../../server/live/tick-pipeline';
import { startBenchServer } from './bench-server';

/** A tick that wrote to at least `RoomsHostCommand.minSockets` sockets. */
export interface RoomsTick extends TickTiming {
  sockets: number;
}
export type RoomsHostCommand = { cmd: 'ticks'; since: number; minSockets: number };
export type RoomsHostReply = { type: 'ticks'; ticks: RoomsTick[] };

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: rooms-host.ts <dataDir>');

/** The last ticks that wrote anything (a ring: the bench asks soon after each message). */
const KEEP = 4096;
const ticks: RoomsTick[] = [];
let written = 0;
subscribe(FLUSH_CHANNEL, (m) => {
  written += (m as FlushCount).sockets;
});
subscribe(TICK_CHANNEL, (m) => {
  const sockets = written;
  written = 0;
  if (sockets === 0) return;
  ticks.push({ ...(m as TickTiming), sockets });
  if (ticks.length > KEEP) ticks.splice(0, ticks.length - KEEP);
});

const port = await startBenchServer(dataDir);
process.on('message', (raw) => {
  const m = raw as RoomsHostCommand;
  if (m.cmd !== 'ticks') return;
  const reply: RoomsHostReply = {
    type: 'ticks',
    ticks: ticks.filter((t) => t.startedAt >= m.since && t.sockets >= m.minSockets),
  };
  process.send?.(reply);
});
process.send?.({ type: 'ready', port });
