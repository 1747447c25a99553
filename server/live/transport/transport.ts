import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';

/**
 * Server → client WebSocket text frames (RFC 6455 §5.2: FIN, opcode 1, unmasked), built
 * once per event and written as is to the raw socket of every recipient. A broadcast to
 * 10,000 sockets thus costs one JSON.stringify and one buffer, not 10,000 of each.
 */
export function textFrame(json: string): Buffer {
  const length = Buffer.byteLength(json);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(json, header, 'utf8');
  return frame;
}

/** The UTF-8 JSON inside a frame built by `textFrame` (a view, not a copy). */
export function payloadOf(frame: Buffer): Buffer {
  const length = (frame[1] ?? 0) & 0x7f;
  return frame.subarray(length < 126 ? 2 : length === 126 ? 4 : 10);
}

/**
 * How queued frames reach a client. Everything above this (queues, ticks, backpressure)
 * is the same in both modes; see README.md.
 */
export interface Transport {
  /** True when every frame goes through `ws.send` (`live.plainTransport`). */
  readonly plain: boolean;
  /** Writes this tick's frames for one socket, in order. The caller checks it is OPEN. */
  write(ws: WebSocket, socket: Duplex, frames: Buffer | readonly Buffer[]): void;
  /** From the upgrade until the greeting is queued (the 101 and the greeting in one write). */
  holdHandshake(socket: Duplex): void;
  releaseHandshake(socket: Duplex): void;
}

/**
 * Frames this small or smaller are joined into one buffer before the write: one copy costs
 * less than the stream's bookkeeping per chunk (cork, a write each, writev). Bigger ones
 * (a replay, a long post) go corked, uncopied.
 */
const JOIN_MAX_BYTES = 16 * 1024;

/** Pre-built frames straight to the raw socket: one write to the kernel per socket per tick. */
const RAW_SOCKET: Transport = {
  plain: false,
  write(_ws, socket, frames) {
    if (Buffer.isBuffer(frames)) {
      socket.write(frames);
      return;
    }
    // Corked (a handshake's greeting, held for one write with the 101): the stream gathers
    // the frames for that one write anyway, so joining them would only copy.
    if (socket.writableCorked > 0) {
      for (const frame of frames) socket.write(frame);
      return;
    }
    let bytes = 0;
    for (const frame of frames) bytes += frame.length;
    if (bytes <= JOIN_MAX_BYTES) {
      socket.write(Buffer.concat(frames, bytes));
      return;
    }
    socket.cork();
    for (const frame of frames) socket.write(frame);
    socket.uncork();
  },
  holdHandshake: (socket) => socket.cork(),
  releaseHandshake: (socket) => socket.uncork(),
};

/** `ws` frames and writes every message itself: nothing hand-built reaches the wire. */
const WS_SEND: Transport = {
  plain: true,
  write(ws, _socket, frames) {
    if (Buffer.isBuffer(frames)) {
      ws.send(payloadOf(frames), { binary: false });
      return;
    }
    for (const frame of frames) ws.send(payloadOf(frame), { binary: false });
  },
  holdHandshake: () => undefined,
  releaseHandshake: () => undefined,
};

/** `plain`: the `live.plainTransport` switch (off by default: the optimised transport). */
export function createTransport(plain: boolean): Transport {
  return plain ? WS_SEND : RAW_SOCKET;
}
