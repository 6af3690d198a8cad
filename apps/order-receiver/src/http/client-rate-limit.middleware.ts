import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { normalizeIp, ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, ReceiverConfig } from '@app/config';

/** The load balancer's and the container's health checks, the docs and the metrics scrape. */
const EXEMPT = /^\/(health|metrics|docs|docs-json)(\/|$)/;

/**
 * THROTTLE_LIMIT requests per THROTTLE_TTL_MS per client IP (`req.ip`, so X-Forwarded-For
 * counts only as far as TRUST_PROXY_HOPS trusts it), over all routes together, answered 429
 * with Retry-After past it.
 *
 * Middleware, first in the chain, rather than @nestjs/throttler's guard: guards run after
 * middleware, so a request rejected by the method, content-type or body checks (405, 415,
 * 400, 413 — the cheapest to send, and the body ones the costliest to answer) would never be
 * counted; and the guard keys its counter by route handler, which would give one client the
 * limit once per route.
 */
@Injectable()
export class ClientRateLimitMiddleware implements NestMiddleware {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: Pick<ReceiverConfig, 'THROTTLE_LIMIT' | 'THROTTLE_TTL_MS'>,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (EXEMPT.test(req.originalUrl.split('?')[0])) return next();
    const { THROTTLE_LIMIT: limit, THROTTLE_TTL_MS: ttl } = this.config;
    try {
      const client = normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      const hits = await this.storage.increment(`client:${client}`, ttl, limit, ttl, 'default');
      if (hits.isBlocked) {
        res.setHeader('Retry-After', String(hits.timeToBlockExpire));
        return next(new ThrottlerException());
      }
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - hits.totalHits)));
      res.setHeader('X-RateLimit-Reset', String(hits.timeToExpire));
      next();
    } catch (error) {
      next(error);
    }
  }
}
