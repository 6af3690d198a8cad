/** Anchor: NestJS on its Fastify adapter, one controller, logger off (see nest-anchor.module.ts). */
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { anchorPort, ANCHOR_HOST, announce } from './anchor-port';
import { AnchorModule } from './nest-anchor.module';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AnchorModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(anchorPort(), ANCHOR_HOST);
  announce('nest-fastify', app.getHttpServer().address());
}

main().catch((error: Error) => {
  process.stderr.write(`nest-fastify anchor failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
