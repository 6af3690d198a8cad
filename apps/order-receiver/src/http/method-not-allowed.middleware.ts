import { HttpException, HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DocumentedRoutes } from './documented-routes';

/**
 * Answers a method that a documented resource does not have with `405` and an `Allow`
 * header (RFC 9110 §15.5.6) rather than a 404 or a 415, and `OPTIONS` with `204` and
 * `Allow`. Paths the document does not describe (`/metrics`, `/docs`) pass through.
 */
@Injectable()
export class MethodNotAllowedMiddleware implements NestMiddleware {
  constructor(private readonly routes: DocumentedRoutes) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const method = req.method.toUpperCase();
    // originalUrl: under Nest's wildcard mount, req.path is relative to the mount point.
    const route = this.routes.resolve(req.originalUrl.split('?')[0], method);
    if (!route) return next();
    if (method === 'OPTIONS') {
      res.setHeader('Allow', route.allow);
      res.status(HttpStatus.NO_CONTENT).end();
      return;
    }
    if (route.allowed) return next();
    res.setHeader('Allow', route.allow);
    next(
      new HttpException(
        `${method} is not allowed on this resource; allowed: ${route.allow}`,
        HttpStatus.METHOD_NOT_ALLOWED,
      ),
    );
  }
}
