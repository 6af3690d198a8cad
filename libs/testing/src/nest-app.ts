import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Initialises a Nest app on Fastify for supertest: `init()` registers the routes, and
 * Fastify loads its plugins and hooks only once it is `ready()` (`listen()` does both).
 */
export async function initForSupertest<T extends NestFastifyApplication>(app: T): Promise<T> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
