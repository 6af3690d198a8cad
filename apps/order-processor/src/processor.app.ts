import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ProcessorModule } from './processor.module';

export async function createProcessorApp(env?: Record<string, unknown>): Promise<INestApplication> {
  const app = await NestFactory.create(ProcessorModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
