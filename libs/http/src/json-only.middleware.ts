import { Injectable, NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** 415 for a body that is not JSON, before anything tries to read it. */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (BODY_METHODS.has(req.method) && !req.is('application/json')) {
      const given = req.headers['content-type'] ?? 'none';
      return next(new UnsupportedMediaTypeException(`Content-Type must be application/json (got ${given})`));
    }
    next();
  }
}
