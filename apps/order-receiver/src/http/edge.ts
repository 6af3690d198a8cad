import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ThrottlerStorage } from '@nestjs/throttler';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { actAsUnrestrictedCaller, authenticate } from '../auth/authentication.hook';
import { StatusUrlSigner } from '../auth/status-url.signer';
import { TokenVerifier } from '../auth/token.verifier';
import { callerRateLimit, clientRateLimit } from './client-rate-limit.hook';
import { DocumentedRoutes } from './documented-routes';
import { httpMetricsHook } from './http-metrics.hook';
import { useJsonBodyParser } from './json-body.parser';
import { jsonOnlyHook } from './json-only.hook';
import { methodNotAllowed } from './method-not-allowed.hook';
import { decompressRequestBody } from './request-decompression.hook';
import { useRequestContext } from './request-context';
import { requestLog } from './request-log.hook';
import { securityHeadersHook } from './security-headers';

/**
 * The receiver's HTTP edge, as Fastify hooks in the order a request meets them: its id and
 * headers first (every answer has them, errors included); then the client IP's rate limit, so
 * that every request counts, rejected ones too; then authentication (401 before anything else
 * about the request is answered or read) and the caller's rate limit; then the checks that need
 * no body, 405 before 415 (a wrong method is the first thing wrong with `PUT /orders/x`); then the body,
 * inflated and parsed within BODY_LIMIT_BYTES. Errors thrown here reach HttpExceptionFilter
 * like a controller's. Metrics and the request log are written once the answer is sent.
 */
export async function useHttpEdge(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ReceiverConfig>(APP_CONFIG);
  const fastify = app.getHttpAdapter().getInstance();
  await useRequestContext(app);
  fastify.addHook('onRequest', securityHeadersHook);
  fastify.addHook('onRequest', clientRateLimit(app.get(ThrottlerStorage), config));
  fastify.addHook(
    'onRequest',
    config.AUTH_DISABLED
      ? actAsUnrestrictedCaller
      : authenticate(new TokenVerifier(config), app.get(StatusUrlSigner)),
  );
  fastify.addHook('onRequest', callerRateLimit(app.get(ThrottlerStorage), config));
  fastify.addHook('onRequest', methodNotAllowed(app.get(DocumentedRoutes)));
  fastify.addHook('onRequest', jsonOnlyHook);
  fastify.addHook('preParsing', decompressRequestBody);
  useJsonBodyParser(fastify, config.BODY_LIMIT_BYTES);
  fastify.addHook('onResponse', httpMetricsHook);
  fastify.addHook('onResponse', requestLog((await app.resolve(PinoLogger)).logger));
}
