import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';

interface FrameworkError {
  code?: string;
  message?: string;
}

/**
 * Fastify's and zlib's errors about a bad request, as the clear HTTP errors the API answers;
 * undefined for anything else. They arise before a route handler runs: a URL that does not
 * decode (Fastify's frameworkErrors), a body past BODY_LIMIT_BYTES (which Nest has already
 * turned into an HttpException with Fastify's status and terse message), a body that does not
 * inflate (zlib's error, which has no status).
 */
export function fromFrameworkError(error: unknown): HttpException | undefined {
  if (error instanceof HttpException) {
    // The only 413 the receiver raises: Fastify's body limit.
    return error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE
      ? new PayloadTooLargeException('Request body is larger than the allowed limit')
      : undefined;
  }
  // Not `instanceof Error`: zlib's errors come from another realm under Jest's module sandbox.
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as FrameworkError;
  if (code?.startsWith('Z_')) {
    return new BadRequestException('Request body does not decompress with its Content-Encoding');
  }
  if (code === 'FST_ERR_BAD_URL') return new BadRequestException(`Failed to decode param: ${message}`);
  return undefined;
}
