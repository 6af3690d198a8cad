import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { HTTP_SETTINGS } from '@app/aws-resources';
import { APP_CONFIG, ReceiverConfig } from '@app/config';
import { DocumentedRoutes } from './http/documented-routes';
import { closeRequestBodySchemas } from './http/openapi-document';
import { createValidationPipe } from './http/validation.pipe';
import { ReceiverModule } from './receiver.module';

/**
 * Helmet's defaults everywhere but on the Swagger UI page, whose CSP leaves out
 * `upgrade-insecure-requests`: that directive makes the browser fetch the page's own scripts,
 * styles and "Try it out" calls over https://, which breaks the page wherever the API is served
 * over plain HTTP (an ALB without a certificate, a LAN address). JSON answers load nothing, so
 * for them the directive changes nothing.
 */
function securityHeaders(): RequestHandler {
  const api = helmet();
  const docsPage = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  return (req, res, next) =>
    (req.path === '/docs' || req.path.startsWith('/docs/') ? docsPage : api)(req, res, next);
}

/**
 * Builds the receiver with everything main.ts and the e2e specs share: proxy
 * trust (body parsing and its limit are middleware in ReceiverModule), helmet, validation,
 * keep-alive timeouts above the ALB's, Swagger at /docs (/docs-json).
 */
export async function createReceiverApp(env?: Record<string, unknown>): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ReceiverModule.forRoot(env), {
    bufferLogs: true,
    bodyParser: false,
  });
  const config = app.get<ReceiverConfig>(APP_CONFIG);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  // No ETag: Express hashed every JSON answer (SHA-1) for it, and no route documents a 304.
  app.disable('etag');
  app.use(securityHeaders());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // Idle keep-alive sockets outlive the ALB's (Node's default, 5 s, would make the ALB reuse
  // sockets already closed: 502s); one setting with the ALB's idle_timeout, see HTTP_SETTINGS.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = HTTP_SETTINGS.keepAliveTimeoutMs;
  server.headersTimeout = HTTP_SETTINGS.headersTimeoutMs;

  const document = closeRequestBodySchemas(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Order receiver')
        .setDescription(
          'Accepts orders synchronously (processed inline) or asynchronously (published to SNS, processed by the ' +
            'order-processor). Every error answers with `{ statusCode, error, message, requestId }`.',
        )
        .setVersion('1.0')
        .build(),
    ),
  );
  app.get(DocumentedRoutes).load(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
