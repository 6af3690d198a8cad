import fastifyHelmet from '@fastify/helmet';
import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The Swagger UI page's policy: helmet's defaults without `upgrade-insecure-requests`, which
 * makes the browser fetch the page's own scripts, styles and "Try it out" calls over https://
 * and so breaks the page wherever the API is served over plain HTTP (an ALB without a
 * certificate, a LAN address). JSON answers load nothing, so for them the directive changes
 * nothing and they keep helmet's defaults.
 */
const DOCS_PAGE = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } };

const isDocsRoute = (url: string) => url === '/docs' || url.startsWith('/docs/');

/** Helmet's headers (@fastify/helmet) on every answer, errors and 404s included. */
export async function useSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Swagger UI's routes are registered later, by SwaggerModule; this gives them the page policy.
  fastify.addHook('onRoute', (route) => {
    if (isDocsRoute(route.url)) route.config = { ...route.config, helmet: DOCS_PAGE };
  });
  await app.register(fastifyHelmet);
}

/**
 * The same headers for an answer Fastify makes before any hook runs (a URL that does not
 * decode, see answerBadUrl): helmet's defaults, as the plugin sets them, on the raw response.
 */
export const apiSecurityHeaders = helmet();
