import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import {
  DependencyRejectedError,
  DependencyUnavailableError,
  OrderConflictError,
  OrderInProgressError,
  OrderNotFoundError,
  OrderOutcome,
  OrderRequestFailedError,
} from '@app/domain';
import { BearerChallengeException } from '../auth/bearer-challenge.exception';
import { ORDER_ID_HEADER } from './order-id.header';
import { fromFrameworkError } from './framework-errors';

/** Retry-After for a 503: long enough for a blip to pass, short enough to keep clients going. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** What an error answer says about one order: its id and, after a failed submission, what is known. */
export interface OrderFacts {
  readonly orderId?: string;
  readonly outcome?: OrderOutcome;
}

/** The one shape of every error answer. */
export function errorBody(
  status: number,
  message: string | string[],
  requestId: string,
  facts: OrderFacts = {},
) {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId, ...facts };
}

/**
 * Maps every error to one JSON shape: `{ statusCode, error, message, requestId }`, plus `orderId`
 * (also as the Order-Id header) and `outcome` when the error is about one order.
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
    const { status, message, passthrough, facts } = this.describe(exception, res);
    if (status >= 500 && status !== 503) {
      this.logger.error({ msg: 'unhandled error', err: exception, url: req.url });
    } else if (status === 503) {
      const cause =
        exception instanceof Error && exception.cause instanceof Error ? exception.cause.message : undefined;
      this.logger.warn({ msg: 'dependency unavailable', error: message, cause, url: req.url, ...facts });
    }
    if (res.sent) return;
    // Set here too: an error raised before the onRequest hooks ran (a URL that does not
    // decode) has its id but not the header yet.
    res.header('X-Request-Id', req.id);
    if (exception instanceof BearerChallengeException)
      res.header('WWW-Authenticate', exception.wwwAuthenticate);
    if (passthrough !== undefined) {
      res.code(status).send(passthrough);
      return;
    }
    if (facts?.orderId) res.header(ORDER_ID_HEADER, facts.orderId);
    res.code(status).send(errorBody(status, message, req.id, facts));
  }

  private describe(
    exception: unknown,
    res: FastifyReply,
  ): { status: number; message: string | string[]; passthrough?: object; facts?: OrderFacts } {
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
      return {
        status: HttpStatus.CONFLICT,
        message: exception.message,
        facts: { orderId: exception.orderId },
      };
    }
    if (exception instanceof OrderNotFoundError) {
      return {
        status: HttpStatus.NOT_FOUND,
        message: exception.message,
        facts: { orderId: exception.orderId },
      };
    }
    if (exception instanceof OrderRequestFailedError) {
      const { orderId, outcome } = exception;
      return {
        ...this.describeDependencyError(exception.cause, res, orderId, outcome),
        facts: { orderId, outcome },
      };
    }
    if (exception instanceof DependencyUnavailableError || exception instanceof DependencyRejectedError) {
      return this.describeDependencyError(exception, res);
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  }

  private describeDependencyError(
    error: DependencyUnavailableError | DependencyRejectedError,
    res: FastifyReply,
    orderId?: string,
    outcome?: OrderOutcome,
  ): { status: number; message: string } {
    if (error instanceof DependencyRejectedError) {
      // Input is validated before any AWS call, so a refusal is our defect or misconfiguration
      // (a missing permission, a missing table): a 500 that says so, with no Retry-After.
      return {
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        message: `${error.dependency} refused the request (${error.code}); this is a fault of the service, not an outage, and retrying will not help`,
      };
    }
    res.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: HttpStatus.SERVICE_UNAVAILABLE, message: unavailableMessage(error, orderId, outcome) };
  }
}

/** A 503's message: only what the server knows of the order, and how to retry safely. */
function unavailableMessage(
  error: DependencyUnavailableError,
  orderId: string | undefined,
  outcome: OrderOutcome | undefined,
): string {
  const down = `${error.dependency} is unavailable`;
  switch (outcome) {
    case 'not-accepted':
      return `${down}; order ${orderId} was not accepted. Retry after Retry-After seconds, with the same orderId`;
    case 'unknown':
      return (
        `${down}; order ${orderId} may have been accepted and may still be fulfilled. Retry after ` +
        `Retry-After seconds with orderId ${orderId} and the same body: a retry with it never creates ` +
        'a second order, a retry without it may'
      );
    default:
      return `${down}; retry after Retry-After seconds`;
  }
}
