import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, CommonConfig } from '@app/config';

/** Fields to add to every line, read when the line is written (the receiver's request id). */
export type LogContext = () => object;

/**
 * JSON logs through pino (nestjs-pino as Nest's logger): one line per event. No per-request
 * middleware: an app that has a request context passes `context`, which pino calls only for
 * a line it writes, so a request that logs nothing builds nothing.
 */
@Module({})
export class LoggingModule {
  static forRoot(service: string, context?: LogContext): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: CommonConfig) => ({
            pinoHttp: { level: config.LOG_LEVEL, base: { service }, ...(context ? { mixin: context } : {}) },
            forRoutes: [],
          }),
        }),
      ],
    };
  }
}
