import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { HTTP_METHODS } from './openapi-document';

interface RouteTemplate {
  readonly pattern: RegExp;
  /** Templated paths match after concrete ones, as OpenAPI's path matching says. */
  readonly templated: boolean;
  readonly methods: ReadonlySet<string>;
  /** The `Allow` header of the path, built once. */
  readonly allow: string;
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
      if (methods.has('GET')) methods.add('HEAD'); // Fastify answers HEAD with the GET route.
      methods.add('OPTIONS');
      const allow = [...methods].sort().join(', ');
      return { pattern: new RegExp(`^${source}/?$`), templated: path.includes('{'), methods, allow };
    });
    // Concrete paths first, as OpenAPI's path matching says: the first match is the best.
    this.templates.sort((a, b) => Number(a.templated) - Number(b.templated));
  }

  /**
   * For a documented path: whether any matching path has the method (`GET /orders/sync` is
   * the order `sync`), and the `Allow` list of the best match, concrete paths before templated.
   */
  resolve(path: string, method: string): { allowed: boolean; allow: string } | undefined {
    let best: RouteTemplate | undefined;
    let allowed = false;
    for (const template of this.templates) {
      if (!template.pattern.test(path)) continue;
      best ??= template;
      allowed ||= template.methods.has(method);
    }
    return best && { allowed, allow: best.allow };
  }
}
