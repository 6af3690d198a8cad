/**
 * @app/contract: the order as clients send it, to POST /orders/* and inside a
 * queue message: the request DTOs with their validation rules and OpenAPI
 * schema, and the validation options both the HTTP API and the processor use.
 */
export * from './order-item.dto';
export * from './create-order.dto';
export * from './text-patterns';
export * from './order-validation';
export * from './validation-rules';
