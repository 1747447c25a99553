/**
 * Baseline 1, the ceiling: a bare `ws` relay with no authentication, no validation and no
 * database. A DM `{to, body, clientId}` goes to the recipient and back to the sender (the
 * same two frames Hearth sends); `{type: "post"}` goes to everyone.
 * Usage (by bench/live.ts): node --import tsx --expose-gc bench/baselines/ws-relay.ts
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { listenHttpLowPort, serveProbe } from '../support/server-probe';

const sockets = new Map<number, WebSocket>();
const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 64 * 1024 });
let postId = 0;

wss.on('connection', (ws, req) => {
  const userId = Number(new URL(req.url ?? '/', 'http://relay').searchParams.get('u'));
  sockets.set(userId, ws);
  ws.send('"ready"'); // a greeting, like Hearth's hello and socket.io's connect
  ws.on('error', () => undefined);
  ws.on('close', () => sockets.delete(userId));
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as {
      type?: string;
      to: number;
      body: string;
      clientId: string;
    };
    if (m.type === 'post') {
      const frame = JSON.stringify({ type: 'post', post: { id: ++postId, title: 'Broadcast' } });
      for (const s of sockets.values()) s.send(frame);
      return;
    }
    const out = JSON.stringify({
      type: 'dm',
      from: userId,
      to: m.to,
      body: m.body,
      clientId: m.clientId,
    });
    sockets.get(m.to)?.send(out);
    ws.send(out);
  });
});

const port = await listenHttpLowPort(http);
serveProbe({
  connections: () => sockets.size,
  stop: async () => {
    for (const s of sockets.values()) s.terminate();
    await new Promise((r) => http.close(r));
  },
});
process.send?.({ type: 'ready', port });
