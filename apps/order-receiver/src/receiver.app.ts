import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { HTTP_SETTINGS } from '@app/aws-resources';
import { ReceiverConfig, receiverEnvSchema, validateEnv } from '@app/config';
import { answerBadUrl } from './http/bad-url';
import { DocumentedRoutes } from './http/documented-routes';
import { useHttpEdge } from './http/edge';
import { closeRequestBodySchemas, receiverDocumentConfig } from './http/openapi-document';
import { requestIdOf } from './http/request-id';
import { createValidationPipe } from './http/validation.pipe';
import { ReceiverModule } from './receiver.module';

/** Longer than any path the API has (a 64-character order id), as long as a URL Node accepts. */
const MAX_PARAM_LENGTH = 16 * 1024;

/** Fastify's settings, from the validated config and the HTTP settings shared with the ALB. */
function fastifyAdapter(config: ReceiverConfig): FastifyAdapter {
  return new FastifyAdapter({
    // X-Forwarded-For counts only as far as the proxies in front are trusted.
    trustProxy: config.TRUST_PROXY_HOPS,
    // Idle keep-alive sockets outlive the ALB's (Node's default, 5 s, would make the ALB reuse
    // sockets already closed: 502s); one setting with the ALB's idle_timeout, see HTTP_SETTINGS.
    keepAliveTimeout: HTTP_SETTINGS.keepAliveTimeoutMs,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    // `/orders/async/` is `/orders/async`, as it was on Express and as DocumentedRoutes matches it.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, ignoreTrailingSlash: true },
    frameworkErrors: answerBadUrl,
  });
}

/**
 * Builds the receiver with everything main.ts and the e2e specs share: Fastify with proxy
 * trust, keep-alive timeouts above the ALB's, the HTTP edge (request ids, security headers,
 * rate limit, method/content-type/body checks, metrics, request log), validation, Swagger at
 * /docs (/docs-json) when API_DOCS_ENABLED. Call `init()` (or `listen()`) on it before use.
 */
export async function createReceiverApp(
  env: Record<string, unknown> = process.env,
): Promise<NestFastifyApplication> {
  const config = validateEnv(receiverEnvSchema, env);
  const app = await NestFactory.create<NestFastifyApplication>(
    ReceiverModule.forConfig(config),
    fastifyAdapter(config),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  if (config.AUTH_DISABLED) {
    app
      .get(Logger)
      .warn(
        'AUTH_DISABLED=true: authentication is off, every caller may submit orders for and read the orders of any customer',
        'ReceiverApp',
      );
  }
  app.getHttpServer().headersTimeout = HTTP_SETTINGS.headersTimeoutMs;
  await useHttpEdge(app);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = closeRequestBodySchemas(SwaggerModule.createDocument(app, receiverDocumentConfig()));
  app.get(DocumentedRoutes).load(document);
  // Built either way (405 detection reads it); served only when API_DOCS_ENABLED, else a 404.
  if (config.API_DOCS_ENABLED) {
    SwaggerModule.setup('docs', app, document, {
      jsonDocumentUrl: 'docs-json',
      // The token given to "Authorize" survives a reload of the page (kept in the browser's storage).
      swaggerOptions: { persistAuthorization: true },
    });
  }
  return app;
}
