import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { pathOf } from './url-path';
import { DocumentedRoutes } from './documented-routes';

/**
 * Answers a method that a documented resource does not have with `405` and an `Allow`
 * header (RFC 9110 §15.5.6) rather than a 404 or a 415, and `OPTIONS` with `204` and
 * `Allow`. Paths the document does not describe (`/metrics`, `/docs`) pass through.
 */
export function methodNotAllowed(routes: DocumentedRoutes): onRequestAsyncHookHandler {
  return async function methodNotAllowedHook(request: FastifyRequest, reply: FastifyReply) {
    const method = request.method.toUpperCase();
    const route = routes.resolve(pathOf(request.url), method);
    if (!route) return;
    if (method === 'OPTIONS') {
      return reply.header('Allow', route.allow).code(HttpStatus.NO_CONTENT).send();
    }
    if (route.allowed) return;
    reply.header('Allow', route.allow);
    throw new HttpException(
      `${method} is not allowed on this resource; allowed: ${route.allow}`,
      HttpStatus.METHOD_NOT_ALLOWED,
    );
  };
}
