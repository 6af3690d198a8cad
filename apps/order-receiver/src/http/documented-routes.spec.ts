import type { OpenAPIObject } from '@nestjs/swagger';
import { DocumentedRoutes } from './documented-routes';

const ok = { responses: { '200': { description: 'ok' } } };
const document = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: { '/orders/sync': { post: ok }, '/orders/{orderId}': { get: ok }, '/health': { get: ok } },
});

describe(DocumentedRoutes.name, () => {
  let sut: DocumentedRoutes;
  beforeEach(() => {
    sut = new DocumentedRoutes();
    sut.load(document());
  });

  it.each([
    ['/orders/sync', 'POST', true, 'OPTIONS, POST'],
    // `sync` is also a valid orderId: GET reaches the order route, Allow names the concrete path's methods.
    ['/orders/sync', 'GET', true, 'OPTIONS, POST'],
    ['/orders/sync', 'PUT', false, 'OPTIONS, POST'],
    ['/orders/abc', 'GET', true, 'GET, HEAD, OPTIONS'],
    ['/orders/abc', 'HEAD', true, 'GET, HEAD, OPTIONS'],
    ['/orders/abc', 'DELETE', false, 'GET, HEAD, OPTIONS'],
    ['/orders/%FF', 'TRACE', false, 'GET, HEAD, OPTIONS'],
    ['/health/', 'POST', false, 'GET, HEAD, OPTIONS'],
  ])('%s %s: allowed %s, Allow: %s', (path, method, allowed, allow) => {
    expect(sut.resolve(path, method)).toEqual({ allowed, allow });
  });

  it.each(['/metrics', '/docs', '/orders', '/orders/a/b', '/healthz'])(
    'leaves undocumented %s alone',
    (path) => {
      expect(sut.resolve(path, 'DELETE')).toBeUndefined();
    },
  );

  it('leaves everything alone before a document is loaded', () => {
    expect(new DocumentedRoutes().resolve('/orders/sync', 'PUT')).toBeUndefined();
  });
});
