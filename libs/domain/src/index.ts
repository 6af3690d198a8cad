/**
 * @app/domain: the order itself — its shape, fingerprint and total, the status
 * lifecycle, the id rule and the errors the use cases raise. Plain TypeScript:
 * no AWS SDK, no Nest, no validation library (checked in `npm test`).
 */
export * from './order';
export * from './order-id';
export * from './order-status';
export * from './errors';
