import type { Response } from 'supertest';
import { ReceiverHarness, statusPath, uniqueId, validOrder } from './receiver-harness';

/**
 * The receiver's security baseline: helmet's headers on every answer (errors included), no
 * CORS, the body limit from BODY_LIMIT_BYTES, and unknown fields rejected rather than stored.
 * The rate limit and X-Forwarded-For are in throttling.e2e-spec.ts, hostile bodies and paths
 * in hostile-input.e2e-spec.ts.
 */
describe('order-receiver security baseline (e2e, moto)', () => {
  let sut: ReceiverHarness;

  beforeAll(async () => {
    sut = await ReceiverHarness.start({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => sut.stop());

  const answers: [string, () => Promise<Response>, number][] = [
    ['a 200', () => sut.http.get('/health/live'), 200],
    ['a 202', () => sut.http.post('/orders/async').send(validOrder({ orderId: uniqueId() })), 202],
    ['a 400', () => sut.http.post('/orders/async').send({ customerId: 'c' }), 400],
    ['a 400 raised while matching routes', () => sut.http.get(`${statusPath('')}%FF`), 400],
    ['a 404', () => sut.http.get('/nope'), 404],
    ['a 405', () => sut.http.put(statusPath('x')), 405],
    ['a 413', () => sut.http.post('/orders/async').send({ customerId: 'c'.repeat(4096) }), 413],
    ['a 415', () => sut.http.post('/orders/async').set('Content-Type', 'text/plain').send('x'), 415],
  ];

  it.each(answers)('sends the security headers with %s', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringMatching(/max-age=\d{7,}/),
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'content-security-policy': expect.stringMatching(/default-src 'self'.*frame-ancestors 'self'/),
      'x-request-id': expect.any(String),
    });
    expect(res.headers['content-security-policy']).toMatch(/object-src 'none'/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers no CORS preflight: browsers on other origins cannot call the API', async () => {
    const res = await sut.http
      .options('/orders/async')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('keeps Swagger UI under a script policy of its own files only', async () => {
    const res = await sut.http.get('/docs').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    // Left out on this page only: over plain HTTP it sent Swagger UI's own files to https://.
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect((await sut.http.get('/health/live')).headers['content-security-policy']).toMatch(
      /upgrade-insecure-requests/,
    );
  });

  it('applies BODY_LIMIT_BYTES: 2 KB passes the limit, one byte more is 413', async () => {
    const order = (size: number) => {
      const body = JSON.stringify(validOrder({ orderId: uniqueId('limit'), customerId: 'c' }));
      return body.replace(
        '"customerId":"c"',
        `"customerId":"c","pad":"${'x'.repeat(size - body.length - 9)}"`,
      );
    };
    expect(order(2048)).toHaveLength(2048);
    const atLimit = await sut.http
      .post('/orders/async')
      .set('Content-Type', 'application/json')
      .send(order(2048));
    expect(atLimit.status).toBe(400); // read and parsed: rejected for the unknown field, not the size
    expect(atLimit.body.message).toContain('pad is not a known field');
    await sut.http
      .post('/orders/async')
      .set('Content-Type', 'application/json')
      .send(order(2049))
      .expect(413);
  });

  it('rejects unknown fields at every level and stores only the known ones', async () => {
    const rejected = uniqueId('unknown');
    const res = await sut.http
      .post('/orders/sync')
      .send({ ...validOrder({ orderId: rejected }), status: 'COMPLETED', totalAmount: 0 })
      .expect(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining(['status is not a known field', 'totalAmount is not a known field']),
    );
    expect(await sut.item(rejected)).toBeUndefined();

    const accepted = uniqueId('known');
    await sut.http
      .post('/orders/sync')
      .send(validOrder({ orderId: accepted }))
      .expect(200);
    const item = await sut.item(accepted);
    expect(Object.keys(item?.items.L?.[0].M ?? {}).sort()).toEqual(['price', 'productId', 'quantity']);
    expect(item?.status.S).toBe('COMPLETED');
  });
});
