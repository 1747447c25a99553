import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressHttpClasses, isExpressApp } from './express-objects';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('expressHttpClasses', () => {
  it("makes requests and responses with the app's prototypes before Express sees them", async () => {
    const app = express();
    app.disable('x-powered-by');
    app.get('/x/:id', (req, res) => {
      res.status(201).json({ path: req.path, id: req.params.id, secure: req.secure });
    });
    const seen: { req: unknown; res: unknown }[] = [];
    const server = createServer(
      expressHttpClasses(app),
      (req: IncomingMessage, res: ServerResponse) => {
        seen.push({ req: Object.getPrototypeOf(req), res: Object.getPrototypeOf(res) });
        app(req, res);
      },
    );
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}/x/7`);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await answer.json()).toEqual({ path: '/x/7', id: '7', secure: false });
    expect(seen).toEqual([{ req: app.request, res: app.response }]);
  });

  it('tells an Express app from another request listener', () => {
    expect(isExpressApp(express())).toBe(true);
    expect(isExpressApp(() => undefined)).toBe(false);
    expect(isExpressApp(null)).toBe(false);
  });
});
