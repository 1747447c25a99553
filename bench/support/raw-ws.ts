/**
 * A minimal WebSocket client for the load generators: a plain TCP socket, a hand-written
 * upgrade request and RFC 6455 framing. The `ws` and socket.io clients each cost so much
 * per connection that 10,000 of them, not the server, bounded what the bench could measure;
 * this one costs a socket and a few fields. It is a load generator, not a general client:
 * it trusts the server (no Sec-WebSocket-Accept check) and masks with a zero key (allowed
 * on the wire; the server still runs its unmasking).
 */
import { connect, type Socket } from 'node:net';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ZERO_MASK = Buffer.alloc(4);
const EMPTY = Buffer.alloc(0);
/**
 * Every RawWs of a process reads into this one buffer (net's `onread`): no Buffer allocated
 * and no stream `data` event per read. What a read leaves unfinished (part of a frame) is
 * copied out before the next read reuses it.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

export interface RawWsHandlers {
  onOpen(): void;
  /** A text message, decoded (unless `onTextBytes` takes it). */
  onText(text: string): void;
  /**
   * A text message as the bytes `data[start, end)` of the receive buffer, valid only during
   * the call: a receiver that needs a few fields reads them there, with no string and no
   * Buffer view made per message. Returns false to have it decoded for `onText` instead.
   */
  onTextBytes?(data: Buffer, start: number, end: number): boolean;
  onClose(reason: string): void;
}

export class RawWs {
  private readonly socket: Socket;
  private upgraded = false;
  private buffer: Buffer = EMPTY;
  /** `buffer` is (a view of) READ_BUFFER: valid only until this read's end. */
  private shared = false;
  private closed = false;

  constructor(
    port: number,
    path: string,
    headers: Record<string, string>,
    private readonly handlers: RawWsHandlers,
  ) {
    this.socket = connect({
      port,
      host: '127.0.0.1',
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (n: number) => {
          this.onData(READ_BUFFER.subarray(0, n), true);
          return true;
        },
      },
    });
    let request =
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n`;
    for (const [k, v] of Object.entries(headers)) request += `${k}: ${v}\r\n`;
    this.socket.write(`${request}\r\n`);
    this.socket.on('error', (err) => this.end(err.message));
    this.socket.on('close', () => this.end('closed'));
  }

  send(text: string): void {
    if (this.closed) return;
    const payload = Buffer.from(text);
    const n = payload.length;
    const header = Buffer.allocUnsafe(n < 126 ? 2 : n < 65_536 ? 4 : 10);
    header[0] = 0x81;
    if (n < 126) {
      header[1] = 0x80 | n;
    } else if (n < 65_536) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(n, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeUInt32BE(0, 2);
      header.writeUInt32BE(n, 6);
    }
    this.socket.cork();
    this.socket.write(header);
    this.socket.write(ZERO_MASK);
    this.socket.write(payload);
    this.socket.uncork();
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private end(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.handlers.onClose(reason);
  }

  private onData(chunk: Buffer, shared: boolean): void {
    if (this.buffer.length === 0) {
      this.buffer = chunk;
      this.shared = shared;
    } else {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.shared = false;
    }
    if (!this.upgraded) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        this.keep(this.buffer);
        return;
      }
      const head = this.buffer.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) {
        this.end(head.split('\r\n')[0] ?? 'refused');
        return;
      }
      this.upgraded = true;
      this.buffer = this.buffer.subarray(end + 4);
      this.handlers.onOpen();
    }
    this.readFrames();
  }

  private readFrames(): void {
    const buf = this.buffer;
    const { onTextBytes } = this.handlers;
    // Frames are read in place, by offset: one subarray for what is left at the end, not one
    // per frame (a load process reads 50,000 frames a second).
    let at = 0;
    while (buf.length - at >= 2) {
      const opcode = buf[at]! & 0x0f;
      let length = buf[at + 1]! & 0x7f;
      let offset = at + 2;
      if (length === 126) {
        if (buf.length - at < 4) break;
        length = buf.readUInt16BE(at + 2);
        offset = at + 4;
      } else if (length === 127) {
        if (buf.length - at < 10) break;
        length = buf.readUInt32BE(at + 2) * 2 ** 32 + buf.readUInt32BE(at + 6);
        offset = at + 10;
      }
      const end = offset + length;
      if (buf.length < end) break;
      at = end;
      if (opcode === 1) {
        if (onTextBytes === undefined || !onTextBytes(buf, offset, end)) {
          this.handlers.onText(buf.toString('utf8', offset, end));
        }
      } else if (opcode === 9) {
        this.pong(buf.subarray(offset, end));
      } else if (opcode === 8) {
        this.buffer = EMPTY;
        this.shared = false;
        this.end(`close ${length >= 2 ? buf.readUInt16BE(offset) : 1005}`);
        return;
      }
    }
    this.keep(at === buf.length ? EMPTY : at === 0 ? buf : buf.subarray(at));
  }

  /** Keeps what is left for the next read: a copy if it lives in the shared read buffer. */
  private keep(rest: Buffer): void {
    this.buffer = this.shared && rest.length > 0 ? Buffer.from(rest) : rest;
    this.shared = false;
  }

  private pong(payload: Buffer): void {
    const header = Buffer.from([0x8a, 0x80 | payload.length]);
    this.socket.write(Buffer.concat([header, ZERO_MASK, payload]));
  }
}
