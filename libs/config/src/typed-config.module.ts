import { DynamicModule, Global, Module } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG } from './config.tokens';
import { validateEnv } from './validate-env';

/**
 * Validates `process.env` against a zod schema once, at module creation, and
 * provides the typed result under APP_CONFIG. The only place that reads
 * `process.env`; a bad value aborts start-up naming the variable.
 */
@Global()
@Module({})
export class TypedConfigModule {
  static forRoot<S extends z.ZodTypeAny>(
    schema: S,
    env: Record<string, unknown> = process.env,
  ): DynamicModule {
    return TypedConfigModule.forConfig(validateEnv(schema, env));
  }

  /** Provides a configuration the caller already validated (it needed values to build modules). */
  static forConfig(config: unknown): DynamicModule {
    return {
      module: TypedConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
