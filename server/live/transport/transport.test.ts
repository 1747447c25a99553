import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createTransport, payloadOf, textFrame } from './transport';

/** RFC 6455 §5.2, decoded by hand for an unmasked frame. */
function decode(frame: Buffer): { fin: boolean; opcode: number; masked: boolean; text: string } {
  const len7 = frame[1]! & 0x7f;
  let offset = 2;
  let length = len7;
  if (len7 === 126) {
    length = frame.readUInt16BE(2);
    offset = 4;
  } else if (len7 === 127) {
    length = frame.readUInt32BE(2) * 2 ** 32 + frame.readUInt32BE(6);
    offset = 10;
  }
  expect(frame.length).toBe(offset + length);
  return {
    fin: (frame[0]! & 0x80) !== 0,
    opcode: frame[0]! & 0x0f,
    masked: (frame[1]! & 0x80) !== 0,
    text: frame.subarray(offset).toString('utf8'),
  };
}

describe('textFrame', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 70_000])(
    'encodes a %i-byte payload with the right length field',
    (bytes) => {
      const json = 'x'.repeat(bytes);
      expect(decode(textFrame(json))).toEqual({ fin: true, opcode: 1, masked: false, text: json });
    },
  );

  it('counts bytes, not characters', () => {
    const json = '{"t":"é€😀"}';
    const frame = textFrame(json);
    expect(decode(frame).text).toBe(json);
    expect(frame.length).toBe(2 + Buffer.byteLength(json));
  });

  it.each([
    ['straight to the raw socket', false],
    ['through ws.send (plainTransport)', true],
  ])('is read by a real WebSocket client, written %s', async (_how, plain) => {
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const payloads = ['{"a":1}', 'é'.repeat(100), 'y'.repeat(70_000)];
    const transport = createTransport(plain);
    let sent = 0;
    http.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const send = ws.send.bind(ws);
        ws.send = ((...args: Parameters<typeof ws.send>) => {
          sent++;
          send(...args);
        }) as typeof ws.send;
        transport.write(ws, socket, textFrame(payloads[0]!));
        transport.write(ws, socket, payloads.slice(1).map(textFrame));
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const port = (http.address() as AddressInfo).port;
    const got: string[] = [];
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise<void>((resolve, reject) => {
      client.on('message', (d: Buffer, binary: boolean) => {
        expect(binary).toBe(false);
        got.push(d.toString());
        if (got.length === payloads.length) resolve();
      });
      client.on('error', reject);
    });
    client.terminate();
    wss.close();
    await new Promise((r) => http.close(r));
    expect(got).toEqual(payloads);
    // The switch really changes the path: ws.send frames every message in plain mode only.
    expect(sent).toBe(plain ? payloads.length : 0);
  });
});

describe('payloadOf', () => {
  it.each([0, 125, 126, 65_535, 65_536])('returns the %i-byte JSON a frame carries', (bytes) => {
    const json = 'z'.repeat(bytes);
    expect(payloadOf(textFrame(json)).toString('utf8')).toBe(json);
  });
});
