import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The name of the security scheme the order routes require (`@ApiBearerAuth(BEARER_AUTH)`). */
export const BEARER_AUTH = 'bearer';

/**
 * The document's header: what the API is, where it is served, its licence, and the bearer
 * scheme. The server is relative (`/`), so the document is right wherever it is served and
 * Swagger UI's "Try it out" calls the deployment that served it.
 */
export function receiverDocumentConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Order receiver')
    .setDescription(
      'Accepts orders synchronously (processed inline) or asynchronously (published to SNS, processed by the ' +
        'order-processor). Every error answers with `{ statusCode, error, message, requestId }`.',
    )
    .setVersion('1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'this deployment')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          "An OAuth 2.0 access token from the Cognito user pool: a customer's token, or a service client's " +
          'client-credentials token with the `orders/write` scope (to submit orders) or `orders/read` (to read them).',
      },
      BEARER_AUTH,
    )
    .build();
}

/** The methods an OpenAPI path item may describe. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Marks every schema a request body refers to (transitively) `additionalProperties: false`.
 * The validation pipe rejects unknown fields (forbidNonWhitelisted), so the document must say
 * so: an open schema promises clients that extra fields are accepted. @nestjs/swagger has no
 * decorator for it (`@ApiSchema` takes only name and description).
 */
export function closeRequestBodySchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const seen = new Set<SchemaObject>();
  const close = (node: SchemaObject | ReferenceObject | undefined): void => {
    if (!node) return;
    if ('$ref' in node) return close(schemas[node.$ref.replace('#/components/schemas/', '')]);
    if (seen.has(node)) return;
    seen.add(node);
    if (node.type === 'object' || node.properties) {
      node.additionalProperties = false;
      Object.values(node.properties ?? {}).forEach(close);
    }
    close(node.items);
    [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])].forEach(close);
  };
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const body = item[method]?.requestBody;
      if (body && !('$ref' in body)) Object.values(body.content).forEach((media) => close(media.schema));
    }
  }
  return document;
}
