import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The methods whose body the API reads; Fastify parses bodies of these. */
export const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

/**
 * 415 for a body that is not JSON, or JSON in another encoding than UTF-8 (RFC 8259 §8.1:
 * JSON exchanged between systems MUST be UTF-8), before anything reads it. An onRequest
 * hook, so that it answers ahead of Fastify's own content-type check with a message that
 * says what was sent.
 */
export async function jsonOnlyHook(request: FastifyRequest): Promise<void> {
  if (!BODY_METHODS.has(request.method)) return;
  const given = request.headers['content-type'] ?? 'none';
  if (mediaTypeOf(given) !== 'application/json') {
    throw new UnsupportedMediaTypeException(`Content-Type must be application/json (got ${given})`);
  }
  const charset = CHARSET.exec(given)?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException(`JSON must be UTF-8 (got charset ${charset})`);
  }
}

/** `type/subtype` of a Content-Type, lower-cased, without its parameters. */
export function mediaTypeOf(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
