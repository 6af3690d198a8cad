import { Injectable, NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * 415 for a body that is not JSON, or JSON in another encoding than UTF-8 (RFC 8259 §8.1:
 * JSON exchanged between systems MUST be UTF-8), before anything tries to read it.
 */
@Injectable()
export class JsonOnlyMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (!BODY_METHODS.has(req.method)) return next();
    const given = req.headers['content-type'] ?? 'none';
    if (!req.is('application/json')) {
      return next(new UnsupportedMediaTypeException(`Content-Type must be application/json (got ${given})`));
    }
    const charset = charsetOf(given);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return next(new UnsupportedMediaTypeException(`JSON must be UTF-8 (got charset ${charset})`));
    }
    next();
  }
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

function charsetOf(contentType: string): string | undefined {
  return CHARSET.exec(contentType)?.[1].toLowerCase();
}
