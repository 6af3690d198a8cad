import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import {
  DependencyRejectedError,
  DependencyUnavailableError,
  OrderConflictError,
  OrderInProgressError,
} from '@app/domain';
import { fromFrameworkError } from './framework-errors';

/** Retry-After for a 503: long enough for a blip to pass, short enough to keep clients going. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The one shape of every error answer. */
export function errorBody(status: number, message: string | string[], requestId: string) {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId };
}

/**
 * Maps every error to one JSON shape: `{ statusCode, error, message, requestId }`.
 * Domain errors get their status here, as do Fastify's and zlib's about a bad request
 * (fromFrameworkError), and anything unexpected is logged and answered 500 without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(thrown: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    const exception = fromFrameworkError(thrown) ?? thrown;
    const { status, message, passthrough } = this.describe(exception, res);
    if (status >= 500 && status !== 503) {
      this.logger.error({ msg: 'unhandled error', err: exception, url: req.url });
    } else if (status === 503) {
      const cause =
        exception instanceof Error && exception.cause instanceof Error ? exception.cause.message : undefined;
      this.logger.warn({ msg: 'dependency unavailable', error: message, cause, url: req.url });
    }
    if (res.sent) return;
    // Set here too: an error raised before the onRequest hooks ran (a URL that does not
    // decode) has its id but not the header yet.
    res.header('X-Request-Id', req.id);
    if (passthrough !== undefined) {
      res.code(status).send(passthrough);
      return;
    }
    res.code(status).send(errorBody(status, message, req.id));
  }

  private describe(
    exception: unknown,
    res: FastifyReply,
  ): { status: number; message: string | string[]; passthrough?: object } {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      // A structured body without a message (terminus' health report) is the answer itself.
      if (typeof body === 'object' && body !== null && !('message' in body)) {
        return { status: exception.getStatus(), message: exception.message, passthrough: body };
      }
      const message =
        typeof body === 'object' && body !== null && 'message' in body
          ? (body as { message: string | string[] }).message
          : exception.message;
      return { status: exception.getStatus(), message };
    }
    if (exception instanceof OrderConflictError || exception instanceof OrderInProgressError) {
      return { status: HttpStatus.CONFLICT, message: exception.message };
    }
    if (exception instanceof DependencyUnavailableError) {
      res.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        message: `${exception.dependency} is unavailable; the order was not accepted, retry later`,
      };
    }
    if (exception instanceof DependencyRejectedError) {
      // Input is validated before any AWS call, so a refusal is our defect or misconfiguration
      // (a missing permission, a missing table): a 500 that says so, with no Retry-After.
      return {
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        message: `${exception.dependency} refused the request (${exception.code}); this is a fault of the service, not an outage, and retrying will not help`,
      };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  }
}
