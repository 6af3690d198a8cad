import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { findJsonHazard } from './json-hazards';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** JSON text whose top level is an object or an array (what `strict` body parsers accept). */
const OBJECT_OR_ARRAY = /^[\s]*[{[]/;

/**
 * Parses the JSON body: UTF-8 only (jsonOnlyHook has let only UTF-8 through; decoding
 * leniently would replace invalid bytes with U+FFFD and store something other than what the
 * client sent), an object or array at the top, and none of what JSON.parse accepts but the
 * API must not (findJsonHazard). Returns what is wrong as a 400 the exception filter answers.
 */
export function parseJsonBody(body: Buffer): unknown {
  // No body at all is an empty order, which validation then answers field by field.
  if (body.length === 0) return {};
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new BadRequestException(['JSON body is not valid UTF-8']);
  }
  if (!OBJECT_OR_ARRAY.test(text)) {
    throw new BadRequestException('Malformed JSON body: the top level must be an object or an array');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`Malformed JSON body: ${(error as Error).message}`);
  }
  const hazard = findJsonHazard(text);
  if (hazard) throw new BadRequestException([hazard]);
  return value;
}

/**
 * Replaces Fastify's JSON parser (which answers a prototype key with a message of its own,
 * and lets repeated keys and lone surrogates through) with parseJsonBody, reading at most
 * `bodyLimit` bytes after decompression (see decompressRequestBody).
 */
export function useJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
