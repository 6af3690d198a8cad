import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A well-formed X-Request-Id from the client (so a trace id set upstream follows the
 * request), or a new one: Fastify's `genReqId`, so every request, even one that fails
 * while its URL is parsed, has its id as `request.id`.
 */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}
