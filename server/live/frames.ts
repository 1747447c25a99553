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
