import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { HTTP_METHODS } from './openapi-document';

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
