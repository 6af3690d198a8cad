/** Anchor: NestJS on its Express adapter, one controller, logger off (see nest-anchor.module.ts). */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { anchorPort, ANCHOR_HOST, announce } from './anchor-port';
import { AnchorModule } from './nest-anchor.module';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AnchorModule, { logger: false });
  await app.listen(anchorPort(), ANCHOR_HOST);
  announce('nest-express', app.getHttpServer().address());
}

main().catch((error: Error) => {
  process.stderr.write(`nest-express anchor failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
