/**
 * A bench's HTTP/1.1 client at the least CPU a client can cost: one kept-alive TCP
 * connection, GETs sent one after the other as prebuilt text, the response's status line
 * and Content-Length (or chunks) read, its body kept as bytes. A load generator on the same
 * cores as the server it measures (on a LAN, the searchers are other machines) takes CPU
 * from the server and delays its own reading of replies, both of which show up as the
 * server's latency: node:http cost ~190–290 µs per search reply, this ~40–60 µs.
 * Not a general client: no redirects, no compression, one request at a time.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class RawHttpConnection {
  private readonly socket: Socket;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes the reply under way needs in all, once its length is known (else 0). */
  private need = 0;
  private waiting: {
    resolve: (r: RawResponse) => void;
    reject: (err: Error) => void;
  } | null = null;
  private failed: Error | null = null;

  /** `headers`: extra request header lines (`name: value`), e.g. a cookie. */
  constructor(
    private readonly host: string,
    port: number,
    private readonly headers: readonly string[] = [],
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      // A long reply arrives in many chunks: joined once it is all here, not at each one.
      if (this.size >= this.need) this.parse();
    });
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  get(path: string): Promise<RawResponse> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.waiting) return Promise.reject(new Error('one request at a time'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      const lines = [`GET ${path} HTTP/1.1`, `Host: ${this.host}`, ...this.headers];
      this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  /** A whole response in what has arrived: handed to the waiting get(), the rest kept. */
  private parse(): void {
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [data];
    const headerEnd = data.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = data.toString('latin1', 0, headerEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const start = headerEnd + 4;
    let body: Buffer;
    let end: number;
    if (length) {
      end = start + Number(length[1]);
      if (data.length < end) {
        this.need = end;
        return;
      }
      body = data.subarray(start, end);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = data.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const n = parseInt(data.toString('latin1', at, lineEnd), 16);
        if (Number.isNaN(n)) return this.fail(new Error('a malformed chunk'));
        if (data.length < lineEnd + 2 + n + 2) return;
        if (n === 0) {
          end = lineEnd + 4; // no trailers from our server
          break;
        }
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + n));
        at = lineEnd + 2 + n + 2;
      }
      body = Buffer.concat(parts);
    } else {
      return this.fail(new Error(`a response without a length: ${head.split('\r\n')[0]}`));
    }
    const rest = data.subarray(end);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    this.need = 0;
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return this.fail(new Error('a response nobody asked for'));
    waiting.resolve({ status, body });
  }

  private fail(err: Error): void {
    this.failed ??= err;
    this.waiting?.reject(err);
    this.waiting = null;
    this.socket.destroy();
  }
}
