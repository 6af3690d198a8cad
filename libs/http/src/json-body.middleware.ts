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

interface BodyParserError {
  type?: string;
  message?: string;
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
      return error;
  }
}

/**
 * Parses JSON bodies up to BODY_LIMIT_BYTES, as Nest middleware so that its
 * errors reach the exception filter with a clear message.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: Pick<ReceiverConfig, 'BODY_LIMIT_BYTES'>) {
    this.parse = json({ limit: config.BODY_LIMIT_BYTES, strict: true });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.parse(req, res, (error?: unknown) =>
      next(error ? toHttpError(error as BodyParserError) : undefined),
    );
  }
}
