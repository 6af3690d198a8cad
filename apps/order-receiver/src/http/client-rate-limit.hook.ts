import { normalizeIp, ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ReceiverConfig } from '@app/config';
import { pathOf } from './url-path';

/** The load balancer's and the container's health checks, the docs and the metrics scrape. */
const EXEMPT = /^\/(health|metrics|docs|docs-json)(\/|$)/;

/**
 * THROTTLE_LIMIT requests per THROTTLE_TTL_MS per client IP (`request.ip`, so X-Forwarded-For
 * counts only as far as TRUST_PROXY_HOPS trusts it), over all routes together, answered 429
 * with Retry-After past it.
 *
 * An onRequest hook ahead of the method, content-type and body checks rather than
 * @nestjs/throttler's guard: guards run after them, so a request they reject (405, 415, 400,
 * 413 — the cheapest to send, and the body ones the costliest to answer) would never be
 * counted; and the guard keys its counter by route handler, which would give one client the
 * limit once per route. The counter is the throttler's storage.
 */
export function clientRateLimit(
  storage: ThrottlerStorage,
  config: Pick<ReceiverConfig, 'THROTTLE_LIMIT' | 'THROTTLE_TTL_MS'>,
): onRequestAsyncHookHandler {
  const { THROTTLE_LIMIT: limit, THROTTLE_TTL_MS: ttl } = config;
  return async function clientRateLimitHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (EXEMPT.test(pathOf(request.url))) return;
    const hits = await storage.increment(`client:${normalizeIp(request.ip)}`, ttl, limit, ttl, 'default');
    if (hits.isBlocked) {
      reply.header('Retry-After', String(hits.timeToBlockExpire));
      throw new ThrottlerException();
    }
    reply.header('X-RateLimit-Limit', String(limit));
    reply.header('X-RateLimit-Remaining', String(Math.max(0, limit - hits.totalHits)));
    reply.header('X-RateLimit-Reset', String(hits.timeToExpire));
  };
}
