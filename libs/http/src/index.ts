/** @app/http: the receiver's HTTP concerns: error mapping, content-type rules, validation, API error docs. */
export * from './http-exception.filter';
export * from './json-only.middleware';
export * from './api-errors.decorator';
export * from './validation.pipe';
export * from './json-body.middleware';
export * from './openapi-contract';
export * from './client-rate-limit.middleware';
