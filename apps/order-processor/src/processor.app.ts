import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ProcessorModule } from './processor.module';

/** The processor on the same HTTP stack as the receiver; it serves only /health and /metrics. */
export async function createProcessorApp(env?: Record<string, unknown>): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ProcessorModule.forRoot(env),
    new FastifyAdapter(),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  return app;
}
