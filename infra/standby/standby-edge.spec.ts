import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { ORDER_ID_PATTERN } from '@app/domain';
import { RECEIVER_SERVICE } from '../config/services';

/** The parts of a CloudFront Functions event the function reads. */
interface EdgeRequest {
  method: string;
  uri: string;
  headers: Record<string, { value: string }>;
}
interface EdgeResponse {
  statusCode: number;
  statusDescription?: string;
  headers: Record<string, { value: string }>;
  body?: { encoding: string; data: string };
}
interface EdgeFunction {
  handler(event: unknown): EdgeRequest | EdgeResponse;
  API_PATH_PREFIXES: string[];
  ORDER_ID_PATTERN: RegExp;
}

const CODE_PATH = join(__dirname, 'standby-edge.js');

/** Runs the file as CloudFront does: one script, no module system, a global `handler`. */
function loadEdgeFunction(): EdgeFunction {
  const context = createContext({});
  runInContext(readFileSync(CODE_PATH, 'utf8'), context, { filename: CODE_PATH });
  return context as EdgeFunction;
}

const REQUEST_ID = 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==';

describe('standby-edge (CloudFront Function)', () => {
  const sut = loadEdgeFunction();
  const viewerRequest = (method: string, uri: string, headers: EdgeRequest['headers'] = {}) =>
    JSON.parse(
      JSON.stringify(
        sut.handler({
          version: '1.0',
          context: { eventType: 'viewer-request', requestId: REQUEST_ID },
          viewer: { ip: '198.51.100.11' },
          request: { method, uri, querystring: {}, headers, cookies: {} },
        }),
      ),
    ) as EdgeRequest & EdgeResponse;
  const viewerResponse = (method: string, uri: string, statusCode: number) =>
    JSON.parse(
      JSON.stringify(
        sut.handler({
          version: '1.0',
          context: { eventType: 'viewer-response', requestId: REQUEST_ID },
          viewer: { ip: '198.51.100.11' },
          request: { method, uri, querystring: {}, headers: {}, cookies: {} },
          response: {
            statusCode,
            statusDescription: 'OK',
            headers: { 'content-type': { value: 'text/html; charset=utf-8' } },
            cookies: {},
          },
        }),
      ),
    ) as EdgeResponse;
  const jsonBody = (response: EdgeResponse) => JSON.parse(response.body!.data) as Record<string, unknown>;

  /** Asserts the JSON 503 every API answer is, and returns its body. */
  function expectJson503(response: EdgeResponse): Record<string, unknown> {
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      'content-type': { value: 'application/json; charset=utf-8' },
      'cache-control': { value: 'no-store' },
      'retry-after': { value: '60' },
      'x-request-id': { value: REQUEST_ID },
    });
    expect(response.body!.encoding).toBe('text');
    const body = jsonBody(response);
    expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', requestId: REQUEST_ID });
    expect(body.message).toEqual(expect.stringContaining('Retry-After'));
    return body;
  }

  it('sends a browser GET / to the standby page in the bucket', () => {
    const request = viewerRequest('GET', '/', { 'if-none-match': { value: '"abc"' } });
    expect(request.uri).toBe('/index.html');
    expect(request.statusCode).toBeUndefined();
    // A 304 would carry no page and could not become a 503.
    expect(request.headers['if-none-match']).toBeUndefined();
  });

  it('sends GET and HEAD of any other browser path to the page as well', () => {
    expect(viewerRequest('GET', '/shop/checkout').uri).toBe('/index.html');
    expect(viewerRequest('HEAD', '/').uri).toBe('/index.html');
  });

  it('turns the page into a 503 with Retry-After on the way out, uncached', () => {
    const response = viewerResponse('GET', '/index.html', 200);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      'retry-after': { value: '60' },
      'cache-control': { value: 'no-store' },
      'content-type': { value: 'text/html; charset=utf-8' },
    });
    expect(response.body).toBeUndefined();
  });

  it('leaves any other response as it is (an S3 error, an answer already made at the edge)', () => {
    expect(viewerResponse('GET', '/index.html', 403).statusCode).toBe(403);
    expect(viewerResponse('POST', '/orders/async', 503).headers['retry-after']).toBeUndefined();
  });

  it('answers GET /orders/{id} with a JSON 503 naming the order, without claiming what became of it', () => {
    const response = viewerRequest('GET', '/orders/x');
    const body = expectJson503(response);
    expect(body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message:
        'The order service is unavailable; order x cannot be read now. Retry after Retry-After seconds',
      requestId: REQUEST_ID,
      orderId: 'x',
    });
    expect(response.headers['order-id']).toEqual({ value: 'x' });
  });

  it('names the order of GET /customers/{customerId}/orders/{id} too, decoded, and never an invalid id', () => {
    expect(jsonBody(viewerRequest('GET', '/customers/c-1/orders/order-2026-0001')).orderId).toBe(
      'order-2026-0001',
    );
    expect(jsonBody(viewerRequest('GET', '/orders/a%5Fb')).orderId).toBe('a_b');
    expect(jsonBody(viewerRequest('GET', '/orders/%3Cscript%3E')).orderId).toBeUndefined();
    expect(jsonBody(viewerRequest('GET', '/orders/%E0%A4%A')).orderId).toBeUndefined();
  });

  it('answers POST /orders/async with a JSON 503 that says nothing was accepted and how to retry safely', () => {
    const body = expectJson503(viewerRequest('POST', '/orders/async'));
    expect(body.message).toBe(
      'The order service is unavailable; this request reached no server and nothing was accepted by this ' +
        'answer. Retry after Retry-After seconds with the same orderId and body: a retry with it never ' +
        'creates a second order',
    );
    expect(body).not.toHaveProperty('orderId');
    expect(body).not.toHaveProperty('outcome');
  });

  it('answers OPTIONS /orders/async (a CORS preflight) with the JSON 503', () => {
    const body = expectJson503(viewerRequest('OPTIONS', '/orders/async'));
    expect(body.message).toBe('The order service is unavailable; retry after Retry-After seconds');
  });

  it.each([
    ['HEAD', '/orders/x'],
    ['GET', '/health'],
    ['GET', '/health/live'],
    ['GET', '/docs'],
    ['GET', '/docs-json'],
    ['GET', '/customers/c-1/orders'],
    ['PUT', '/'],
    ['DELETE', '/orders/x'],
    ['PATCH', '/anything'],
    ['POST', '/'],
  ])('answers %s %s with the JSON 503, never the page', (method, uri) => {
    expectJson503(viewerRequest(method, uri));
  });

  it("knows the receiver's public path prefixes and order id rule", () => {
    const patterns = [...RECEIVER_SERVICE.publicPathPatterns, ...RECEIVER_SERVICE.docsPathPatterns];
    const prefixes = patterns.map((pattern) => pattern.replace(/[*?].*$/, '').replace(/\/$/, ''));
    expect([...sut.API_PATH_PREFIXES]).toEqual(prefixes);
    expect(sut.ORDER_ID_PATTERN.source).toBe(ORDER_ID_PATTERN.source);
  });

  it('uses no module system, which the CloudFront runtime lacks', () => {
    const code = readFileSync(CODE_PATH, 'utf8');
    expect(code).toMatch(/^function handler\(event\) \{/m);
    expect(code).not.toMatch(/\b(require\(|import |export |module\.exports)/);
    // CloudFront Functions take at most 10 KB of code.
    expect(Buffer.byteLength(code)).toBeLessThan(10 * 1024);
  });
});
