import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Express } from 'express';

type HttpClasses = Pick<ServerOptions, 'IncomingMessage' | 'ServerResponse'>;

/**
 * The request and response constructors for Node's HTTP server that make objects already
 * shaped as Express wants them. Express gives every request and response its own prototypes
 * (`app.request`, `app.response`) with `Object.setPrototypeOf` as each request starts. A live
 * object whose prototype changes moves to a new hidden class, so every property read on
 * requests and responses (in Node's HTTP code as much as in Express) meets several shapes and
 * goes the slow, megamorphic way: measured, a good share of a REST comment's CPU (bench/README.md,
 * issue 15 fifth pass). Born with those prototypes, the objects keep one shape, and Express's
 * `setPrototypeOf` finds nothing to change. Nothing else differs: the same constructors run.
 */
export function expressHttpClasses(app: Express): HttpClasses {
  function Request(...args: ConstructorParameters<typeof IncomingMessage>): IncomingMessage {
    return Reflect.construct(IncomingMessage, args, Request) as IncomingMessage;
  }
  Request.prototype = app.request;
  function Response(...args: ConstructorParameters<typeof ServerResponse>): ServerResponse {
    return Reflect.construct(ServerResponse, args, Response) as ServerResponse;
  }
  Response.prototype = app.response;
  return {
    IncomingMessage: Request as unknown as typeof IncomingMessage,
    ServerResponse: Response as unknown as typeof ServerResponse,
  };
}

/** Whether a request listener is an Express app (whose prototypes we can give up front). */
export function isExpressApp(listener: unknown): listener is Express {
  const app = listener as Partial<Express> | null;
  return (
    typeof listener === 'function' &&
    typeof app?.request === 'object' &&
    typeof app.response === 'object'
  );
}
