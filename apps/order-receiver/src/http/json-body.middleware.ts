import {
  BadRequestException,
  HttpException,
  Inject,
  Injectable,
  NestMiddleware,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { findJsonHazard } from './json-hazards';

interface BodyParserError {
  type?: string;
  message?: string;
  /** http-errors' fields: set on every error body-parser raises for a bad request. */
  status?: number;
  expose?: boolean;
  code?: string;
}

/** Maps body-parser's errors (see its README, "Errors") to clear HTTP errors. */
export function toHttpError(error: BodyParserError): HttpException | BodyParserError {
  switch (error.type) {
    case 'entity.parse.failed':
      return new BadRequestException(`Malformed JSON body: ${error.message}`);
    case 'entity.too.large':
      return new PayloadTooLargeException('Request body is larger than the allowed limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeException(error.message);
    case 'request.aborted':
    case 'request.size.invalid':
      return new BadRequestException(error.message);
    default:
      // A body that does not inflate (Content-Encoding: gzip that is not gzip) comes as zlib's
      // error with status 400 and no type.
      if (error.code?.startsWith('Z_')) {
        return new BadRequestException('Request body does not decompress with its Content-Encoding');
      }
      if (error.expose && error.status && error.status >= 400 && error.status < 500) {
        return new HttpException(error.message ?? 'Bad request body', error.status);
      }
      return error;
  }
}

const rawBodies = new WeakMap<Request, Buffer>();
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses JSON bodies up to BODY_LIMIT_BYTES, as Nest middleware so that its
 * errors reach the exception filter with a clear message, and rejects what
 * JSON.parse accepts but the API must not (see findJsonHazard).
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: Pick<ReceiverConfig, 'BODY_LIMIT_BYTES'>) {
    this.parse = json({
      limit: config.BODY_LIMIT_BYTES,
      strict: true,
      // The parsed body cannot show repeated keys; keep the text to check it.
      verify: (req, _res, buf) => void rawBodies.set(req as Request, buf),
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.parse(req, res, (error?: unknown) => {
      if (error) return next(toHttpError(error as BodyParserError));
      const raw = rawBodies.get(req);
      rawBodies.delete(req);
      if (!raw) return next();
      let text: string;
      try {
        // JsonOnlyMiddleware lets only UTF-8 through; body-parser replaces invalid bytes with
        // U+FFFD, which would store something other than what the client sent.
        text = utf8.decode(raw);
      } catch {
        return next(new BadRequestException(['JSON body is not valid UTF-8']));
      }
      const hazard = findJsonHazard(text);
      next(hazard ? new BadRequestException([hazard]) : undefined);
    });
  }
}
