import type { OpenAPIObject } from '@nestjs/swagger';
import { closeRequestBodySchemas } from './openapi-document';

const document = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/orders/sync': {
      post: {
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Create' } } } },
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
          },
        },
      },
    },
    '/orders/{orderId}': { get: { responses: { '200': { description: 'ok' } } } },
    '/health': { get: { responses: { '200': { description: 'ok' } } } },
  },
  components: {
    schemas: {
      Create: {
        type: 'object',
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } } },
      },
      Item: { type: 'object', properties: { price: { type: 'number' } } },
      Order: {
        type: 'object',
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } } },
      },
    },
  },
});

describe(closeRequestBodySchemas.name, () => {
  it('closes the request body schema and the schemas it refers to, and no others', () => {
    const sut = closeRequestBodySchemas(document()).components!.schemas!;
    expect(sut.Create).toHaveProperty('additionalProperties', false);
    expect(sut.Item).toHaveProperty('additionalProperties', false);
    expect(sut.Order).not.toHaveProperty('additionalProperties');
  });
});
