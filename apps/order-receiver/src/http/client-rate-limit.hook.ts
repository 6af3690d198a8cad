import { normalizeIp, ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ReceiverConfig } from '@app/config';
import { rateLimitKeyOf } from '../auth/caller';
import { callerOf } from '../auth/caller.decorator';
import { OPEN_ROUTES } from './open-routes';
import { pathOf } from './url-path';

/** One limit: how many requests per window, and how a 429 names it. */
interface Limit {
  readonly limit: number;
  readonly ttl: number;
  /** Whose requests are counted, for the 429's message: "this client IP", "this caller". */
  readonly whose: string;
  /** The variable that sets it. */
  readonly variable: string;
}

/**
 * THROTTLE_LIMIT requests per THROTTLE_TTL_MS per client IP (`request.ip`, so X-Forwarded-For
 * counts only as far as TRUST_PROXY_HOPS trusts it), over all routes together, answered 429
 * with Retry-After past it.
 *
 * An onRequest hook ahead of authentication and the method, content-type and body checks rather
 * than @nestjs/throttler's guard: guards run after them, so a request they reject (401, 405, 415,
 * 400, 413 — the cheapest to send, and the body ones the costliest to answer) would never be
 * counted; and the guard keys its counter by route handler, which would give one client the
 * limit once per route. The counter is the throttler's storage.
 */
export function clientRateLimit(
  storage: ThrottlerStorage,
  config: Pick<ReceiverConfig, 'THROTTLE_LIMIT' | 'THROTTLE_TTL_MS'>,
): onRequestAsyncHookHandler {
  const limit = { limit: config.THROTTLE_LIMIT, whose: 'this client IP', variable: 'THROTTLE_LIMIT' };
  return rateLimitHook(storage, { ...limit, ttl: config.THROTTLE_TTL_MS }, (request) =>
    OPEN_ROUTES.test(pathOf(request.url)) ? undefined : `client:${normalizeIp(request.ip)}`,
  );
}

/**
 * CALLER_THROTTLE_LIMIT requests per THROTTLE_TTL_MS per authenticated caller (a customer's
 * `sub`, a service's client id), whatever addresses they come from: after authentication, which
 * establishes the caller, and before the body is read. The X-RateLimit-* headers describe
 * whichever of the two limits has fewer requests left.
 */
export function callerRateLimit(
  storage: ThrottlerStorage,
  config: Pick<ReceiverConfig, 'CALLER_THROTTLE_LIMIT' | 'THROTTLE_TTL_MS'>,
): onRequestAsyncHookHandler {
  const limit = {
    limit: config.CALLER_THROTTLE_LIMIT,
    whose: 'this caller',
    variable: 'CALLER_THROTTLE_LIMIT',
  };
  return rateLimitHook(storage, { ...limit, ttl: config.THROTTLE_TTL_MS }, (request) => {
    const caller = callerOf(request);
    const key = caller && rateLimitKeyOf(caller);
    return key === undefined ? undefined : `caller:${key}`;
  });
}

/** A hook counting each request under the key `keyOf` gives it against `limit`; none, not counted. */
function rateLimitHook(
  storage: ThrottlerStorage,
  limit: Limit,
  keyOf: (request: FastifyRequest) => string | undefined,
): onRequestAsyncHookHandler {
  return async function rateLimitHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const key = keyOf(request);
    if (key !== undefined) await count(storage, key, limit, reply);
  };
}

/** Counts one request under `key`; a 429 past the limit, else the X-RateLimit-* headers. */
async function count(
  storage: ThrottlerStorage,
  key: string,
  limit: Limit,
  reply: FastifyReply,
): Promise<void> {
  const hits = await storage.increment(key, limit.ttl, limit.limit, limit.ttl, 'default');
  const remaining = Math.max(0, limit.limit - hits.totalHits);
  const shown = Number(reply.getHeader('X-RateLimit-Remaining') ?? Infinity);
  if (hits.isBlocked || remaining <= shown) {
    reply.header('X-RateLimit-Limit', String(limit.limit));
    reply.header('X-RateLimit-Remaining', String(hits.isBlocked ? 0 : remaining));
    reply.header('X-RateLimit-Reset', String(hits.isBlocked ? hits.timeToBlockExpire : hits.timeToExpire));
  }
  if (hits.isBlocked) {
    reply.header('Retry-After', String(hits.timeToBlockExpire));
    throw new ThrottlerException(
      `Too many requests from ${limit.whose}: the limit is ${limit.limit} per ${limit.ttl} ms ` +
        `(${limit.variable}); retry after Retry-After seconds`,
    );
  }
}
