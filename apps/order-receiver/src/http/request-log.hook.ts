import type { FastifyReply, FastifyRequest, onResponseAsyncHookHandler } from 'fastify';
import type { Logger } from 'pino';

/** Probes and scrapes: a line each would drown the log. */
const QUIET_ROUTES = ['/health', '/metrics'];

/**
 * One line per answered request ("request completed", or "request errored" at error for a
 * 5xx), with method, URL, status and time taken; nothing is built when the level is off.
 */
export function requestLog(logger: Logger): onResponseAsyncHookHandler {
  return async function requestLogHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const failed = reply.statusCode >= 500;
    if (!logger.isLevelEnabled(failed ? 'error' : 'info')) return;
    if (QUIET_ROUTES.some((route) => request.url.startsWith(route))) return;
    const line = {
      requestId: request.id,
      req: { method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: Math.round(reply.elapsedTime),
    };
    if (failed) logger.error(line, 'request errored');
    else logger.info(line, 'request completed');
  };
}
