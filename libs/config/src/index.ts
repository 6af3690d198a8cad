/**
 * @app/config: the environment schemas of both apps (zod), their documented
 * defaults, and the module that validates them at start-up.
 */
export * from './common.schema';
export * from './receiver.schema';
export * from './processor.schema';
export * from './validate-env';
export * from './config.tokens';
export * from './typed-config.module';
