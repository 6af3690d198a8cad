import { fastifyRequestContext, requestContext } from '@fastify/request-context';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

declare module '@fastify/request-context' {
  interface RequestContextData {
    requestId: string;
  }
}

/**
 * The request id, kept for the request's whole async path (@fastify/request-context) and
 * echoed as X-Request-Id. Log lines read it only when they are written (requestLogFields), so a
 * request that logs nothing costs no logger of its own.
 */
export async function useRequestContext(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyRequestContext, {
    defaultStoreValues: (request) => ({ requestId: request.id }),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      reply.header('X-Request-Id', request.id);
    });
}

/** The fields every log line written while a request is handled carries (a pino mixin). */
export function requestLogFields(): { requestId?: string } {
  const requestId = requestContext.get('requestId');
  return requestId ? { requestId } : {};
}
