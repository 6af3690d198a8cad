import type { OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

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
