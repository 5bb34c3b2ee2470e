import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ids = new WeakMap<IncomingMessage, string>();

/**
 * The id of a request: the caller's `X-Request-Id` when it is sane, else a new
 * UUID. Fastify and the pino logger both ask, and get the same answer.
 */
export function requestIdFor(req: IncomingMessage): string {
  let id = ids.get(req);
  if (id === undefined) {
    const given = req.headers['x-request-id'];
    id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    ids.set(req, id);
  }
  return id;
}
