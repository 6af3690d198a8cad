import { BadRequestException, HttpStatus } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { fromFrameworkError } from './framework-errors';
import { errorBody } from './http-exception.filter';
import { apiSecurityHeaders } from './security-headers';

/**
 * Fastify's `frameworkErrors`: a URL whose path does not decode (`/orders/%FF`) is answered
 * while it is routed, before any hook or the exception filter runs. This gives that answer
 * what every other error has: the security headers, the request id and the error shape.
 */
export function answerBadUrl(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const exception = fromFrameworkError(error) ?? new BadRequestException(error.message);
  apiSecurityHeaders(request.raw, reply.raw, () => undefined);
  reply
    .header('X-Request-Id', request.id)
    .code(HttpStatus.BAD_REQUEST)
    .send(errorBody(HttpStatus.BAD_REQUEST, exception.message, request.id));
}
