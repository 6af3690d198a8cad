import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, CommonConfig } from '@app/config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a well-formed X-Request-Id from the client, or makes one, and echoes it. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const header = req.headers['x-request-id'];
  const given = Array.isArray(header) ? header[0] : header;
  const id = given && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

const QUIET_ROUTES = ['/health', '/metrics'];

/**
 * JSON logs through pino (nestjs-pino): one line per event, the request id on
 * every line logged while a request is handled, no request bodies.
 */
@Module({})
export class LoggingModule {
  static forRoot(service: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: CommonConfig) => ({
            pinoHttp: {
              level: config.LOG_LEVEL,
              base: { service },
              genReqId: requestId,
              // Bound to the request's child logger, so every line logged during the request has it.
              customProps: (req: IncomingMessage & { id?: unknown }) => ({ requestId: req.id }),
              autoLogging: { ignore: (req) => QUIET_ROUTES.some((r) => req.url?.startsWith(r)) },
              serializers: {
                req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            },
          }),
        }),
      ],
    };
  }
}
