import { HttpException, HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { NextFunction, Request, Response } from 'express';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

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

interface RouteTemplate {
  readonly pattern: RegExp;
  /** Templated paths match after concrete ones, as OpenAPI's path matching says. */
  readonly templated: boolean;
  readonly methods: ReadonlySet<string>;
}

/** The routes and methods the OpenAPI document describes; loaded once it is built. */
@Injectable()
export class DocumentedRoutes {
  private templates: RouteTemplate[] = [];

  load(document: OpenAPIObject): void {
    this.templates = Object.entries(document.paths).map(([path, item]) => {
      const source = path
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      const methods = new Set(HTTP_METHODS.filter((m) => item[m]).map((m) => m.toUpperCase()));
      if (methods.has('GET')) methods.add('HEAD'); // Express answers HEAD with the GET route.
      methods.add('OPTIONS');
      return { pattern: new RegExp(`^${source}/?$`), templated: path.includes('{'), methods };
    });
  }

  /**
   * For a documented path: whether any matching path has the method (`GET /orders/sync` is
   * the order `sync`), and the `Allow` list of the best match, concrete paths before templated.
   */
  resolve(path: string, method: string): { allowed: boolean; allow: string } | undefined {
    const matches = this.templates.filter((t) => t.pattern.test(path));
    if (matches.length === 0) return undefined;
    const best = matches.find((t) => !t.templated) ?? matches[0];
    return {
      allowed: matches.some((t) => t.methods.has(method)),
      allow: [...best.methods].sort().join(', '),
    };
  }
}

/**
 * Answers a method that a documented resource does not have with `405` and an `Allow`
 * header (RFC 9110 §15.5.6) rather than a 404 or a 415, and `OPTIONS` with `204` and
 * `Allow`. Paths the document does not describe (`/metrics`, `/docs`) pass through.
 */
@Injectable()
export class MethodNotAllowedMiddleware implements NestMiddleware {
  constructor(private readonly routes: DocumentedRoutes) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const method = req.method.toUpperCase();
    // originalUrl: under Nest's wildcard mount, req.path is relative to the mount point.
    const route = this.routes.resolve(req.originalUrl.split('?')[0], method);
    if (!route) return next();
    if (method === 'OPTIONS') {
      res.setHeader('Allow', route.allow);
      res.status(HttpStatus.NO_CONTENT).end();
      return;
    }
    if (route.allowed) return next();
    res.setHeader('Allow', route.allow);
    next(
      new HttpException(
        `${method} is not allowed on this resource; allowed: ${route.allow}`,
        HttpStatus.METHOD_NOT_ALLOWED,
      ),
    );
  }
}
