import { orderStatusPath } from '@app/testing';
import { ReceiverHarness, uniqueId, validOrder } from './receiver-harness';

describe('order-receiver platform routes (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    sut = await ReceiverHarness.start();
  });
  afterAll(() => sut.stop());

  it('GET /health is 200 with DynamoDB and SNS up', async () => {
    const res = await sut.http.get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { dynamodb: { status: 'up' }, sns: { status: 'up' } },
    });
  });

  it('GET /health/live checks nothing external', async () => {
    const res = await sut.http.get('/health/live').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: {} });
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await sut.http.get('/docs').redirects(1).expect(200);
    expect(res.text).toMatch(/swagger-ui/i);
  });

  describe('the OpenAPI document at /docs-json', () => {
    let doc: {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    beforeAll(async () => {
      doc = (await sut.http.get('/docs-json').expect(200)).body;
    });

    it('is OpenAPI 3', () => {
      expect(doc.openapi).toMatch(/^3\./);
    });

    it.each([
      ['/orders/sync', 'post', ['200', '400', '409', '413', '415', '429', '503']],
      ['/orders/async', 'post', ['202', '400', '409', '413', '415', '429', '503']],
      ['/customers/{customerId}/orders/{orderId}', 'get', ['200', '400', '404', '429', '503']],
      ['/health', 'get', ['200', '503']],
      ['/health/live', 'get', ['200']],
    ])('documents %s %s with every status it can return', (path, method, statuses) => {
      const op = doc.paths[path]?.[method];
      expect(op).toBeDefined();
      expect(Object.keys(op.responses).sort()).toEqual(expect.arrayContaining(statuses));
    });

    it('describes the order body with its limits and an example', () => {
      const schema = doc.components.schemas.CreateOrderDto;
      expect(schema.required).toEqual(expect.arrayContaining(['customerId', 'items']));
      expect(schema.properties).toHaveProperty('orderId.pattern');
      expect(schema.properties).toHaveProperty('items.maxItems', 100);
      expect(doc.components.schemas.OrderItemDto.properties).toHaveProperty('quantity.maximum', 1000);
      expect(doc.components.schemas.OrderItemDto.properties).toHaveProperty('price.example');
    });

    it('leaves /metrics out', () => {
      expect(doc.paths['/metrics']).toBeUndefined();
    });
  });

  it('echoes a given X-Request-Id and makes one otherwise, also on errors', async () => {
    const given = await sut.http.get('/health/live').set('X-Request-Id', 'trace-abc.123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const made = await sut.http.get(orderStatusPath({ customerId: 'c-1', orderId: uniqueId() })).expect(404);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.body.requestId).toBe(made.headers['x-request-id']);
    const hostile = await sut.http.get('/health/live').set('X-Request-Id', 'bad id\twith spaces').expect(200);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends helmet security headers', async () => {
    const res = await sut.http.get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('exposes request and order metrics at /metrics', async () => {
    await sut.http
      .post('/orders/async')
      .send(validOrder({ orderId: uniqueId() }))
      .expect(202);
    await sut.http
      .post('/orders/sync')
      .send(validOrder({ orderId: uniqueId() }))
      .expect(200);
    const res = await sut.http.get('/metrics').expect(200);
    expect(res.text).toMatch(/http_requests_total\{method="POST",route="\/orders\/async",status="202"\} \d+/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.05",method="POST",route="\/orders\/async",status="202"\}/,
    );
    expect(res.text).toMatch(/orders_total\{outcome="accepted",channel="async"\} [1-9]/);
    expect(res.text).toMatch(/orders_total\{outcome="completed",channel="sync"\} [1-9]/);
  });
});
