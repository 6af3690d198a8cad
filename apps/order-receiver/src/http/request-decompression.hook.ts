import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BODY_METHODS } from './json-only.hook';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * Inflates a body sent with Content-Encoding gzip, deflate or br (as Express's body parser
 * did, so clients that compress keep working), and answers 415 for any other encoding.
 * Fastify counts BODY_LIMIT_BYTES on the stream returned here, so the limit is on the
 * inflated size: a small gzip bomb is cut off at the limit with 413. A body that does not
 * inflate fails with zlib's error (code Z_*), which the exception filter answers 400.
 */
export const decompressRequestBody: preParsingAsyncHookHandler = async function decompressRequestBody(
  request: FastifyRequest,
  _reply,
  payload,
) {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity' || !BODY_METHODS.has(request.method)) return payload;
  const decoder = DECODERS[encoding];
  if (!decoder) throw new UnsupportedMediaTypeException(`unsupported content encoding "${encoding}"`);
  const inflated = decoder() as Transform & { receivedEncodedLength: number };
  // Fastify compares Content-Length with the bytes received, not the bytes inflated.
  inflated.receivedEncodedLength = 0;
  const raw = payload as Readable;
  raw.on('data', (chunk: Buffer) => (inflated.receivedEncodedLength += chunk.length));
  raw.on('error', (error) => inflated.destroy(error));
  return raw.pipe(inflated);
};
